import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import Fastify from 'fastify';
import { buildApp } from '../../src/app.js';
import { DEFAULT_LIMITS } from '../../src/config.js';
import { requireDeclaredScope } from '../../src/http/auth.js';
import { BASIC, login, SECRET, silentLog, startTestApp, type TestApp } from '../helpers/app.js';
import { fileForm } from '../helpers/multipart.js';
import { fetchDocument, responseChecker, type OpenApiDocument } from '../helpers/openapi.js';

let t: TestApp;
let document: OpenApiDocument;
before(async () => {
  t = await startTestApp();
  document = await fetchDocument(t.app);
});
after(() => t.close());

const toPath = (url: string) => url.replace(/:(\w+)/g, '{$1}');

describe('GET /api/openapi.json', () => {
  test('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(document as never);
    assert.deepEqual(result, { valid: true });
    assert.equal(document.openapi, '3.1.0');
  });

  test('describes every route Fastify registers under /api, and the raw uploads', async () => {
    // A second app, watched from the start: every route it registers, whatever registered it.
    const app = buildApp({ config: { sharedSecret: SECRET, behindProxy: false, limits: DEFAULT_LIMITS }, store: t.store, clock: t.clock, log: silentLog });
    const registered: { method: string; url: string; hidden?: string }[] = [];
    app.addHook('onRoute', (route) => {
      const api = route.config?.api;
      for (const method of [route.method].flat()) registered.push({ method, url: route.url, ...(api && 'hidden' in api ? { hidden: api.hidden } : {}) });
    });
    await app.ready();
    const api = registered.filter((r) => r.url.startsWith('/api/') || r.url.includes(':filename'));
    assert.ok(api.length > 20);
    const hidden = new Set(api.flatMap((r) => (r.hidden ? [r.hidden] : [])));
    assert.deepEqual([...hidden].sort(), ['answers 405 to methods the path does not serve']);
    const missing = api
      .filter((r) => !r.hidden && !(r.method === 'HEAD' && document.paths[toPath(r.url)]?.get))
      .filter((r) => !document.paths[toPath(r.url)]?.[r.method.toLowerCase()])
      .map((r) => `${r.method} ${r.url}`);
    assert.deepEqual(missing, []);
    // And nothing documented that the server does not answer.
    const served = new Set(api.map((r) => `${r.method.toLowerCase()} ${toPath(r.url)}`));
    const documented = Object.entries(document.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`));
    assert.deepEqual(documented.filter((d) => !served.has(d)), []);
    await app.close();
  });

  test('owner routes carry the cookie, Basic and (with their scope) Bearer schemes', () => {
    const schemes = document.components as { securitySchemes: Record<string, { type: string; scheme?: string }> };
    assert.deepEqual(Object.keys(schemes.securitySchemes).sort(), ['basicAuth', 'bearerAuth', 'cookieAuth']);
    assert.deepEqual((document.paths['/api/entries']!.get as unknown as { security: unknown }).security, [{ cookieAuth: [] }, { basicAuth: [] }, { bearerAuth: ['files'] }]);
    assert.deepEqual((document.paths['/{filename}']!.put as unknown as { security: unknown }).security, [{ cookieAuth: [] }, { basicAuth: [] }, { bearerAuth: ['upload'] }]);
    assert.deepEqual((document.paths['/api/tokens']!.post as unknown as { security: unknown }).security, [{ cookieAuth: [] }, { basicAuth: [] }]);
    assert.deepEqual((document.paths['/api/guest/{id}']!.post as unknown as { security: unknown }).security, []);
  });

  test('an owner route that declares no scope stops the server from starting', async () => {
    const app = Fastify();
    await assert.rejects(async () => {
      await app.register(async (owner) => {
        owner.addHook('onRoute', requireDeclaredScope);
        owner.get('/api/forgotten', async () => 'x');
      });
      await app.ready();
    }, /owner route GET \/api\/forgotten declares no scope/);
  });
});

describe('the API answers as documented', () => {
  test('a session of calls, each response checked against its schema', async () => {
    const check = responseChecker(document);
    const cookie = await login(t.app);
    const call = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, options: { payload?: string | Buffer; headers?: Record<string, string> } = {}) => {
      const res = await t.app.inject({ method, url, headers: { cookie, ...options.headers }, ...(options.payload === undefined ? {} : { payload: options.payload }) });
      check(method, url, res);
      return res;
    };
    const form = fileForm('hello', 'hello.txt', 'text/plain');
    const { id } = JSON.parse((await call('POST', '/api/entry?expiration=2999-12-31T00:00:00Z', { payload: form.payload, headers: form.headers })).body) as { id: string };
    await call('PUT', '/raw.txt', { payload: 'raw' });
    await call('PUT', '/raw.json', { payload: 'raw', headers: { accept: 'application/json' } });
    await call('PUT', '/bad.txt?expiration=soon', { payload: 'raw' });
    await call('GET', '/api/entries?limit=1');
    await call('GET', '/api/entries?limit=0');
    await t.app.inject({ method: 'GET', url: `/-${id}` });
    await call('GET', `/api/entry/${id}/downloads`);
    await call('PUT', `/api/entry/${id}`, { payload: '{"filename":"renamed.txt","note":"n"}' });
    await call('PUT', `/api/entry/${id}`, { payload: '{"filename":"a/b"}' });
    const link = JSON.parse((await call('POST', '/api/guest-links', { payload: '{"label":"g","urlExpirationTime":"2999-12-31T00:00:00Z","fileLifetime":"876000h0m0s","maxFileUploads":1}' })).body) as { id: string };
    await call('GET', '/api/guest-links');
    await call('GET', `/api/guest-links/${link.id}`);
    await call('PUT', `/api/guest-links/${link.id}/disable`);
    await call('PUT', `/api/guest-links/${link.id}/enable`);
    const guest = fileForm('from a guest', 'guest.txt');
    await call('POST', `/api/guest/${link.id}`, { payload: guest.payload, headers: { ...guest.headers, cookie: '' } });
    await call('POST', `/api/guest/${link.id}`, { payload: guest.payload, headers: { ...guest.headers, cookie: '' } });
    await call('PUT', `/g/${link.id}/x.txt`, { payload: 'x', headers: { cookie: '' } });
    await call('DELETE', `/api/guest-links/${link.id}`);
    await call('GET', '/api/settings');
    await call('PUT', '/api/settings', { payload: '{"defaultExpirationDays":0}' });
    await call('POST', '/api/tokens', { payload: '{"name":"n","scope":"admin"}' });
    await call('GET', '/api/tokens');
    await call('DELETE', `/api/entry/${id}`);
    await call('GET', '/api/openapi.json');
    await call('GET', '/api/entries', { headers: { cookie: '', authorization: 'Basic Ong=' } });
    await call('DELETE', '/api/auth');
    const wrong = await t.app.inject({ method: 'POST', url: '/api/auth', payload: '{"sharedSecretKey":"nope"}' });
    check('POST', '/api/auth', wrong);
    check('GET', '/api/settings', await t.app.inject({ method: 'GET', url: '/api/settings', headers: { authorization: BASIC } }));
  });
});

describe('GET /api/docs', () => {
  test('renders every operation on our own origin, under the page CSP', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs' });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-security-policy']), /script-src[^;]*'nonce-/);
    for (const [path, ops] of Object.entries(document.paths)) {
      for (const method of Object.keys(ops)) {
        assert.ok(res.body.includes(`<span class="api-method">${method.toUpperCase()}</span> <code>${path}</code>`), `${method} ${path}`);
      }
    }
    assert.ok(!/<script[^>]+src="https?:/.test(res.body), 'no third-party scripts');
    assert.ok(res.body.includes('Bearer token (scope files)'));
  });
});
