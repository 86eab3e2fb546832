import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BASIC, startTestApp, type TestApp } from '../helpers/app.js';

// Issue 12: a download's policy depends on its type. Documents that could
// script are sandboxed and load nothing; passive media display and play, and
// load nothing from elsewhere either.
let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(() => t.close());

const SANDBOX = "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";
const PASSIVE = "default-src 'none'; img-src 'self'; media-src 'self'; object-src 'self'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

async function upload(filename: string, contentType?: string): Promise<string> {
  const res = await t.app.inject({
    method: 'PUT',
    url: `/${encodeURIComponent(filename)}`,
    headers: { authorization: BASIC, accept: 'application/json', ...(contentType ? { 'content-type': contentType } : {}) },
    payload: 'data',
  });
  assert.equal(res.statusCode, 201, res.body);
  return (res.json() as { id: string }).id;
}

describe('download policy by type', () => {
  const cases: [string, string | undefined, string][] = [
    ['page.html', 'text/html', SANDBOX],
    ['page.html', 'text/html; charset=utf-8', SANDBOX],
    ['page.xhtml', 'application/xhtml+xml', SANDBOX],
    ['drawing.svg', 'image/svg+xml', SANDBOX],
    ['drawing.svg', undefined, SANDBOX],
    ['feed.xml', 'application/xml', SANDBOX],
    ['feed.xml', 'text/xml', SANDBOX],
    ['script.js', 'text/javascript', SANDBOX],
    ['style.css', 'text/css', SANDBOX],
    ['data.json', 'application/json', SANDBOX],
    ['blob.bin', 'application/octet-stream', SANDBOX],
    ['blob.weird', 'application/x-unknown', SANDBOX],
    ['movie.mp4', 'video/mp4', PASSIVE],
    ['movie.webm', undefined, PASSIVE],
    ['song.mp3', 'audio/mpeg', PASSIVE],
    ['photo.jpg', 'image/jpeg', PASSIVE],
    ['photo.png', undefined, PASSIVE],
    ['report.pdf', 'application/pdf', PASSIVE],
    ['notes.txt', 'text/plain; charset=utf-8', PASSIVE],
    ['NOTES.TXT', 'TEXT/PLAIN', PASSIVE],
  ];
  for (const [filename, contentType, want] of cases) {
    test(`${filename} as ${contentType ?? '(guessed)'}`, async () => {
      const id = await upload(filename, contentType);
      for (const url of [`/-${id}`, `/-${id}/${filename}`, `/!${id}`]) {
        const res = await t.app.inject({ method: 'GET', url });
        assert.equal(res.headers['content-security-policy'], want, url);
        assert.equal(res.headers['x-content-type-options'], 'nosniff');
      }
      const ranged = await t.app.inject({ method: 'GET', url: `/-${id}`, headers: { range: 'bytes=1-2' } });
      assert.equal(ranged.statusCode, 206);
      assert.equal(ranged.headers['content-security-policy'], want);
    });
  }

  test('errors on download routes are sandboxed', async () => {
    for (const url of ['/-abcdefghij', '/-short', '/!abcdefghij/x']) {
      const res = await t.app.inject({ method: 'GET', url });
      assert.ok(res.statusCode >= 400);
      assert.equal(res.headers['content-security-policy'], SANDBOX, url);
    }
  });
});
