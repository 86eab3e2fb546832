import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';
import { login, startTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
let page: string;
before(async () => {
  t = await startTestApp();
  page = (await t.app.inject({ method: 'GET', url: '/', headers: { cookie: await login(t.app) } })).body;
});
after(() => t.close());

const HASHED = /\/assets\/[\w/-]+\.([0-9a-f]{12})\.(css|js|mjs|svg)/g;

test('pages link assets by URLs that carry a hash of their content', async () => {
  const urls = new Set([...page.matchAll(HASHED)].map((m) => m[0]));
  assert.ok([...urls].some((u) => u.startsWith('/assets/css/base.')), 'stylesheet');
  assert.ok([...urls].some((u) => u.startsWith('/assets/js/pages/upload.')), 'page script');
  for (const url of urls) {
    const res = await t.app.inject({ method: 'GET', url });
    assert.equal(res.statusCode, 200, url);
    const hash = createHash('sha256').update(res.rawPayload).digest('hex').slice(0, 12);
    assert.equal(url.match(/\.([0-9a-f]{12})\./)![1], hash, `${url} is named after its content`);
  }
});

test('hashed assets are cached for good and revalidate by ETag', async () => {
  const url = [...page.matchAll(HASHED)].find((m) => m[2] === 'css')![0];
  const res = await t.app.inject({ method: 'GET', url });
  assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable');
  assert.equal(res.headers['content-type'], 'text/css; charset=utf-8');
  assert.equal(res.headers['x-content-type-options'], 'nosniff');
  const again = await t.app.inject({ method: 'GET', url, headers: { 'if-none-match': String(res.headers.etag) } });
  assert.equal(again.statusCode, 304);
  assert.equal(again.body, '');
});

test('every module in the import map resolves, including the vendored QR encoder', async () => {
  const map = JSON.parse(/<script type="importmap"[^>]*>(.*?)<\/script>/s.exec(page)![1]!) as { imports: Record<string, string> };
  assert.ok(map.imports['/assets/vendor/qrcode.mjs'], 'QR encoder mapped');
  for (const [plain, hashed] of Object.entries(map.imports)) {
    assert.equal(hashed.replace(/\.[0-9a-f]{12}(\.m?js)$/, '$1'), plain);
    const res = await t.app.inject({ method: 'GET', url: hashed });
    assert.equal(res.statusCode, 200, hashed);
    assert.equal(res.headers['content-type'], 'text/javascript; charset=utf-8');
  }
});

test('a wrong hash, an unhashed name or a folder is a plain 404', async () => {
  for (const url of ['/assets/css/base.000000000000.css', '/assets/css/base.css', '/assets/css/', '/assets/../package.json']) {
    const res = await t.app.inject({ method: 'GET', url });
    assert.equal(res.statusCode, 404, url);
  }
});

test('the ten root icons and manifests of upstream answer at their fixed paths (§1.1 S4)', async () => {
  const types: Record<string, string> = {
    '/favicon.ico': 'image/x-icon',
    '/favicon-16x16.png': 'image/png',
    '/favicon-32x32.png': 'image/png',
    '/android-chrome-192x192.png': 'image/png',
    '/android-chrome-384x384.png': 'image/png',
    '/apple-touch-icon.png': 'image/png',
    '/mstile-150x150.png': 'image/png',
    '/safari-pinned-tab.svg': 'image/svg+xml',
    '/browserconfig.xml': 'application/xml; charset=utf-8',
    '/site.webmanifest': 'application/manifest+json',
  };
  for (const [url, type] of Object.entries(types)) {
    const res = await t.app.inject({ method: 'GET', url });
    assert.equal(res.statusCode, 200, url);
    assert.equal(res.headers['content-type'], type);
    assert.equal(res.headers['cache-control'], 'public, max-age=86400');
  }
  const manifest = JSON.parse((await t.app.inject({ method: 'GET', url: '/site.webmanifest' })).body) as { icons: { src: string }[] };
  for (const icon of manifest.icons) assert.equal((await t.app.inject({ method: 'GET', url: icon.src })).statusCode, 200);
});
