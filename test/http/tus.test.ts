import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { BASIC, startTestApp, type TestApp } from '../helpers/app.js';
import { checksumOf, tusClient, tusMetadata } from '../helpers/tus.js';

// A tiny chunk size puts every boundary within a few bytes (house style).
const CHUNK = 5;
let t: TestApp;
let tus: ReturnType<typeof tusClient>;
before(async () => {
  t = await startTestApp({ chunkSize: CHUNK });
  tus = tusClient(t.app);
});
after(() => t.close());

const download = (id: string) => t.app.inject({ method: 'GET', url: `/-${id}` });
const chunkLengths = (id: string) =>
  (t.db.prepare('SELECT LENGTH(chunk) AS n FROM entries_data WHERE id = ? ORDER BY chunk_index').all(id) as { n: number }[]).map((r) => r.n);
const chunkBytes = (id: string) =>
  Buffer.concat((t.db.prepare('SELECT chunk FROM entries_data WHERE id = ? ORDER BY chunk_index').all(id) as { chunk: Buffer }[]).map((r) => r.chunk));

describe('tus protocol', () => {
  test('OPTIONS lists the version, the extensions and the checksum algorithms', async () => {
    const res = await t.app.inject({ method: 'OPTIONS', url: '/api/tus', headers: { authorization: BASIC } });
    assert.equal(res.statusCode, 204);
    assert.equal(res.headers['tus-resumable'], '1.0.0');
    assert.equal(res.headers['tus-version'], '1.0.0');
    assert.equal(res.headers['tus-extension'], 'creation,creation-with-upload,creation-defer-length,termination,expiration,checksum');
    assert.equal(res.headers['tus-checksum-algorithm'], 'sha1,sha256');
  });

  test('the owner endpoint needs the owner', async () => {
    const res = await tusClient(t.app, '/api/tus', {}).create({ 'upload-length': '3', 'upload-metadata': tusMetadata({ filename: 'a' }) });
    assert.equal(res.statusCode, 401);
  });

  test('a request without Tus-Resumable: 1.0.0 answers 412', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/tus', headers: { authorization: BASIC, 'upload-length': '3' } });
    assert.equal(res.statusCode, 412);
    assert.equal(res.headers['tus-version'], '1.0.0');
  });

  test('creation answers 201 with a Location ending in the entry ID, and Upload-Expires', async () => {
    const res = await tus.create({ 'upload-length': '3', 'upload-metadata': tusMetadata({ filename: 'a.txt' }), host: 'share.example.com' });
    assert.equal(res.statusCode, 201);
    assert.match(String(res.headers.location), /^http:\/\/share\.example\.com\/api\/tus\/[a-zA-Z2-9]{10}$/);
    const expires = new Date(String(res.headers['upload-expires']));
    assert.equal(expires.getTime(), t.clock.now().getTime() + 24 * 3_600_000);
  });

  for (const [description, headers, want] of [
    ['no filename', { 'upload-length': '3', 'upload-metadata': tusMetadata({ filetype: 'text/plain' }) }, /filename is required/],
    ['a bad filename', { 'upload-length': '3', 'upload-metadata': tusMetadata({ filename: '../x' }) }, /filename cannot begin with dots/],
    ['malformed metadata', { 'upload-length': '3', 'upload-metadata': 'filename !!!' }, /invalid Upload-Metadata/],
    ['no length at all', { 'upload-metadata': tusMetadata({ filename: 'a' }) }, /Upload-Length/],
    ['an empty file', { 'upload-length': '0', 'upload-metadata': tusMetadata({ filename: 'a' }) }, /non-empty/],
    ['an expiration too soon', { 'upload-length': '3', 'upload-metadata': tusMetadata({ filename: 'a', expiration: '2026-11-24T12:04:00Z' }) }, /at least 5 minutes/],
    ['a note with tags', { 'upload-length': '3', 'upload-metadata': tusMetadata({ filename: 'a', note: '<script>' }) }, /HTML tags/],
  ] as const) {
    test(`creation refuses ${description} with 400`, async () => {
      const res = await tus.create(headers);
      assert.equal(res.statusCode, 400, res.body);
      assert.match(res.body, want);
    });
  }

  test('resuming at every boundary gives back the same bytes, in equal chunks', async () => {
    const file = randomBytes(3 * CHUNK + 2);
    // Offset 0, mid-chunk, exact chunk ends, the last byte.
    for (let cut = 0; cut < file.length; cut++) {
      const id = await tus.start(file.length);
      if (cut > 0) assert.equal((await tus.patch(id, 0, file.subarray(0, cut))).statusCode, 204);
      assert.equal(await tus.offset(id), cut);
      assert.equal((await download(id)).statusCode, 404, 'not visible before the last byte');
      const res = await tus.patch(id, cut, file.subarray(cut));
      assert.equal(res.statusCode, 204, `cut ${cut}: ${res.body}`);
      assert.equal(res.headers['upload-offset'], String(file.length));
      const got = await download(id);
      assert.equal(got.statusCode, 200, `cut ${cut}`);
      assert.ok(got.rawPayload.equals(file), `cut ${cut}`);
      assert.deepEqual(chunkLengths(id), [5, 5, 5, 2], `cut ${cut}`);
      assert.equal((await tus.head(id)).statusCode, 404, 'a finished upload is no longer resumable');
    }
  });

  test('many small PATCHes, each ending mid-chunk, store each tail durably', async () => {
    const file = randomBytes(23);
    const id = await tus.start(file.length, { filename: 'small.bin', filetype: 'application/x-test', note: 'hello' });
    for (let at = 0; at < file.length; at += 3) {
      const piece = file.subarray(at, at + 3);
      assert.equal((await tus.patch(id, at, piece)).statusCode, 204);
      // What Upload-Offset says is in the database, to the byte.
      assert.ok(chunkBytes(id).equals(file.subarray(0, at + piece.length)));
    }
    const entry = t.store.entries.findEntry(id as never, t.clock.now())!;
    assert.deepEqual([entry.filename, entry.contentType, entry.note, entry.size], ['small.bin', 'application/x-test', 'hello', 23]);
  });

  test('creation-with-upload stores the first bytes', async () => {
    const file = Buffer.from('hello world');
    const res = await tus.create({ 'upload-length': String(file.length), 'upload-metadata': tusMetadata({ filename: 'w.txt' }) }, file.subarray(0, 7));
    assert.equal(res.statusCode, 201);
    assert.equal(res.headers['upload-offset'], '7');
    const id = String(res.headers.location).split('/').pop()!;
    assert.equal((await tus.patch(id, 7, file.subarray(7))).statusCode, 204);
    assert.equal((await download(id)).body, 'hello world');
  });

  test('a deferred length is set by a later PATCH', async () => {
    const id = await tus.start(null);
    const head = await tus.head(id);
    assert.equal(head.headers['upload-defer-length'], '1');
    assert.equal((await tus.patch(id, 0, Buffer.from('abcdefg'))).statusCode, 204);
    assert.equal((await download(id)).statusCode, 404);
    const res = await tus.patch(id, 7, Buffer.from('hijkl'), { 'upload-length': '12' });
    assert.equal(res.statusCode, 204, res.body);
    assert.equal((await download(id)).body, 'abcdefghijkl');
  });

  test('a checksum mismatch answers 460 and appends nothing; the right one is taken', async () => {
    const id = await tus.start(14);
    assert.equal((await tus.patch(id, 0, Buffer.from('abcdefg'), { 'upload-checksum': checksumOf('sha1', 'abcdefg') })).statusCode, 204);
    const before = chunkBytes(id);
    const bad = await tus.patch(id, 7, Buffer.from('hijklmn'), { 'upload-checksum': checksumOf('sha256', 'something else') });
    assert.equal(bad.statusCode, 460);
    assert.equal(await tus.offset(id), 7);
    assert.ok(chunkBytes(id).equals(before), 'the old tail is back, nothing past it');
    const good = await tus.patch(id, 7, Buffer.from('hijklmn'), { 'upload-checksum': checksumOf('sha256', 'hijklmn') });
    assert.equal(good.statusCode, 204);
    assert.equal((await download(id)).body, 'abcdefghijklmn');
  });

  test('an unknown checksum algorithm answers 400', async () => {
    const id = await tus.start(3);
    const res = await tus.patch(id, 0, Buffer.from('abc'), { 'upload-checksum': 'md5 kAFQmDzST7DWlj99KOF/cg==' });
    assert.equal(res.statusCode, 400);
    assert.equal(await tus.offset(id), 0);
  });

  test('a wrong Upload-Offset answers 409 with the real one', async () => {
    const id = await tus.start(10);
    await tus.patch(id, 0, Buffer.from('abc'));
    const res = await tus.patch(id, 2, Buffer.from('cdefghij'));
    assert.equal(res.statusCode, 409);
    assert.equal(res.headers['upload-offset'], '3');
    assert.equal(await tus.offset(id), 3);
  });

  test('a PATCH past the length answers 413 and stores nothing', async () => {
    const id = await tus.start(6);
    await tus.patch(id, 0, Buffer.from('abc'));
    const res = await tus.patch(id, 3, Buffer.from('defg'));
    assert.equal(res.statusCode, 413);
    assert.equal(await tus.offset(id), 3);
    assert.ok(chunkBytes(id).equals(Buffer.from('abc')));
  });

  test('a PATCH of another type answers 415', async () => {
    const id = await tus.start(3);
    const res = await tus.patch(id, 0, Buffer.from('abc'), { 'content-type': 'text/plain' });
    assert.equal(res.statusCode, 415);
  });

  test('an upload in progress is not listed', async () => {
    const id = await tus.start(10);
    await tus.patch(id, 0, Buffer.from('abc'));
    const list = await t.app.inject({ method: 'GET', url: '/api/entries', headers: { authorization: BASIC } });
    assert.ok(!list.body.includes(id));
  });

  test('DELETE terminates the upload and deletes its rows at once', async () => {
    const id = await tus.start(10);
    await tus.patch(id, 0, Buffer.from('abcdefg'));
    assert.equal((await tus.delete(id)).statusCode, 204);
    assert.equal((await tus.head(id)).statusCode, 404);
    assert.deepEqual(chunkLengths(id), []);
    assert.equal((await tus.patch(id, 7, Buffer.from('hij'))).statusCode, 404);
  });

  test('an unknown upload is 404', async () => {
    assert.equal((await tus.head('aaaaaaaaaa')).statusCode, 404);
    assert.equal((await tus.head('not-an-id')).statusCode, 404);
  });
});
