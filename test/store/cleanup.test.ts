import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { describe, test } from 'node:test';
import { Cleanup, type CleanupOptions } from '../../src/store/cleanup.js';
import { BASIC, silentLog, startTestApp, type TestApp } from '../helpers/app.js';
import { fileForm } from '../helpers/multipart.js';

const HOUR = 3_600_000;

async function upload(t: TestApp, data: Buffer | string, expiration: string): Promise<string> {
  const body = fileForm(data);
  const res = await t.app.inject({ method: 'POST', url: `/api/entry?expiration=${expiration}`, headers: { ...body.headers, authorization: BASIC }, payload: body.payload });
  assert.equal(res.statusCode, 200, res.body);
  return (res.json() as { id: string }).id;
}

function cleanupFor(t: TestApp, options: Partial<CleanupOptions> = {}): Cleanup {
  return new Cleanup({ writer: t.store.writer, uploads: t.store.uploads, clock: t.clock, log: silentLog, dbPath: t.dbPath, vacuum: false, litestream: false, ...options });
}

const rowsOf = (t: TestApp, id: string) =>
  (t.db.prepare('SELECT (SELECT count(*) FROM entries_data WHERE id = :id) + (SELECT count(*) FROM downloads WHERE entry_id = :id) + (SELECT count(*) FROM entries WHERE id = :id) AS n').get({ id }) as { n: number }).n;

describe('cleanup', () => {
  test('expired files 404 at once and are deleted, chunks and history, by the next run', async () => {
    const t = await startTestApp({ chunkSize: 1000 });
    try {
      const at = (ms: number) => new Date(t.clock.now().getTime() + ms).toISOString();
      const expiring = await upload(t, randomBytes(5500), at(2 * HOUR));
      const future = await upload(t, 'future', at(48 * HOUR));
      const soonAfter = await upload(t, 'soon after', at(2 * HOUR + 5 * 60_000));
      const never = await upload(t, 'never', '2999-12-31T00:00:00Z');
      await t.app.inject({ method: 'GET', url: `/-${expiring}` });
      await t.store.writer.call('ping');
      assert.equal(rowsOf(t, expiring), 6 + 1 + 1);

      t.clock.advance(2 * HOUR);
      assert.equal((await t.app.inject({ method: 'GET', url: `/-${expiring}` })).statusCode, 404, 'gone at once (decision D1)');
      assert.ok(!t.store.entries.listEntries(t.clock.now(), { limit: 100, after: null }).items.some((e) => e.id === expiring));

      const report = await cleanupFor(t).run();
      assert.deepEqual([report.expiredEntries, report.expiredChunks, report.expiredBytes], [1, 6, 5500]);
      assert.equal(rowsOf(t, expiring), 0);
      for (const id of [future, soonAfter, never]) {
        assert.equal((await t.app.inject({ method: 'GET', url: `/-${id}` })).statusCode, 200, id);
      }
      assert.equal(report.vacuum, undefined, 'no VACUUM without --vacuum');
    } finally {
      await t.close();
    }
  });

  test('stop() cuts a run short between files, and the next run finishes the job', async () => {
    const t = await startTestApp();
    try {
      const at = new Date(t.clock.now().getTime() + 2 * HOUR).toISOString();
      for (let i = 0; i < 20; i++) await upload(t, `expiring ${i}`, at);
      t.clock.advance(2 * HOUR);
      const cleanup = cleanupFor(t, { vacuum: true });
      const running = cleanup.run();
      await cleanup.stop();
      const cut = await running;
      assert.ok(cut.expiredEntries < 20, `stopped after ${cut.expiredEntries} of 20`);
      assert.equal(cut.vacuum, undefined, 'no VACUUM once stopping');
      const rest = await cleanupFor(t).run();
      assert.equal(cut.expiredEntries + rest.expiredEntries, 20);
      assert.equal(t.count('entries'), 0);
      assert.equal(t.count('entries_data'), 0);
    } finally {
      await t.close();
    }
  });

  test('nothing to do is a no-op', async () => {
    const t = await startTestApp();
    try {
      const report = await cleanupFor(t).run();
      assert.deepEqual(report, { expiredEntries: 0, expiredChunks: 0, expiredBytes: 0, leftoverUploads: 0, leftoverChunks: 0, leftoverBytes: 0, sessions: 0 });
    } finally {
      await t.close();
    }
  });

  test('leftovers of failed uploads go, an upload in progress completes intact', async () => {
    const t = await startTestApp({ chunkSize: 1000 });
    try {
      // A leftover: chunks whose upload never finished.
      await t.store.writer.insertChunk(t.store.writer.takeBuffer(), 1000, 'leftover00' as never, 0);
      // An upload in progress: its chunks exist, its entry does not yet.
      const upload = t.store.uploads.begin({ client: '127.0.0.1', path: 'raw' });
      const data = randomBytes(4500);
      await new Promise<void>((resolve, reject) => upload.sink.write(data.subarray(0, 3000), (err) => (err ? reject(err) : resolve())));
      await t.store.writer.call('ping');
      const report = await cleanupFor(t).run();
      assert.deepEqual([report.leftoverUploads, report.leftoverChunks, report.leftoverBytes], [1, 1, 1000]);
      await new Promise<void>((resolve) => upload.sink.end(data.subarray(3000), resolve));
      const entry = await upload.commit({ filename: 'f', contentType: '', expirationTime: null, guestLinkId: null, note: null });
      const got = await t.app.inject({ method: 'GET', url: `/-${entry.id}` });
      assert.ok(got.rawPayload.equals(data));
    } finally {
      await t.close();
    }
  });

  test('one run at a time', async () => {
    const t = await startTestApp();
    try {
      const cleanup = cleanupFor(t);
      const [a, b] = [cleanup.run(), cleanup.run()];
      assert.equal(a, b);
      await a;
    } finally {
      await t.close();
    }
  });

  test('expired sessions are deleted', async () => {
    const t = await startTestApp();
    try {
      await t.app.inject({ method: 'POST', url: '/api/auth', payload: '{"sharedSecretKey":"test-passphrase"}' });
      t.clock.advance(31 * 24 * HOUR);
      assert.equal((await cleanupFor(t).run()).sessions, 1);
      assert.equal(t.count('sessions'), 0);
    } finally {
      await t.close();
    }
  });
});

describe('VACUUM (decision O2)', () => {
  test('--vacuum shrinks the file after a large delete; without it the file keeps its size', async () => {
    const t = await startTestApp();
    try {
      const size = () => statSync(t.dbPath).size + statSync(`${t.dbPath}-wal`, { throwIfNoEntry: false })!?.size;
      const big = await upload(t, randomBytes(20 * 1024 * 1024), '2999-12-31T00:00:00Z');
      await upload(t, 'small', '2999-12-31T00:00:00Z');
      await t.store.writer.call('vacuum', true, t.dir);
      const full = size();
      await t.app.inject({ method: 'DELETE', url: `/api/entry/${big}`, headers: { authorization: BASIC } });

      const plain = await cleanupFor(t).run();
      assert.equal(plain.vacuum, undefined);
      assert.ok(statSync(t.dbPath).size >= 20 * 1024 * 1024, 'no VACUUM ran: the file did not shrink');

      const report = await cleanupFor(t, { vacuum: true }).run();
      assert.ok(report.vacuum && 'ms' in report.vacuum, JSON.stringify(report.vacuum));
      assert.ok(size() < full - 19 * 1024 * 1024, `${size()} vs ${full}`);
      assert.equal(t.db.pragma('integrity_check', { simple: true }), 'ok');
    } finally {
      await t.close();
    }
  });

  test('skipped, with a warning, when the disk has less room than the database', async () => {
    const t = await startTestApp();
    try {
      const report = await cleanupFor(t, { vacuum: true, freeDiskBytes: async () => 1000 }).run();
      assert.ok(report.vacuum && 'skipped' in report.vacuum);
      assert.match(report.vacuum.skipped, /^only 1000 bytes free for a \d+-byte database$/);
    } finally {
      await t.close();
    }
  });
});

test('a full disk postpones cleanup instead of failing it, and it is retried', async () => {
  const { DiskFullError } = await import('../../src/domain/errors.js');
  let calls = 0;
  const writer = {
    call: async () => {
      calls++;
      throw new DiskFullError();
    },
  } as unknown as CleanupOptions['writer'];
  const uploads = { activeIds: () => [] } as unknown as CleanupOptions['uploads'];
  const clock = { now: () => new Date() };
  const cleanup = new Cleanup({ writer, uploads, clock, log: silentLog, dbPath: '/unused', vacuum: false, litestream: false, diskFullRetryMs: 5 });
  const report = await cleanup.run();
  assert.equal(report.postponed, true);
  for (let i = 0; i < 200 && calls < 2; i++) await new Promise((resolve) => setTimeout(resolve, 5));
  assert.ok(calls >= 2, 'retried');
  await cleanup.stop();
});
