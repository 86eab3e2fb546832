import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { BASIC, SECRET, startTestApp, type TestApp } from '../helpers/app.js';
import { BOUNDARY, fileForm } from '../helpers/multipart.js';
import { startServerProcess, stopServerProcess } from '../helpers/server-process.js';
import { waitFor } from '../helpers/wait.js';

const MB = 1024 * 1024;

/** Sends the start of a big upload on a raw socket, `sent` bytes of file data, then hangs up. */
async function abortMidUpload(port: number, request: { head: string; prefix?: string }, sent: number, whileOpen: () => Promise<void>) {
  const socket = connect(port, '127.0.0.1');
  // The far end may vanish first (that is the point of some tests).
  socket.on('error', () => {});
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write(request.head);
  if (request.prefix) socket.write(request.prefix);
  const block = randomBytes(64 * 1024);
  for (let written = 0; written < sent; written += block.length) {
    if (!socket.write(block)) await new Promise((resolve) => socket.once('drain', resolve));
  }
  await whileOpen();
  socket.destroy();
}

const multipartHead = (length: number) => ({
  head:
    `POST /api/entry?expiration=2999-12-31T00:00:00Z HTTP/1.1\r\nHost: x\r\nAuthorization: ${BASIC}\r\n` +
    `Content-Type: multipart/form-data; boundary=${BOUNDARY}\r\nContent-Length: ${length}\r\n\r\n`,
  prefix: `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n\r\n`,
});
const rawHead = (length: number) => ({
  head: `PUT /big.iso HTTP/1.1\r\nHost: x\r\nAuthorization: ${BASIC}\r\nContent-Length: ${length}\r\n\r\n`,
});

describe('client aborts (decision U3)', () => {
  for (const [kind, request] of [['multipart', multipartHead], ['raw PUT', rawHead]] as const) {
    test(`${kind}: hanging up halfway leaves no rows`, async () => {
      const t: TestApp = await startTestApp();
      try {
        await t.app.listen({ port: 0, host: '127.0.0.1' });
        const { port } = t.app.server.address() as { port: number };
        await abortMidUpload(port, request(100 * MB), 20 * MB, () =>
          // Proof that it streams: rows exist before the body is complete.
          waitFor(() => t.count('entries_data') > 0, 'chunks of the upload in progress'),
        );
        await waitFor(() => t.count('entries_data') === 0, 'the partial upload to be deleted');
        assert.equal(t.count('entries'), 0);
      } finally {
        await t.close();
      }
    });
  }
});

describe('a full database (decision U4)', () => {
  test('answers 507, deletes the partial upload and keeps serving downloads', async () => {
    // A fresh database uses a few 64 KiB pages; allow about 2 MB more.
    const probe = await startTestApp();
    const pages = probe.db.pragma('page_count', { simple: true }) as number;
    await probe.close();
    const t = await startTestApp({ maxPageCount: pages + 32 });
    try {
      const small = fileForm(randomBytes(100_000), 'small.bin');
      const first = await t.app.inject({ method: 'POST', url: '/api/entry?expiration=2999-12-31T00:00:00Z', headers: { ...small.headers, authorization: BASIC }, payload: small.payload });
      assert.equal(first.statusCode, 200, first.body);
      const rowsBefore = t.count('entries_data');

      const big = fileForm(randomBytes(8 * MB), 'big.bin');
      const full = await t.app.inject({ method: 'POST', url: '/api/entry?expiration=2999-12-31T00:00:00Z', headers: { ...big.headers, authorization: BASIC }, payload: big.payload });
      assert.equal(full.statusCode, 507, full.body);
      assert.equal(full.body, 'insufficient storage\n');
      assert.equal(t.count('entries_data'), rowsBefore, 'the partial upload is gone');
      assert.equal(t.count('entries'), 1);

      const raw = await t.app.inject({ method: 'PUT', url: '/big.iso', headers: { authorization: BASIC }, payload: randomBytes(8 * MB) });
      assert.equal(raw.statusCode, 507);

      const { id } = first.json() as { id: string };
      const download = await t.app.inject({ method: 'GET', url: `/-${id}` });
      assert.equal(download.statusCode, 200);
      assert.equal(download.rawPayload.length, 100_000);
      assert.equal(t.db.pragma('integrity_check', { simple: true }), 'ok');
    } finally {
      await t.close();
    }
  });
});

describe('a crash mid-upload', () => {
  test('kill -9, restart: leftovers removed, integrity ok, earlier files intact', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'picoshare-crash-'));
    const db = join(dir, 'store.db');
    const env = { PS_SHARED_SECRET: SECRET };
    let server = await startServerProcess(['-db', db], env);
    try {
      const kept = randomBytes(1_500_000);
      const res = await fetch(`${server.url}/kept.bin`, { method: 'PUT', body: kept, headers: { authorization: BASIC, accept: 'application/json' } });
      assert.equal(res.status, 201);
      const { id } = (await res.json()) as { id: string };

      const reader = new Database(db, { readonly: true });
      const { port } = new URL(server.url);
      await abortMidUpload(Number(port), multipartHead(200 * MB), 30 * MB, async () => {
        await waitFor(() => (reader.prepare("SELECT count(*) AS n FROM entries_data WHERE id != ?").get(id) as { n: number }).n > 5, 'the upload to be under way');
        server.child.kill('SIGKILL');
        await new Promise((resolve) => server.child.once('exit', resolve));
      });
      const orphans = () => (reader.prepare('SELECT count(*) AS n FROM entries_data WHERE id NOT IN (SELECT id FROM entries)').get() as { n: number }).n;
      assert.ok(orphans() > 0, 'the crash left chunks behind');
      reader.close();

      server = await startServerProcess(['-db', db], env);
      const after = new Database(db, { readonly: true });
      assert.equal(after.pragma('integrity_check', { simple: true }), 'ok');
      assert.equal((after.prepare('SELECT count(*) AS n FROM entries_data WHERE id NOT IN (SELECT id FROM entries)').get() as { n: number }).n, 0);
      after.close();
      const body = Buffer.from(await (await fetch(`${server.url}/-${id}`)).arrayBuffer());
      assert.equal(createHash('sha256').update(body).digest('hex'), createHash('sha256').update(kept).digest('hex'));
      assert.match(server.output(), /"leftoverUploads":1,/);
    } finally {
      assert.equal(await stopServerProcess(server), 0, 'SIGTERM stops the server cleanly');
      await sleep(10);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
