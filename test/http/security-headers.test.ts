import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BASIC, startTestApp, type TestApp } from '../helpers/app.js';
import { HTML } from './pages-support.js';

// Issue 12: nosniff on every response; HSTS on those that came over HTTPS.
let plain: TestApp;
let proxied: TestApp;
before(async () => {
  plain = await startTestApp();
  proxied = await startTestApp({ behindProxy: 1 });
});
after(async () => {
  await plain.close();
  await proxied.close();
});

const REQUESTS = [
  { method: 'GET', url: '/api/entries', headers: { authorization: BASIC } },
  { method: 'GET', url: '/api/settings', headers: { authorization: BASIC } },
  { method: 'GET', url: '/api/entries', headers: {} },
  { method: 'POST', url: '/api/auth', headers: {}, payload: '{"sharedSecretKey":"wrong"}' },
  { method: 'GET', url: '/healthz', headers: {} },
  { method: 'GET', url: '/', headers: HTML },
  { method: 'GET', url: '/files', headers: HTML },
  { method: 'GET', url: '/nowhere', headers: {} },
  { method: 'POST', url: '/healthz', headers: {} },
  { method: 'GET', url: '/-abcdefghij', headers: {} },
  { method: 'GET', url: '/favicon.ico', headers: {} },
] as const;

describe('X-Content-Type-Options and Strict-Transport-Security', () => {
  // Fastify refuses a malformed URL before it applies the proxy setting, so
  // only nosniff is certain there.
  test('GET /%ZZ: nosniff', async () => {
    assert.equal((await plain.app.inject({ method: 'GET', url: '/%ZZ' })).headers['x-content-type-options'], 'nosniff');
  });

  for (const request of REQUESTS) {
    test(`${request.method} ${request.url}: nosniff; HSTS only over HTTPS`, async () => {
      const overHttp = await plain.app.inject({ ...request, headers: { ...request.headers } });
      assert.equal(overHttp.headers['x-content-type-options'], 'nosniff');
      assert.equal(overHttp.headers['strict-transport-security'], undefined);
      const overHttps = await proxied.app.inject({ ...request, headers: { ...request.headers, 'x-forwarded-proto': 'https' } });
      assert.equal(overHttps.headers['x-content-type-options'], 'nosniff');
      assert.equal(overHttps.headers['strict-transport-security'], 'max-age=31536000');
      // Without a trusted proxy, a client's X-Forwarded-Proto proves nothing.
      const forged = await plain.app.inject({ ...request, headers: { ...request.headers, 'x-forwarded-proto': 'https' } });
      assert.equal(forged.headers['strict-transport-security'], undefined);
    });
  }
});
