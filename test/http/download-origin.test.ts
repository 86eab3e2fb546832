import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BASIC, login, startTestApp, type TestApp } from '../helpers/app.js';
import { createGuestLink } from '../helpers/guest.js';
import { fileForm } from '../helpers/multipart.js';
import { waitFor } from '../helpers/wait.js';
import { HTML } from './pages-support.js';

// Issue 12: PS_DOWNLOAD_ORIGIN serves files from a host name of their own.
const ADMIN = 'share.example.com';
const DOWNLOADS = 'https://dl.example.com';

let t: TestApp;
let id: string;
before(async () => {
  t = await startTestApp({ downloadOrigin: DOWNLOADS });
  const res = await t.app.inject({ method: 'PUT', url: '/a.txt', headers: { host: ADMIN, authorization: BASIC, accept: 'application/json' }, payload: 'hello' });
  id = (res.json() as { id: string }).id;
});
after(() => t.close());

describe('PS_DOWNLOAD_ORIGIN', () => {
  test('links given out point to the download origin', async () => {
    const raw = await t.app.inject({ method: 'PUT', url: '/b.txt', headers: { host: ADMIN, authorization: BASIC }, payload: 'x' });
    assert.match(raw.body, /^https:\/\/dl\.example\.com\/-\w{10}\/b\.txt\n$/);
    const guest = await createGuestLink(t.app);
    const viaGuest = await t.app.inject({ method: 'POST', url: `/api/guest/${guest}`, headers: { host: ADMIN, ...fileForm('x', 'c.txt').headers }, payload: fileForm('x', 'c.txt').payload });
    assert.match(viaGuest.body, /^https:\/\/dl\.example\.com\/-\w{10}\r\n$/);
    const cookie = await login(t.app);
    const files = await t.app.inject({ method: 'GET', url: '/files', headers: { host: ADMIN, cookie, ...HTML } });
    assert.ok(files.body.includes(`${DOWNLOADS}/-${id}`), 'the files list copies download-origin links');
    assert.match(files.body, /<meta name="download-origin" content="https:\/\/dl\.example\.com">/);
  });

  test('the download host serves files', async () => {
    for (const url of [`/-${id}`, `/-${id}/a.txt`, `/!${id}`]) {
      const res = await t.app.inject({ method: 'GET', url, headers: { host: 'dl.example.com' } });
      assert.equal(res.statusCode, 200, url);
      assert.equal(res.body, 'hello');
    }
    assert.equal((await t.app.inject({ method: 'HEAD', url: `/-${id}`, headers: { host: 'DL.example.com' } })).statusCode, 200);
    assert.equal((await t.app.inject({ method: 'GET', url: '/healthz', headers: { host: 'dl.example.com' } })).statusCode, 200);
  });

  test('the download host answers nothing else', async () => {
    const cookie = await login(t.app);
    for (const [method, url] of [
      ['GET', '/'],
      ['GET', '/login'],
      ['GET', '/files'],
      ['GET', '/api/entries'],
      ['POST', '/api/auth'],
      ['PUT', '/x.txt'],
      ['GET', '/favicon.ico'],
      ['GET', '/assets/css/base.css'],
      ['DELETE', `/api/entry/${id}`],
    ] as const) {
      const res = await t.app.inject({ method, url, headers: { host: 'dl.example.com', authorization: BASIC, cookie }, payload: '{}' });
      assert.equal(res.statusCode, 404, `${method} ${url}`);
    }
    // A file's own path takes only the unlock form of a protected file (issue 15); anything else is upstream's 405.
    const post = await t.app.inject({ method: 'POST', url: `/-${id}`, headers: { host: 'dl.example.com', authorization: BASIC, cookie }, payload: '{}' });
    assert.equal(post.statusCode, 405);
    assert.equal(t.count('entries'), 2 + 1, 'nothing was deleted or added');
  });

  test('file URLs on the admin host redirect to the download host', async () => {
    // The three downloads above are recorded after their answers, as one row:
    // the same client fetched the same file within a minute (issue 10).
    await waitFor(() => t.count('downloads') === 1, 'earlier history rows');
    const downloads = t.count('downloads');
    for (const url of [`/-${id}`, `/-${id}/a.txt?x=1`, `/!${id}`]) {
      const res = await t.app.inject({ method: 'GET', url, headers: { host: ADMIN } });
      assert.equal(res.statusCode, 302, url);
      assert.equal(res.headers.location, `${DOWNLOADS}${url}`);
      assert.equal(res.body, '');
    }
    assert.equal(t.count('downloads'), downloads, 'a redirect is not a download');
  });

  test('the admin host keeps working', async () => {
    assert.equal((await t.app.inject({ method: 'GET', url: '/', headers: { host: ADMIN, ...HTML } })).statusCode, 200);
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/entries', headers: { host: ADMIN, authorization: BASIC } })).statusCode, 200);
  });
});

describe('without PS_DOWNLOAD_ORIGIN', () => {
  test('links use the request origin and files are served on it', async () => {
    const plain = await startTestApp();
    try {
      const res = await plain.app.inject({ method: 'PUT', url: '/b.txt', headers: { host: ADMIN, authorization: BASIC }, payload: 'x' });
      assert.match(res.body, /^http:\/\/share\.example\.com\/-(\w{10})\/b\.txt\n$/);
      const fileId = /-(\w{10})\//.exec(res.body)![1]!;
      assert.equal((await plain.app.inject({ method: 'GET', url: `/-${fileId}`, headers: { host: ADMIN } })).statusCode, 200);
    } finally {
      await plain.close();
    }
  });
});
