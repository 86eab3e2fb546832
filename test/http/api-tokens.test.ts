import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Writable } from 'node:stream';
import pino from 'pino';
import { buildApp } from '../../src/app.js';
import { DEFAULT_LIMITS } from '../../src/config.js';
import { BASIC, login, SECRET, startTestApp, type TestApp } from '../helpers/app.js';
import { fileForm } from '../helpers/multipart.js';
import { fetchDocument, responseChecker } from '../helpers/openapi.js';

type Scope = 'upload' | 'files' | 'admin' | 'owner';
interface RouteCase {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD' | 'PATCH' | 'OPTIONS';
  url: string;
  /** The documented path, to prove the table covers every owner route. */
  path: string;
  scope: Scope;
  payload?: string | Buffer;
  headers?: Record<string, string>;
  /** What an authorized caller gets: the route ran (an unknown ID is its 404). */
  ok: number;
}

const ENTRY = 'abcdefghij';
const LINK = 'abcdefghijkmnopq';
const form = fileForm('table test');

// Every owner route, with a request the route answers without side effects on the others.
const ROUTES: RouteCase[] = [
  { method: 'POST', url: '/api/entry?expiration=2999-12-31T00:00:00Z', path: '/api/entry', scope: 'upload', payload: form.payload, headers: form.headers, ok: 200 },
  { method: 'PUT', url: '/table.txt', path: '/{filename}', scope: 'upload', payload: 'raw', ok: 201 },
  { method: 'GET', url: '/api/entries', path: '/api/entries', scope: 'files', ok: 200 },
  { method: 'GET', url: `/api/entry/${ENTRY}/downloads`, path: '/api/entry/{id}/downloads', scope: 'files', ok: 404 },
  { method: 'PUT', url: `/api/entry/${ENTRY}`, path: '/api/entry/{id}', scope: 'files', payload: '{"filename":"a"}', ok: 404 },
  { method: 'DELETE', url: `/api/entry/${ENTRY}`, path: '/api/entry/{id}', scope: 'files', ok: 200 },
  // An unknown file: the route runs and refuses it.
  { method: 'POST', url: '/api/bundles', path: '/api/bundles', scope: 'files', payload: `{"entryIds":["${ENTRY}"]}`, ok: 400 },
  { method: 'GET', url: '/api/bundles', path: '/api/bundles', scope: 'files', ok: 200 },
  { method: 'DELETE', url: '/api/bundle/abcdefghij', path: '/api/bundle/{id}', scope: 'files', ok: 404 },
  { method: 'GET', url: '/api/guest-links', path: '/api/guest-links', scope: 'admin', ok: 200 },
  { method: 'GET', url: `/api/guest-links/${LINK}`, path: '/api/guest-links/{id}', scope: 'admin', ok: 404 },
  { method: 'POST', url: '/api/guest-links', path: '/api/guest-links', scope: 'admin', payload: '{"label":"t","urlExpirationTime":"2999-12-31T00:00:00Z","fileLifetime":"876000h0m0s"}', ok: 200 },
  { method: 'DELETE', url: `/api/guest-links/${LINK}`, path: '/api/guest-links/{id}', scope: 'admin', ok: 200 },
  { method: 'PUT', url: `/api/guest-links/${LINK}/enable`, path: '/api/guest-links/{id}/enable', scope: 'admin', ok: 404 },
  { method: 'PUT', url: `/api/guest-links/${LINK}/disable`, path: '/api/guest-links/{id}/disable', scope: 'admin', ok: 404 },
  { method: 'GET', url: '/api/settings', path: '/api/settings', scope: 'admin', ok: 200 },
  { method: 'PUT', url: '/api/settings', path: '/api/settings', scope: 'admin', payload: '{"defaultExpirationDays":30}', ok: 200 },
  // No receiver is set in this table, so the route runs and says so.
  { method: 'POST', url: '/api/settings/notifications/test', path: '/api/settings/notifications/test', scope: 'admin', ok: 400 },
  { method: 'OPTIONS', url: '/api/tus', path: '/api/tus', scope: 'upload', ok: 204 },
  {
    method: 'POST', url: '/api/tus', path: '/api/tus', scope: 'upload', ok: 201,
    headers: { 'tus-resumable': '1.0.0', 'upload-length': '3', 'upload-metadata': `filename ${Buffer.from('table.txt').toString('base64')}` },
  },
  { method: 'HEAD', url: `/api/tus/${ENTRY}`, path: '/api/tus/{uploadId}', scope: 'upload', headers: { 'tus-resumable': '1.0.0' }, ok: 404 },
  {
    method: 'PATCH', url: `/api/tus/${ENTRY}`, path: '/api/tus/{uploadId}', scope: 'upload', ok: 404, payload: 'abc',
    headers: { 'tus-resumable': '1.0.0', 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
  },
  { method: 'DELETE', url: `/api/tus/${ENTRY}`, path: '/api/tus/{uploadId}', scope: 'upload', headers: { 'tus-resumable': '1.0.0' }, ok: 404 },
  { method: 'POST', url: '/api/tokens', path: '/api/tokens', scope: 'owner', payload: '{"name":"made in the table","scope":"upload"}', ok: 200 },
  { method: 'GET', url: '/api/tokens', path: '/api/tokens', scope: 'owner', ok: 200 },
  { method: 'DELETE', url: '/api/tokens/0000000000000000', path: '/api/tokens/{id}', scope: 'owner', ok: 404 },
];

const RANK = { upload: 0, files: 1, admin: 2, owner: 3 } as const;

let t: TestApp;
let cookie: string;
let check: ReturnType<typeof responseChecker>;
const tokens: Record<string, string> = {};

async function createToken(body: Record<string, unknown>): Promise<{ id: string; token: string; createdAt: string }> {
  const res = await t.app.inject({ method: 'POST', url: '/api/tokens', headers: { cookie }, payload: JSON.stringify(body) });
  assert.equal(res.statusCode, 200, res.body);
  check('POST', '/api/tokens', res);
  return { ...(JSON.parse(res.body) as { id: string; token: string }), createdAt: '' };
}

before(async () => {
  t = await startTestApp();
  cookie = await login(t.app);
  check = responseChecker(await fetchDocument(t.app));
  for (const scope of ['upload', 'files', 'admin'] as const) tokens[scope] = (await createToken({ name: `${scope} script`, scope })).token;
  const revoked = await createToken({ name: 'revoked', scope: 'admin' });
  assert.equal((await t.app.inject({ method: 'DELETE', url: `/api/tokens/${revoked.id}`, headers: { cookie } })).statusCode, 200);
  tokens.revoked = revoked.token;
  tokens.expired = (await createToken({ name: 'expired', scope: 'admin', expiresAt: new Date(t.clock.now().getTime() + 60_000).toISOString() })).token;
  t.clock.advance(61_000);
});
after(() => t.close());

describe('every owner route × every credential', () => {
  test('the table holds every owner route of the OpenAPI document', async () => {
    const document = await fetchDocument(t.app);
    const owner = Object.entries(document.paths).flatMap(([path, ops]) =>
      Object.entries(ops).filter(([, op]) => ((op as unknown as { security: unknown[] }).security ?? []).length > 0).map(([m]) => `${m.toUpperCase()} ${path}`),
    );
    assert.deepEqual(new Set(ROUTES.map((r) => `${r.method} ${r.path}`)), new Set(owner));
  });

  const credentials: { name: string; headers: () => Record<string, string>; want: (r: RouteCase) => number; message?: (r: RouteCase) => RegExp }[] = [
    { name: 'session', headers: () => ({ cookie }), want: (r) => r.ok },
    { name: 'passphrase (Basic)', headers: () => ({ authorization: BASIC }), want: (r) => r.ok },
    { name: 'no credentials', headers: () => ({}), want: () => 401 },
    { name: 'unknown token', headers: () => ({ authorization: 'Bearer psk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }), want: () => 401, message: () => /^invalid API token\n$/ },
    { name: 'malformed token', headers: () => ({ authorization: 'Bearer not-a-token' }), want: () => 401 },
    { name: 'revoked token', headers: () => ({ authorization: `Bearer ${tokens.revoked}` }), want: () => 401, message: () => /^API token revoked\n$/ },
    { name: 'expired token', headers: () => ({ authorization: `Bearer ${tokens.expired}` }), want: () => 401, message: () => /^API token expired\n$/ },
    ...(['upload', 'files', 'admin'] as const).map((scope) => ({
      name: `${scope} token`,
      headers: () => ({ authorization: `Bearer ${tokens[scope]}` }),
      want: (r: RouteCase) => (RANK[scope] >= RANK[r.scope] ? r.ok : 403),
      message: (r: RouteCase) => (RANK[scope] >= RANK[r.scope] ? /[\s\S]*/ : r.scope === 'owner' ? /cannot manage tokens/ : new RegExp(`needs "${r.scope}"`)),
    })),
  ];

  let client = 0;
  for (const credential of credentials) {
    test(credential.name, async () => {
      const got: string[] = [];
      const want: string[] = [];
      for (const route of ROUTES) {
        // One address per request keeps the login rate limit out of this table.
        const res = await t.app.inject({
          method: route.method,
          url: route.url,
          remoteAddress: `10.0.${Math.floor(++client / 250)}.${client % 250}`,
          headers: { ...route.headers, ...credential.headers() },
          ...(route.payload === undefined ? {} : { payload: route.payload }),
        });
        got.push(`${route.method} ${route.url} → ${res.statusCode}`);
        want.push(`${route.method} ${route.url} → ${credential.want(route)}`);
        // A HEAD answer has no body to read the message from.
        if (res.statusCode === credential.want(route) && credential.message && route.method !== 'HEAD') assert.match(res.body, credential.message(route), `${route.method} ${route.url}`);
        check(route.method, route.url, res);
      }
      assert.deepEqual(got, want);
      // A fresh window of the limiter's all-clients count for the next row.
      t.clock.advance(60_000);
    });
  }
});

describe('tokens', () => {
  test('the secret is shown once; the list shows name, scope and times, never a secret', async () => {
    const created = await createToken({ name: 'backup job', scope: 'files', expiresAt: '2030-01-01T00:00:00Z' });
    assert.match(created.token, /^psk_[A-Za-z0-9_-]{43}$/);
    const res = await t.app.inject({ method: 'GET', url: '/api/tokens', headers: { cookie } });
    check('GET', '/api/tokens', res);
    assert.ok(!res.body.includes(created.token));
    const stored = t.db.prepare('SELECT token_hash FROM api_tokens WHERE id = ?').get(created.id) as { token_hash: string };
    assert.ok(!stored.token_hash.includes(created.token.slice(4)), 'only a hash is stored');
    const row = (JSON.parse(res.body) as { id: string; createdAt: string }[]).find((r) => r.id === created.id);
    assert.equal(row?.createdAt, t.clock.now().toISOString().replace(/\.\d+Z$/, 'Z'));
    assert.deepEqual(row, {
      id: created.id, name: 'backup job', scope: 'files', createdAt: row!.createdAt, lastUsedAt: null,
      expiresAt: '2030-01-01T00:00:00Z', revokedAt: null, active: true,
    });
  });

  test('revocation takes effect on the very next request', async () => {
    const { id, token } = await createToken({ name: 'short-lived', scope: 'files' });
    const list = () => t.app.inject({ method: 'GET', url: '/api/entries', headers: { authorization: `Bearer ${token}` } });
    assert.equal((await list()).statusCode, 200);
    assert.equal((await t.app.inject({ method: 'DELETE', url: `/api/tokens/${id}`, headers: { cookie } })).statusCode, 200);
    const res = await list();
    assert.equal(res.statusCode, 401);
    assert.equal(res.headers['www-authenticate'], 'Bearer realm="PicoShare", error="invalid_token"');
  });

  test('last use is recorded, at most once a minute', async () => {
    const { id, token } = await createToken({ name: 'cron', scope: 'upload' });
    const lastUsed = async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/tokens', headers: { cookie } });
      return (JSON.parse(res.body) as { id: string; lastUsedAt: string | null }[]).find((r) => r.id === id)!.lastUsedAt;
    };
    const use = () => t.app.inject({ method: 'PUT', url: '/cron.txt', headers: { authorization: `Bearer ${token}` }, payload: 'x' });
    assert.equal(await lastUsed(), null);
    await use();
    const first = await lastUsed();
    assert.equal(first, t.clock.now().toISOString().replace(/\.\d+Z$/, 'Z'));
    t.clock.advance(30_000);
    await use();
    assert.equal(await lastUsed(), first, 'no write within the minute');
    t.clock.advance(31_000);
    await use();
    assert.notEqual(await lastUsed(), first);
  });

  test('a 403 names the scope needed, with an RFC 6750 challenge', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/entries', headers: { authorization: `Bearer ${tokens.upload}` } });
    assert.equal(res.statusCode, 403);
    assert.equal(res.body, 'API token scope "upload" does not cover this route: it needs "files"\n');
    assert.equal(res.headers['www-authenticate'], 'Bearer realm="PicoShare", error="insufficient_scope", scope="files"');
  });

  const badBodies: [string, string, string | RegExp][] = [
    ['no name', '{"scope":"upload"}', 'Invalid request: name: Invalid input: expected string, received undefined\n'],
    ['blank name', '{"name":"  ","scope":"upload"}', 'Invalid request: name: name is required\n'],
    ['unknown scope', '{"name":"a","scope":"root"}', 'Invalid request: scope: Invalid option: expected one of "upload"|"files"|"admin"\n'],
    ['expiry in the past', '{"name":"a","scope":"upload","expiresAt":"2020-01-01T00:00:00Z"}', 'Invalid request: expiresAt: must be in the future\n'],
    ['malformed expiry', '{"name":"a","scope":"upload","expiresAt":"tomorrow"}', 'Invalid request: expiresAt: not an RFC 3339 date-time\n'],
    ['not JSON', '{', /^Invalid request: Expected property name .* in JSON at position 1/],
  ];
  for (const [description, payload, message] of badBodies) {
    test(`creating: ${description} is a 400`, async () => {
      const res = await t.app.inject({ method: 'POST', url: '/api/tokens', headers: { cookie }, payload });
      check('POST', '/api/tokens', res);
      assert.equal(res.statusCode, 400);
      if (typeof message === 'string') assert.equal(res.body, message);
      else assert.match(res.body, message);
    });
  }

  test('revoking: a malformed ID is a 400, an unknown one a 404', async () => {
    const bad = await t.app.inject({ method: 'DELETE', url: '/api/tokens/xyz', headers: { cookie } });
    assert.equal(bad.statusCode, 400);
    check('DELETE', '/api/tokens/xyz', bad);
  });

  test('unknown tokens count against the login rate limit; a valid token still works', async () => {
    const remoteAddress = '192.0.2.7';
    let status = 0;
    for (let i = 0; i < 20 && status !== 429; i++) {
      status = (await t.app.inject({ method: 'GET', url: '/api/entries', remoteAddress, headers: { authorization: `Bearer psk_${'B'.repeat(42)}${i % 10}` } })).statusCode;
    }
    assert.equal(status, 429);
    const valid = await t.app.inject({ method: 'GET', url: '/api/entries', remoteAddress, headers: { authorization: `Bearer ${tokens.files}` } });
    assert.equal(valid.statusCode, 200);
    const guess = await t.app.inject({ method: 'POST', url: '/api/auth', remoteAddress, payload: '{"sharedSecretKey":"guess"}' });
    assert.equal(guess.statusCode, 429, 'the passphrase is locked for that client too');
  });

  test('Bearer clients send no Origin and pass the same-origin check; a cross-site cookie request is refused', async () => {
    const bearer = await t.app.inject({ method: 'PUT', url: '/so.txt', headers: { authorization: `Bearer ${tokens.upload}` }, payload: 'x' });
    assert.equal(bearer.statusCode, 201);
    const crossSite = await t.app.inject({ method: 'POST', url: '/api/tokens', headers: { cookie, origin: 'https://evil.example' }, payload: '{"name":"x","scope":"admin"}' });
    assert.equal(crossSite.statusCode, 403);
    assert.equal(crossSite.body, 'cross-origin request refused\n');
  });

  test('pages take no tokens: a Bearer header on an owner page is not a login', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/files', headers: { authorization: `Bearer ${tokens.admin}` } });
    assert.equal(res.statusCode, 401);
  });
});

describe('the access log', () => {
  test('names the token that made a request, never its secret', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) });
    const app = buildApp({ config: { sharedSecret: SECRET, behindProxy: false, limits: DEFAULT_LIMITS }, store: t.store, clock: t.clock, log: pino({ level: 'info' }, sink) });
    try {
      await app.inject({ method: 'PUT', url: '/logged.txt', headers: { authorization: `Bearer ${tokens.upload}` }, payload: 'x' });
      await app.inject({ method: 'GET', url: '/api/entries', headers: { authorization: `Bearer ${tokens.upload}` } });
      await app.inject({ method: 'GET', url: '/api/entries', headers: { cookie } });
      await app.inject({ method: 'GET', url: '/api/entries', headers: { authorization: `Bearer ${tokens.revoked}` } });
      const requests = lines.map((l) => JSON.parse(l) as { msg: string; status?: number; token?: string }).filter((l) => l.msg === 'request');
      assert.deepEqual(requests.map((r) => [r.status, r.token]), [[201, 'upload script'], [403, 'upload script'], [200, undefined], [401, 'revoked']]);
      const log = lines.join('');
      for (const secret of Object.values(tokens)) assert.ok(!log.includes(secret.slice(4)), 'a secret is in the log');
    } finally {
      await app.close();
    }
  });
});
