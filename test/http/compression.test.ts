import assert from 'node:assert/strict';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { BASIC, login, startTestApp, type TestApp } from '../helpers/app.js';
import { uploadEntry } from './pages-support.js';

// Issue 14: text answers are compressed; file downloads and uploads are not touched.

let t: TestApp;
let cookie: string;
before(async () => {
  t = await startTestApp();
  cookie = await login(t.app);
  for (let i = 0; i < 20; i++) await uploadEntry(t.app, `report-${i}.txt`, { note: `note ${i}` });
});
after(() => t.close());

describe('pages and assets', () => {
  test('the files page goes out in brotli or gzip, as the browser accepts', async () => {
    const plain = await t.app.inject({ method: 'GET', url: '/files', headers: { cookie } });
    assert.equal(plain.headers['content-encoding'], undefined, 'nothing accepted, nothing compressed');
    const br = await t.app.inject({ method: 'GET', url: '/files', headers: { cookie, 'accept-encoding': 'gzip, deflate, br' } });
    assert.equal(br.headers['content-encoding'], 'br');
    assert.match(String(br.headers.vary), /accept-encoding/i);
    const html = brotliDecompressSync(br.rawPayload).toString();
    assert.match(html, /report-19\.txt/);
    assert.ok(br.rawPayload.length < plain.rawPayload.length / 3, `${br.rawPayload.length} of ${plain.rawPayload.length} bytes`);
    const gzip = await t.app.inject({ method: 'GET', url: '/files', headers: { cookie, 'accept-encoding': 'gzip' } });
    assert.equal(gzip.headers['content-encoding'], 'gzip');
    assert.match(gunzipSync(gzip.rawPayload).toString(), /report-19\.txt/);
  });

  test('JSON from the API too, when it is long enough to gain', async () => {
    for (let i = 0; i < 10; i++) {
      await t.app.inject({ method: 'POST', url: '/api/guest-links', headers: { authorization: BASIC }, payload: JSON.stringify({ label: `link ${i}`, urlExpirationTime: '2999-12-31T00:00:00Z', fileLifetime: '720h0m0s', maxFileBytes: null, maxFileUploads: null }) });
    }
    const res = await t.app.inject({ method: 'GET', url: '/api/guest-links', headers: { authorization: BASIC, 'accept-encoding': 'gzip' } });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-encoding'], 'gzip');
    assert.equal((JSON.parse(gunzipSync(res.rawPayload).toString()) as unknown[]).length, 10);
  });
});

describe('downloads', () => {
  test('a text file downloads byte for byte, uncompressed, with its length and ranges', async () => {
    const text = 'compressible '.repeat(2000);
    const put = await t.app.inject({ method: 'PUT', url: '/big.txt', headers: { authorization: BASIC, accept: 'application/json', 'content-type': 'text/plain' }, payload: text });
    assert.equal(put.statusCode, 201, put.body);
    const id = (put.json() as { id: string }).id;
    for (const url of [`/-${id}`, `/-${id}/big.txt`, `/!${id}`]) {
      const res = await t.app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip, br' } });
      assert.equal(res.statusCode, 200, url);
      assert.equal(res.headers['content-encoding'], undefined, url);
      assert.equal(res.headers['content-length'], String(text.length));
      assert.equal(res.body, text);
    }
    const part = await t.app.inject({ method: 'GET', url: `/-${id}`, headers: { 'accept-encoding': 'gzip', range: 'bytes=13-25' } });
    assert.equal(part.statusCode, 206);
    assert.equal(part.headers['content-encoding'], undefined);
    assert.equal(part.body, 'compressible ');
  });

  test('an upload sent with Content-Encoding is stored as sent, never decompressed', async () => {
    const bytes = Buffer.from('not really gzip');
    const put = await t.app.inject({
      method: 'PUT',
      url: '/raw.gz',
      headers: { authorization: BASIC, accept: 'application/json', 'content-type': 'application/gzip', 'content-encoding': 'gzip' },
      payload: bytes,
    });
    assert.equal(put.statusCode, 201, put.body);
    const id = (put.json() as { id: string }).id;
    assert.deepEqual((await t.app.inject({ method: 'GET', url: `/-${id}` })).rawPayload, bytes);
  });
});
