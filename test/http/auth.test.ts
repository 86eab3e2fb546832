import assert from 'node:assert/strict';
import { DEFAULT_LIMITS } from '../../src/config.js';
import { after, before, describe, test } from 'node:test';
import { BASIC, login, SECRET, startTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(() => t.close());

const auth = (payload: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'POST', url: '/api/auth', payload, headers });
const filesApi = (headers: Record<string, string>) =>
  t.app.inject({ method: 'PUT', url: '/api/entry/abcdefghij', headers, payload: '{"filename":"a"}' });

describe('POST /api/auth', () => {
  test('logs in with upstream cookie name and attributes', async () => {
    const res = await auth(JSON.stringify({ sharedSecretKey: SECRET }), { 'content-type': 'text/plain;charset=UTF-8' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.body, '');
    const cookie = String(res.headers['set-cookie']);
    assert.match(cookie, /^sharedSecret=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=2592000; HttpOnly; SameSite=Strict$/);
    assert.equal(t.count('sessions') > 0, true);
  });

  const bad: [string, string, number, string][] = [
    ['wrong passphrase', '{"sharedSecretKey":"nope"}', 401, 'incorrect shared secret'],
    ['empty passphrase', '{"sharedSecretKey":""}', 400, 'invalid shared secret'],
    ['missing field', '{}', 400, 'invalid shared secret'],
    ['null body', 'null', 400, 'invalid shared secret'],
    ['malformed JSON', '{"sharedSecretKey":', 400, 'malformed request'],
    ['wrong type', '{"sharedSecretKey":123}', 400, 'malformed request'],
    ['no body', '', 400, 'malformed request'],
  ];
  for (const [description, payload, status, message] of bad) {
    test(description, async () => {
      const res = await auth(payload, { 'x-forwarded-for': description });
      assert.equal(res.statusCode, status);
      assert.equal(res.body, `${message}\n`);
      assert.equal(res.headers['set-cookie'], undefined);
    });
  }
});

describe('sessions', () => {
  test('a session opens the admin API; logging out really ends it', async () => {
    const cookie = await login(t.app);
    assert.equal((await filesApi({ cookie })).statusCode, 404, 'authenticated: the unknown entry is a 404');
    const out = await t.app.inject({ method: 'DELETE', url: '/api/auth', headers: { cookie } });
    assert.equal(out.statusCode, 200);
    assert.equal(out.headers['set-cookie'], 'sharedSecret=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict');
    assert.equal((await filesApi({ cookie })).statusCode, 401, 'the old cookie no longer works');
  });

  test('logging out without a session is fine', async () => {
    assert.equal((await t.app.inject({ method: 'DELETE', url: '/api/auth' })).statusCode, 200);
  });

  test('an upstream-style derived cookie is not a session', async () => {
    const cookie = 'sharedSecret=UCQFMP+cEuALJzR+D6KX+7kLmMAkeOc3HsOCyvGOmmU=';
    assert.equal((await filesApi({ cookie })).statusCode, 401);
  });

  test('a new passphrase ends every session', async () => {
    const other = await startTestApp({ secret: 'first' });
    try {
      const cookie = await login(other.app, 'first');
      await other.app.close();
      const { buildApp } = await import('../../src/app.js');
      const { silentLog } = await import('../helpers/app.js');
      const restarted = buildApp({ config: { sharedSecret: 'second', behindProxy: false, limits: DEFAULT_LIMITS }, store: other.store, clock: other.clock, log: silentLog });
      const res = await restarted.inject({ method: 'PUT', url: '/api/entry/abcdefghij', headers: { cookie }, payload: '{"filename":"a"}' });
      assert.equal(res.statusCode, 401);
      await restarted.close();
    } finally {
      await other.close();
    }
  });

  test('Secure is added behind an HTTPS proxy', async () => {
    const proxied = await startTestApp({ behindProxy: 1 });
    try {
      const res = await proxied.app.inject({ method: 'POST', url: '/api/auth', payload: JSON.stringify({ sharedSecretKey: SECRET }), headers: { 'x-forwarded-proto': 'https' } });
      assert.match(String(res.headers['set-cookie']), /; Secure$/);
    } finally {
      await proxied.close();
    }
  });
});

describe('admin routes without a session', () => {
  const routes: [string, string][] = [
    ['POST', '/api/entry?expiration=2999-12-31T00:00:00Z'],
    ['PUT', '/api/entry/abcdefghij'],
    ['DELETE', '/api/entry/abcdefghij'],
    ['PUT', '/file.txt'],
  ];
  for (const [method, url] of routes) {
    test(`${method} ${url} → 401 Authentication required`, async () => {
      const res = await t.app.inject({ method: method as 'PUT', url, payload: 'x', headers: { 'content-type': 'multipart/form-data; boundary=x' } });
      assert.equal(res.statusCode, 401);
      assert.equal(res.body, 'Authentication required\n');
      assert.equal(res.headers['set-cookie'], undefined, 'no cookie was sent, so none is cleared');
      assert.equal(res.headers['www-authenticate'], undefined, 'no browser login box for web pages');
      assert.equal(t.count('entries_data'), 0);
    });
  }

  test('Basic auth: any user name, the passphrase as password', async () => {
    assert.equal((await filesApi({ authorization: BASIC })).statusCode, 404);
    assert.equal((await filesApi({ authorization: `Basic ${Buffer.from(`owner:${SECRET}`).toString('base64')}` })).statusCode, 404);
    const wrong = await filesApi({ authorization: `Basic ${Buffer.from(':nope').toString('base64')}`, 'x-forwarded-for': 'ignored-without-proxy' });
    assert.equal(wrong.statusCode, 401);
    assert.match(String(wrong.headers['www-authenticate']), /^Basic realm="PicoShare"/);
  });
});

describe('rate limiting (decision A2)', () => {
  test('five failures from one IP → 429 with Retry-After while the wait lasts, for logins and Basic auth', async () => {
    const limited = await startTestApp();
    try {
      for (let i = 0; i < 5; i++) assert.equal((await limited.app.inject({ method: 'POST', url: '/api/auth', payload: '{"sharedSecretKey":"x"}' })).statusCode, 401);
      const blocked = await limited.app.inject({ method: 'POST', url: '/api/auth', payload: JSON.stringify({ sharedSecretKey: SECRET }) });
      assert.equal(blocked.statusCode, 429);
      assert.equal(blocked.body, 'too many failed attempts; try again later\n');
      assert.equal(blocked.headers['retry-after'], '30');
      assert.equal((await limited.app.inject({ method: 'PUT', url: '/api/entry/abcdefghij', headers: { authorization: BASIC }, payload: '{}' })).statusCode, 429);
      // The wait passes.
      limited.clock.advance(30_000);
      assert.equal((await limited.app.inject({ method: 'POST', url: '/api/auth', payload: JSON.stringify({ sharedSecretKey: SECRET }) })).statusCode, 200);
    } finally {
      await limited.close();
    }
  });
});

describe('cross-origin requests (decision A3)', () => {
  test('a cookie-carrying request from another origin is refused', async () => {
    const cookie = await login(t.app);
    const base = { method: 'DELETE' as const, url: '/api/entry/abcdefghij', headers: { cookie, host: 'share.example.com' } };
    assert.equal((await t.app.inject({ ...base, headers: { ...base.headers, origin: 'https://evil.example' } })).statusCode, 403);
    assert.equal((await t.app.inject({ ...base, headers: { ...base.headers, origin: 'null' } })).statusCode, 403);
    assert.equal((await t.app.inject({ ...base, headers: { ...base.headers, origin: 'https://share.example.com' } })).statusCode, 403, 'another scheme');
    assert.equal((await t.app.inject({ ...base, headers: { ...base.headers, origin: 'http://share.example.com' } })).statusCode, 200);
    assert.equal((await t.app.inject(base)).statusCode, 200, 'no Origin: a script, not a browser');
  });
});
