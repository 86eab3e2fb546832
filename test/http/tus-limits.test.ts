import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import pino from 'pino';
import { BASIC, startTestApp, type TestApp } from '../helpers/app.js';
import { createGuestLink } from '../helpers/guest.js';
import { tusClient, tusMetadata } from '../helpers/tus.js';
import { waitFor } from '../helpers/wait.js';
import { Cleanup } from '../../src/store/cleanup.js';

const MiB = 1_048_576;
const HOUR = 3_600_000;
let t: TestApp;
before(async () => {
  t = await startTestApp({ chunkSize: 4096, limits: { maxIncompleteUploadsPerClient: 20, maxUploadsPerClient: 2 } });
});
after(() => t.close());

const owner = () => tusClient(t.app);
const guest = (link: string) => tusClient(t.app, `/api/guest/${link}/tus`, {});
const rows = (id: string) => (t.db.prepare('SELECT count(*) AS n FROM entries_data WHERE id = ?').get(id) as { n: number }).n;

/** A PATCH whose body stays open until `end()` is called. */
function openPatch(id: string, offset: number, first: Buffer) {
  const body = new PassThrough();
  body.write(first);
  const response = t.app.inject({
    method: 'PATCH',
    url: `/api/tus/${id}`,
    headers: { authorization: BASIC, 'tus-resumable': '1.0.0', 'content-type': 'application/offset+octet-stream', 'upload-offset': String(offset) },
    payload: body,
  });
  return { response, end: (last: Buffer) => body.end(last) };
}

describe('tus concurrency and limits', () => {
  test('a second PATCH while one runs answers 423 and changes nothing', async () => {
    const tus = owner();
    const id = await tus.start(10);
    const first = openPatch(id, 0, Buffer.from('abcde'));
    await waitFor(() => t.store.uploads.isRunning(id as never), 'the first PATCH to run');
    const second = await tus.patch(id, 0, Buffer.from('zzzzzzzzzz'));
    assert.equal(second.statusCode, 423);
    assert.equal((await tus.delete(id)).statusCode, 423, 'nor can it be terminated under the running PATCH');
    first.end(Buffer.from('fghij'));
    assert.equal((await first.response).statusCode, 204);
    assert.equal((await t.app.inject({ method: 'GET', url: `/-${id}` })).body, 'abcdefghij');
  });

  test('upload slots are held per running PATCH, not for an upload\'s life', async () => {
    const tus = owner();
    // Far more unfinished uploads than PS_MAX_UPLOADS_PER_IP: none holds a slot while idle.
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await tus.start(4));
    for (const id of ids) assert.equal((await tus.patch(id, 0, Buffer.from('ab'))).statusCode, 204);
    assert.equal(t.store.uploads.activeCount, 0);
  });

  test('unfinished uploads are capped per client (503)', async () => {
    const capped = await startTestApp({ limits: { maxIncompleteUploadsPerClient: 3, maxIncompleteUploads: 5 } });
    try {
      const tus = tusClient(capped.app);
      for (let i = 0; i < 3; i++) await tus.start(10);
      const refused = await tus.create({ 'upload-length': '10', 'upload-metadata': tusMetadata({ filename: 'x' }) });
      assert.equal(refused.statusCode, 503);
      assert.match(refused.body, /at most 3/);
      // Another client gets its share, up to the overall cap.
      const other = tusClient(capped.app, '/api/tus', { authorization: BASIC });
      const fromElsewhere = (n: number) =>
        capped.app.inject({ method: 'POST', url: '/api/tus', remoteAddress: `10.0.0.${n}`, headers: { authorization: BASIC, 'tus-resumable': '1.0.0', 'upload-length': '10', 'upload-metadata': tusMetadata({ filename: 'x' }) } });
      assert.equal((await fromElsewhere(1)).statusCode, 201);
      assert.equal((await fromElsewhere(2)).statusCode, 201);
      assert.equal((await fromElsewhere(3)).statusCode, 503, 'the overall cap');
      void other;
    } finally {
      await capped.close();
    }
  });

  test('the storage quota applies at creation', async () => {
    const quota = await startTestApp({ limits: { storageQuotaBytes: 100 } });
    try {
      const res = await tusClient(quota.app).create({ 'upload-length': '101', 'upload-metadata': tusMetadata({ filename: 'x' }) });
      assert.equal(res.statusCode, 507);
    } finally {
      await quota.close();
    }
  });
});

describe('tus through a guest link', () => {
  test('an Upload-Length over maxFileBytes answers 413 at creation', async () => {
    const link = await createGuestLink(t.app, { maxFileBytes: MiB });
    const res = await guest(link).create({ 'upload-length': String(MiB + 1), 'upload-metadata': tusMetadata({ filename: 'big' }) });
    assert.equal(res.statusCode, 413);
  });

  test('a deferred length is capped while streaming', async () => {
    const link = await createGuestLink(t.app, { maxFileBytes: MiB });
    const tus = guest(link);
    const id = await tus.start(null);
    assert.equal((await tus.patch(id, 0, Buffer.alloc(MiB - 10))).statusCode, 204);
    const res = await tus.patch(id, MiB - 10, Buffer.alloc(11));
    assert.equal(res.statusCode, 413);
    assert.equal(await tus.offset(id), MiB - 10);
    assert.equal((await tus.patch(id, MiB - 10, Buffer.alloc(10), { 'upload-length': String(MiB) })).statusCode, 204);
  });

  test('an unfinished upload holds one of the link\'s slots until it ends', async () => {
    const link = await createGuestLink(t.app, { maxFileUploads: 2 });
    const tus = guest(link);
    const a = await tus.start(3);
    const b = await tus.start(3);
    const third = await tus.create({ 'upload-length': '3', 'upload-metadata': tusMetadata({ filename: 'c' }) });
    assert.equal(third.statusCode, 401);
    // Multipart and raw guest uploads see the same slots taken.
    const raw = await t.app.inject({ method: 'PUT', url: `/g/${link}/x.txt`, payload: 'abc' });
    assert.equal(raw.statusCode, 401);
    assert.equal((await tus.delete(a)).statusCode, 204);
    const c = await tus.start(3);
    assert.equal((await tus.patch(b, 0, Buffer.from('bbb'))).statusCode, 204);
    assert.equal((await tus.patch(c, 0, Buffer.from('ccc'))).statusCode, 204);
    const stored = t.db.prepare('SELECT count(*) AS n FROM entries WHERE guest_link_id = ?').get(link) as { n: number };
    assert.equal(stored.n, 2);
  });

  test('a guest cannot leave a note, and the owner endpoint does not see guest uploads', async () => {
    const link = await createGuestLink(t.app);
    const res = await guest(link).create({ 'upload-length': '3', 'upload-metadata': tusMetadata({ filename: 'n', note: 'hi' }) });
    assert.equal(res.statusCode, 400);
    const id = await guest(link).start(3);
    assert.equal((await owner().head(id)).statusCode, 404);
    assert.equal((await guest(link).head(id)).statusCode, 200);
  });

  test('a link that becomes inactive refuses further PATCHes with 401', async () => {
    const link = await createGuestLink(t.app);
    const tus = guest(link);
    const id = await tus.start(6);
    assert.equal((await tus.patch(id, 0, Buffer.from('abc'))).statusCode, 204);
    await t.app.inject({ method: 'PUT', url: `/api/guest-links/${link}/disable`, headers: { authorization: BASIC } });
    assert.equal((await tus.patch(id, 3, Buffer.from('def'))).statusCode, 401);
  });

  test('an unknown link is 404', async () => {
    const res = await guest('aaaaaaaaaaaaaaaa').create({ 'upload-length': '3', 'upload-metadata': tusMetadata({ filename: 'n' }) });
    assert.equal(res.statusCode, 404);
  });
});

describe('tus expiry and cleanup', () => {
  test('cleanup leaves a progressing upload alone and deletes one without progress past the expiry', async () => {
    const app = await startTestApp({ chunkSize: 5, limits: { incompleteUploadTtlMs: 2 * HOUR } });
    try {
      const tus = tusClient(app.app);
      const stale = await tus.start(20);
      const live = await tus.start(20);
      await tus.patch(stale, 0, Buffer.from('abcdefgh'));
      await tus.patch(live, 0, Buffer.from('abcdefgh'));
      const cleanup = new Cleanup({ writer: app.store.writer, uploads: app.store.uploads, tus: app.store.tus, clock: app.clock, log: pino({ level: 'silent' }), dbPath: app.dbPath, vacuum: false, litestream: false });
      const first = await cleanup.run();
      assert.deepEqual(first.tus, { expiredUploads: 0, expiredChunks: 0 });
      assert.equal(first.leftoverUploads, 0, 'chunks of live uploads are not leftovers');
      app.clock.advance(HOUR + 1000);
      await tus.patch(live, 8, Buffer.from('ij'));
      app.clock.advance(HOUR);
      const head = await tus.head(stale);
      assert.equal(head.statusCode, 404, 'expired: gone at once, before cleanup runs');
      const second = await cleanup.run();
      assert.deepEqual(second.tus, { expiredUploads: 1, expiredChunks: 2 });
      const count = (id: string) => (app.db.prepare('SELECT count(*) AS n FROM entries_data WHERE id = ?').get(id) as { n: number }).n;
      assert.equal(count(stale), 0);
      assert.equal(count(live), 2);
      assert.equal(await tus.offset(live), 10);
    } finally {
      await app.close();
    }
  });
});

void rows;
