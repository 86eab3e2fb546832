import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { BASIC, startTestApp, type TestApp } from '../helpers/app.js';
import { fileForm, multipart } from '../helpers/multipart.js';

let t: TestApp;
const CHUNK = 327_680;
const SIZE = 2 * CHUNK + 1000;
const data = randomBytes(SIZE);
let id: string;

async function upload(body: ReturnType<typeof multipart>, expiration = '2999-12-31T00:00:00Z'): Promise<string> {
  const res = await t.app.inject({ method: 'POST', url: `/api/entry?expiration=${expiration}`, headers: { ...body.headers, authorization: BASIC }, payload: body.payload });
  assert.equal(res.statusCode, 200, res.body);
  return (res.json() as { id: string }).id;
}

const get = (url: string, headers: Record<string, string> = {}, method: 'GET' | 'HEAD' = 'GET') => t.app.inject({ method, url, headers });
const historyCount = (entryId: string) => t.store.downloads.countDownloads(entryId as never);

before(async () => {
  t = await startTestApp();
  id = await upload(fileForm(data, 'video.mp4', 'video/mp4'));
});
after(() => t.close());

describe('ranges', () => {
  const cases: { range: string; start: number; end: number }[] = [
    { range: 'bytes=0-99', start: 0, end: 99 },
    { range: 'bytes=100-', start: 100, end: SIZE - 1 },
    { range: 'bytes=-500', start: SIZE - 500, end: SIZE - 1 },
    { range: `bytes=${CHUNK - 10}-${CHUNK + 9}`, start: CHUNK - 10, end: CHUNK + 9 },
    { range: `bytes=${CHUNK - 1}-${2 * CHUNK}`, start: CHUNK - 1, end: 2 * CHUNK },
    { range: `bytes=5-${SIZE + 1000}`, start: 5, end: SIZE - 1 },
    { range: `bytes=-${SIZE + 5}`, start: 0, end: SIZE - 1 },
    { range: `bytes=${SIZE - 1}-`, start: SIZE - 1, end: SIZE - 1 },
    { range: 'bytes= 0 - 9', start: 0, end: 9 },
  ];
  for (const { range, start, end } of cases) {
    test(`${range} → 206 with those bytes`, async () => {
      const res = await get(`/-${id}`, { range });
      assert.equal(res.statusCode, 206);
      assert.equal(res.headers['content-range'], `bytes ${start}-${end}/${SIZE}`);
      assert.equal(res.headers['content-length'], String(end - start + 1));
      assert.ok(res.rawPayload.equals(data.subarray(start, end + 1)));
    });
  }

  for (const range of [`bytes=${SIZE}-`, `bytes=${SIZE + 10}-${SIZE + 20}`, 'bytes=-0', 'bytes=10-5', 'bytes=abc', 'bytes=']) {
    test(`${range} → 416`, async () => {
      const res = await get(`/-${id}`, { range });
      assert.equal(res.statusCode, 416);
      assert.equal(res.headers['content-range'], `bytes */${SIZE}`);
      assert.match(String(res.headers['content-security-policy']), /^sandbox; default-src 'none'/);
    });
  }

  test('several ranges → the whole file with 200', async () => {
    const res = await get(`/-${id}`, { range: 'bytes=0-1,10-20' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.rawPayload.length, SIZE);
  });

  test('an unknown range unit is ignored', async () => {
    const res = await get(`/-${id}`, { range: 'items=0-1' });
    assert.equal(res.statusCode, 200);
  });
});

describe('HEAD', () => {
  test('same headers as GET, no body', async () => {
    const [head, full] = await Promise.all([get(`/-${id}`, {}, 'HEAD'), get(`/-${id}`)]);
    assert.equal(head.statusCode, 200);
    assert.equal(head.body, '');
    for (const name of ['content-type', 'content-length', 'etag', 'last-modified', 'content-disposition', 'accept-ranges', 'content-security-policy']) {
      assert.equal(head.headers[name], full.headers[name], name);
    }
    const ranged = await get(`/-${id}`, { range: 'bytes=10-19' }, 'HEAD');
    assert.equal(ranged.statusCode, 206);
    assert.equal(ranged.headers['content-length'], '10');
  });
});

describe('conditional requests', () => {
  let etag: string;
  let lastModified: string;
  before(async () => {
    const res = await get(`/-${id}`, {}, 'HEAD');
    etag = String(res.headers.etag);
    lastModified = String(res.headers['last-modified']);
    assert.match(etag, /^"[^"]+"$/, 'a strong ETag');
  });

  test('If-None-Match → 304 without body or content headers', async () => {
    for (const value of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const res = await get(`/-${id}`, { 'if-none-match': value });
      assert.equal(res.statusCode, 304, value);
      assert.equal(res.body, '');
      assert.equal(res.headers.etag, etag);
      assert.equal(res.headers['content-type'], undefined);
    }
    assert.equal((await get(`/-${id}`, { 'if-none-match': '"other"' })).statusCode, 200);
  });

  test('If-Modified-Since → 304 unless modified later', async () => {
    assert.equal((await get(`/-${id}`, { 'if-modified-since': lastModified })).statusCode, 304);
    assert.equal((await get(`/-${id}`, { 'if-modified-since': 'Mon, 01 Jan 2024 00:00:00 GMT' })).statusCode, 200);
    // If-None-Match wins over If-Modified-Since.
    assert.equal((await get(`/-${id}`, { 'if-none-match': '"other"', 'if-modified-since': lastModified })).statusCode, 200);
    assert.equal((await get(`/-${id}`, { 'if-modified-since': 'not a date' })).statusCode, 200);
  });

  test('If-Match and If-Unmodified-Since → 412 when they fail', async () => {
    assert.equal((await get(`/-${id}`, { 'if-match': '"other"' })).statusCode, 412);
    assert.equal((await get(`/-${id}`, { 'if-match': `W/${etag}` })).statusCode, 412, 'weak tags never match strongly');
    assert.equal((await get(`/-${id}`, { 'if-match': etag })).statusCode, 200);
    assert.equal((await get(`/-${id}`, { 'if-unmodified-since': 'Mon, 01 Jan 2024 00:00:00 GMT' })).statusCode, 412);
    assert.equal((await get(`/-${id}`, { 'if-unmodified-since': lastModified })).statusCode, 200);
  });

  test('If-Range: the range only while the validator still matches', async () => {
    assert.equal((await get(`/-${id}`, { range: 'bytes=0-9', 'if-range': etag })).statusCode, 206);
    assert.equal((await get(`/-${id}`, { range: 'bytes=0-9', 'if-range': lastModified })).statusCode, 206);
    assert.equal((await get(`/-${id}`, { range: 'bytes=0-9', 'if-range': '"changed"' })).statusCode, 200);
    assert.equal((await get(`/-${id}`, { range: 'bytes=0-9', 'if-range': `W/${etag}` })).statusCode, 200);
    assert.equal((await get(`/-${id}`, { range: 'bytes=0-9', 'if-range': 'Mon, 01 Jan 2024 00:00:00 GMT' })).statusCode, 200);
  });
});

describe('headers', () => {
  test('every download is typed, and a video may play but load nothing else', async () => {
    const res = await get(`/-${id}`);
    assert.equal(
      res.headers['content-security-policy'],
      "default-src 'none'; img-src 'self'; media-src 'self'; object-src 'self'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'",
    );
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['content-type'], 'video/mp4');
    assert.equal(res.headers['accept-ranges'], 'bytes');
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.equal(res.headers['content-disposition'], `inline; filename="video.mp4"; filename*=UTF-8''video.mp4`);
    const missing = await get('/-abcdefghij');
    assert.match(String(missing.headers['content-security-policy']), /^sandbox; default-src 'none'/);
  });

  test('filenames with quotes, non-ASCII text and percent signs stay safe', async () => {
    for (const [filename, fallback, encoded] of [
      ['say "hi".txt', 'say _hi_.txt', 'say%20%22hi%22.txt'],
      ['Große Datei – 日本.mp4', 'Gro_e Datei _ __.mp4', 'Gro%C3%9Fe%20Datei%20%E2%80%93%20%E6%97%A5%E6%9C%AC.mp4'],
      ["100% it's (ok).txt", "100_ it's (ok).txt", '100%25%20it%27s%20%28ok%29.txt'],
      ['back\\slash;semi.txt', null, null],
    ] as const) {
      if (fallback === null) continue; // backslashes are refused at upload
      const fileId = await upload(multipart([{ name: 'file', disposition: `form-data; name="file"; filename="${filename.replaceAll('"', '\\"')}"`, data: 'x' }]));
      const res = await get(`/-${fileId}`);
      assert.equal(res.headers['content-disposition'], `inline; filename="${fallback}"; filename*=UTF-8''${encoded}`);
    }
  });

  test('content type: stored verbatim, else guessed from the extension, else binary', async () => {
    for (const [filename, stored, served] of [
      ['page.html', 'text/html', 'text/html'],
      ['notes.txt', 'text/plain;charset=utf-8', 'text/plain;charset=utf-8'],
      ['song.mp3', 'application/octet-stream', 'audio/mpeg'],
      ['clip.mp4', '', 'video/mp4'],
      ['readme.txt', '', 'text/plain; charset=utf-8'],
      ['blob.unknownext', '', 'application/octet-stream'],
    ] as const) {
      const fileId = await upload(multipart([{ name: 'file', filename, ...(stored === '' ? {} : { contentType: stored }), data: 'x' }]));
      assert.equal((await get(`/-${fileId}`)).headers['content-type'], served, filename);
    }
  });

  test('every URL form serves the file', async () => {
    for (const url of [`/-${id}`, `/-${id}/video.mp4`, `/-${id}/any/thing`, `/!${id}`, `/!${id}/video.mp4`]) {
      const res = await get(url, { range: 'bytes=0-3' });
      assert.equal(res.statusCode, 206, url);
      assert.ok(res.rawPayload.equals(data.subarray(0, 4)));
    }
  });
});

describe('download history (decision D4)', () => {
  test('counts downloads that start at byte 0, nothing else', async () => {
    const fileId = await upload(fileForm(randomBytes(5000), 'h.bin'));
    await get(`/-${fileId}`, { 'user-agent': 'Mozilla/5.0 Firefox/120.0' });
    await get(`/-${fileId}`, { range: 'bytes=0-99' });
    // Recording goes through the writer worker; a write queued after it lands later.
    await t.store.writer.call('ping');
    assert.equal(historyCount(fileId), 2);
    await get(`/-${fileId}`, { range: 'bytes=100-199' });
    await get(`/-${fileId}`, {}, 'HEAD');
    const etag = String((await get(`/-${fileId}`, {}, 'HEAD')).headers.etag);
    await get(`/-${fileId}`, { 'if-none-match': etag });
    await get(`/-${fileId}`, { range: 'bytes=999999-' });
    await get(`/-${fileId}`, { 'if-match': '"nope"' });
    await t.store.writer.call('ping');
    assert.equal(historyCount(fileId), 2);
    const [latest] = t.store.downloads.listDownloads(fileId as never, { limit: 100, after: null, unique: false }).items;
    assert.equal(latest!.clientIp, '127.0.0.1');
    const agents = t.store.downloads.listDownloads(fileId as never, { limit: 100, after: null, unique: false }).items.map((d) => d.userAgent);
    assert.ok(agents.includes('Mozilla/5.0 Firefox/120.0'));
  });
});

describe('expiry (decision D1)', () => {
  test('an expired file is gone at once', async () => {
    const soon = new Date(t.clock.now().getTime() + 2 * 3_600_000).toISOString();
    const fileId = await upload(fileForm('short-lived', 's.txt'), soon);
    assert.equal((await get(`/-${fileId}`)).statusCode, 200);
    t.clock.advance(2 * 3_600_000 - 1000);
    assert.equal((await get(`/-${fileId}`)).statusCode, 200);
    t.clock.advance(1000);
    const res = await get(`/-${fileId}`);
    assert.equal(res.statusCode, 404);
    assert.equal(res.body, 'entry not found\n');
    const edit = await t.app.inject({ method: 'PUT', url: `/api/entry/${fileId}`, headers: { authorization: BASIC }, payload: '{"filename":"x"}' });
    assert.equal(edit.statusCode, 404);
    t.clock.advance(-2 * 3_600_000);
  });
});
