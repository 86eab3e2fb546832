import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BASIC, login, startTestApp, type TestApp } from '../helpers/app.js';
import { createGuestLink } from '../helpers/guest.js';
import { HTML, uploadEntry } from './pages-support.js';

let t: TestApp;
let cookie: string;
let entryId: string;
before(async () => {
  t = await startTestApp();
  cookie = await login(t.app);
  entryId = await uploadEntry(t.app, 'status.txt');
});
after(() => t.close());

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

describe('owner pages', () => {
  const pages = () => [
    '/files',
    `/files/${entryId}/info`,
    `/files/${entryId}/edit`,
    `/files/${entryId}/confirm-delete`,
    `/files/${entryId}/downloads`,
    `/files/${entryId}/downloads?unique=true`,
    '/guest-links',
    '/guest-links/new',
    '/settings',
    '/information',
  ];

  test('answer 200 HTML to the owner, by session or by Basic auth', async () => {
    for (const url of pages()) {
      for (const headers of [{ cookie }, { authorization: BASIC }] as Record<string, string>[]) {
        const res = await get(url, headers);
        assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
        assert.equal(res.headers['content-type'], 'text/html; charset=utf-8');
      }
    }
  });

  test('send a browser without a session to the login page, and back afterwards', async () => {
    for (const url of pages()) {
      const res = await get(url, HTML);
      assert.equal(res.statusCode, 303, url);
      assert.equal(res.headers.location, `/login?next=${encodeURIComponent(url)}`);
    }
  });

  test('answer scripts 401 in plain text, as upstream', async () => {
    for (const url of pages()) {
      const res = await get(url);
      assert.equal(res.statusCode, 401, url);
      assert.equal(res.body, 'Authentication required\n');
      assert.equal(res.headers['content-type'], 'text/plain; charset=utf-8');
    }
  });

  test('a wrong Basic password is a 401 even for a browser', async () => {
    const res = await get('/files', { ...HTML, authorization: `Basic ${Buffer.from(':wrong').toString('base64')}` });
    assert.equal(res.statusCode, 401);
  });

  test('a malformed entry ID is 400 and an unknown one 404, in plain text', async () => {
    for (const page of ['info', 'edit', 'confirm-delete', 'downloads']) {
      const bad = await get(`/files/short/${page}`, { cookie });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.body, 'bad entry ID: entry ID (short) has invalid length: got 5, want 10\n');
      const unknown = await get(`/files/AAAAAAAAAA/${page}`, { cookie });
      assert.equal(unknown.statusCode, 404);
      assert.equal(unknown.body, 'entry not found\n');
    }
  });

  test('an expired file is gone from its pages', async () => {
    const id = await uploadEntry(t.app, 'expiring.txt', { expiration: '2026-11-24T14:00:00Z' });
    assert.equal((await get(`/files/${id}/info`, { cookie })).statusCode, 200);
    t.clock.advance(3 * 3_600_000);
    try {
      assert.equal((await get(`/files/${id}/info`, { cookie })).statusCode, 404);
    } finally {
      t.clock.advance(-3 * 3_600_000);
    }
  });
});

describe('public pages', () => {
  test('/ explains PicoShare to visitors and is the upload page for the owner', async () => {
    const anonymous = await get('/');
    assert.equal(anonymous.statusCode, 200);
    assert.match(anonymous.body, /<title>PicoShare<\/title>/);
    assert.match(anonymous.body, /What is PicoShare\?/);
    assert.doesNotMatch(anonymous.body, /file-input/);
    const owner = await get('/', { cookie });
    assert.match(owner.body, /<title>PicoShare - Upload<\/title>/);
    assert.match(owner.body, /class="file-input"/);
  });

  test('/login is open to everyone', async () => {
    const res = await get('/login');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<input type="password"/);
  });

  test('a guest link page: 400 malformed, 404 unknown, 200 upload page or inactive page', async () => {
    const bad = await get('/g/nope');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /^Invalid guest link ID: /);
    const unknown = await get('/g/AAAAAAAAAAAAAAAA');
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.body, 'Invalid guest link ID\n');

    const id = await createGuestLink(t.app);
    const active = await get(`/g/${id}`);
    assert.equal(active.statusCode, 200);
    assert.match(active.body, /<h1>Upload<\/h1>/);
    assert.match(active.body, /class="file-input"/);
    assert.doesNotMatch(active.body, /id="note"/);

    await t.app.inject({ method: 'PUT', url: `/api/guest-links/${id}/disable`, headers: { authorization: BASIC } });
    const inactive = await get(`/g/${id}`);
    assert.equal(inactive.statusCode, 200);
    assert.match(inactive.body, /<h1>Guest Link Inactive<\/h1>/);
    assert.doesNotMatch(inactive.body, /file-input/);
  });

  test('unknown paths are 404s: a page for browsers (issue 14), upstream\'s text for scripts', async () => {
    const res = await get('/no/such/page', HTML);
    assert.equal(res.statusCode, 404);
    assert.match(res.body, /<h1>Page not found<\/h1>/);
    const text = await get('/no/such/page', { accept: '*/*' });
    assert.equal(text.statusCode, 404);
    assert.equal(text.body, '404 page not found\n');
  });
});
