import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { InjectOptions } from 'fastify';
import { BASIC, login, SECRET, startTestApp, type TestApp } from '../helpers/app.js';

// Issue 12: a browser's state-changing request from another site is refused
// (403) whatever credentials it carries; scripts without Origin are not browsers.
let t: TestApp;
let cookie: string;
before(async () => {
  t = await startTestApp();
  cookie = await login(t.app);
});
after(() => t.close());

const HOST = 'share.example.com';
type Inject = InjectOptions;

const apiLogin = (headers: Record<string, string>, secret = SECRET): Inject => ({
  method: 'POST',
  url: '/api/auth',
  headers: { host: HOST, 'content-type': 'text/plain', ...headers },
  payload: JSON.stringify({ sharedSecretKey: secret }),
});
const formLogin = (headers: Record<string, string>, secret = SECRET): Inject => ({
  method: 'POST',
  url: '/login',
  headers: { host: HOST, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', ...headers },
  payload: new URLSearchParams({ passphrase: secret, next: '/' }).toString(),
});
const basicEdit = (headers: Record<string, string>): Inject => ({
  method: 'PUT',
  url: '/api/settings',
  headers: { host: HOST, authorization: BASIC, ...headers },
  payload: '{"defaultExpirationDays":30,"defaultNeverExpire":false}',
});
const cookieDelete = (headers: Record<string, string>): Inject => ({
  method: 'DELETE',
  url: '/api/entry/abcdefghij',
  headers: { host: HOST, cookie, ...headers },
});

const CROSS_SITE: Record<string, string>[] = [
  { origin: 'https://evil.example' },
  { origin: 'null' },
  { origin: `https://${HOST}` }, // another scheme: this server is plain HTTP
  { origin: `http://${HOST}:8080` }, // another port
  { origin: `http://evil.${HOST}` },
  { origin: 'not a url' },
  { 'sec-fetch-site': 'cross-site' },
  { 'sec-fetch-site': 'same-site' },
];
const SAME_ORIGIN: Record<string, string>[] = [
  {},
  { origin: `http://${HOST}` },
  { origin: `http://${HOST}:80` },
  { origin: `http://${HOST}`, 'sec-fetch-site': 'same-origin' },
  { 'sec-fetch-site': 'same-origin' },
  { 'sec-fetch-site': 'none' },
];

describe('cross-site requests are refused whatever the credentials', () => {
  for (const [name, request, okStatus] of [
    ['POST /api/auth (login, no credentials)', apiLogin, 200],
    ['POST /login (the form)', formLogin, 303],
    ['PUT /api/settings with Basic auth', basicEdit, 200],
    ['DELETE /api/entry/:id with the cookie', cookieDelete, 200],
  ] as const) {
    for (const headers of CROSS_SITE) {
      test(`${name} from ${JSON.stringify(headers)} → 403`, async () => {
        const res = await t.app.inject(request(headers));
        assert.equal(res.statusCode, 403);
        assert.equal(res.body, 'cross-origin request refused\n');
        assert.equal(res.headers['set-cookie'], undefined);
      });
    }
    for (const headers of SAME_ORIGIN) {
      test(`${name} with ${JSON.stringify(headers)} → ${okStatus}`, async () => {
        assert.equal((await t.app.inject(request(headers))).statusCode, okStatus);
      });
    }
  }

  test('cross-site login failures do not count against anyone', async () => {
    const fresh = await startTestApp();
    try {
      for (let i = 0; i < 20; i++) {
        assert.equal((await fresh.app.inject(apiLogin({ origin: 'https://evil.example' }, 'guess'))).statusCode, 403);
        assert.equal((await fresh.app.inject(formLogin({ origin: 'https://evil.example' }, 'guess'))).statusCode, 403);
      }
      assert.equal((await fresh.app.inject(apiLogin({}))).statusCode, 200);
    } finally {
      await fresh.close();
    }
  });

  test('behind an HTTPS proxy, the https origin is this one', async () => {
    const proxied = await startTestApp({ behindProxy: 1 });
    try {
      const https = { 'x-forwarded-proto': 'https' };
      assert.equal((await proxied.app.inject(apiLogin({ ...https, origin: `https://${HOST}` }))).statusCode, 200);
      assert.equal((await proxied.app.inject(apiLogin({ ...https, origin: `http://${HOST}` }))).statusCode, 403);
    } finally {
      await proxied.close();
    }
  });

  test('reading is never refused', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/entries', headers: { host: HOST, authorization: BASIC, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' } });
    assert.equal(res.statusCode, 200);
  });
});
