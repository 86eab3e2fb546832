import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BASIC, login, startTestApp, type TestApp } from '../helpers/app.js';
import { HTML } from './pages-support.js';

// Issue 12: the login cookie is cleared only when one was sent and refused,
// so a link from another site (which arrives without the Strict cookie) never
// logs the owner out.
let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(() => t.close());

const CLEARED = 'sharedSecret=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict';
const STALE = 'sharedSecret=not-a-live-session';

describe('clearing the login cookie', () => {
  const requests = [
    { name: 'an admin page', method: 'GET', url: '/files', headers: HTML },
    { name: 'an API call', method: 'GET', url: '/api/entries', headers: {} },
    { name: 'an API change', method: 'DELETE', url: '/api/entry/abcdefghij', headers: {} },
  ] as const;
  for (const { name, method, url, headers } of requests) {
    test(`${name} without a cookie: refused, nothing cleared`, async () => {
      const res = await t.app.inject({ method, url, headers });
      assert.ok(res.statusCode === 401 || res.statusCode === 303, String(res.statusCode));
      assert.equal(res.headers['set-cookie'], undefined);
    });
    test(`${name} with an unknown cookie: refused and cleared`, async () => {
      const res = await t.app.inject({ method, url, headers: { ...headers, cookie: STALE } });
      assert.ok(res.statusCode === 401 || res.statusCode === 303, String(res.statusCode));
      assert.equal(res.headers['set-cookie'], CLEARED);
    });
    test(`${name} with a live cookie: served, nothing cleared`, async () => {
      const res = await t.app.inject({ method, url, headers: { ...headers, cookie: await login(t.app) } });
      assert.ok(res.statusCode < 300, String(res.statusCode));
      assert.equal(res.headers['set-cookie'], undefined);
    });
  }

  test('a wrong Basic password without a cookie clears nothing', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/entries', headers: { authorization: `Basic ${Buffer.from(':nope').toString('base64')}` } });
    assert.equal(res.statusCode, 401);
    assert.equal(res.headers['set-cookie'], undefined);
  });

  test('right Basic auth with a stale cookie is served', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/entries', headers: { authorization: BASIC, cookie: STALE } });
    assert.equal(res.statusCode, 200);
  });

  test('a cookie of a session that was logged out is cleared', async () => {
    const cookie = await login(t.app);
    await t.app.inject({ method: 'DELETE', url: '/api/auth', headers: { cookie } });
    const res = await t.app.inject({ method: 'GET', url: '/files', headers: { ...HTML, cookie } });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers['set-cookie'], CLEARED);
  });
});
