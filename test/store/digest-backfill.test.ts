import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, test } from 'node:test';
import pino from 'pino';
import { DigestBackfill } from '../../src/store/digest-backfill.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { copyFixtureDb, manifest } from '../helpers/fixture.js';
import { waitFor } from '../helpers/wait.js';

// Upstream's files carry no digest: the backfill reads them back after
// start-up, resumably, and says how far it got (issue 17).
const fixture = manifest();
let t: TestApp;
const lines: { msg: string; computed?: number; entries?: number }[] = [];
const log = pino(
  { level: 'info' },
  new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  }),
);

before(async () => {
  t = await startTestApp({ dbPath: copyFixtureDb(), secret: fixture.sharedSecret });
});
after(() => t.close());

const backfill = () => new DigestBackfill({ digests: t.store.digests, chunks: t.store.chunks, writer: t.store.writer, clock: t.clock, log });
const digestRows = () => t.count('entry_digests' as never);

async function listedSha256(): Promise<Map<string, string | null>> {
  const res = await t.app.inject({ method: 'GET', url: '/api/entries?limit=1000', headers: { authorization: `Basic ${Buffer.from(`:${fixture.sharedSecret}`).toString('base64')}` } });
  return new Map((res.json() as { id: string; sha256: string | null }[]).map((e) => [e.id, e.sha256]));
}

test('an upstream database: null digests, then every one computed, across a restart', async () => {
  const total = t.store.digests.countEntriesWithoutDigest();
  assert.ok(total > 0);
  assert.ok([...(await listedSha256()).values()].every((sha) => sha === null));

  // A first run stopped as soon as it has stored one digest: what it stored stays.
  const first = backfill();
  first.start(60_000);
  await waitFor(() => digestRows() >= 1, 'a first digest');
  await first.stop();
  const kept = digestRows();

  // The next start computes only what is still missing.
  const report = await backfill().run();
  assert.equal(report.computed, total - kept);
  assert.equal(t.store.digests.countEntriesWithoutDigest(), 0);

  const listed = await listedSha256();
  for (const entry of fixture.entries) {
    if (listed.has(entry.id)) assert.equal(listed.get(entry.id), entry.sha256, entry.filename);
  }
  const head = await t.app.inject({ method: 'HEAD', url: `/-${fixture.entries[0]!.id}` });
  assert.equal(head.headers['repr-digest'], `sha-256=:${Buffer.from(fixture.entries[0]!.sha256, 'hex').toString('base64')}:`);

  const finished = lines.filter((l) => l.msg === 'digest backfill finished');
  assert.ok(finished.length >= 1);
  assert.equal(finished.at(-1)!.computed, total - kept);
  assert.ok(lines.some((l) => l.msg === 'digest backfill started' && l.entries === total - kept));

  // Nothing left: a further pass reads nothing and logs nothing.
  const count = lines.length;
  assert.deepEqual(await backfill().run(), { computed: 0, bytes: 0 });
  assert.equal(lines.length, count);
});
