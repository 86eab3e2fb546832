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

const HASHED = /\/assets\/[\w/-]+\.([0-9a-f]{12})\.(css|svg)/g;
// esbuild names bundles by a hash of their content and of what they import.
const BUNDLE = /\/assets\/js\/[\w/-]+\.[A-Z2-7]{8}\.js/g;

test('pages link assets by URLs that carry a hash of their content', async () => {
  const urls = new Set([...page.matchAll(HASHED)].map((m) => m[0]));
  assert.ok([...urls].some((u) => u.startsWith('/assets/css/base.')), 'stylesheet');
  for (const url of urls) {
    const res = await t.app.inject({ method: 'GET', url });
    assert.equal(res.statusCode, 200, url);
    const hash = createHash('sha256').update(res.rawPayload).digest('hex').slice(0, 12);
    assert.equal(url.match(/\.([0-9a-f]{12})\./)![1], hash, `${url} is named after its content`);
  }
});

test('a page loads one bundled script and preloads the chunks it imports', async () => {
  const scripts = [...page.matchAll(/<script type="module"[^>]*src="([^"]+)"/g)].map((m) => m[1]!);
  assert.equal(scripts.length, 1, 'one script per page');
  assert.match(scripts[0]!, /^\/assets\/js\/pages\/upload\.[A-Z2-7]{8}\.js$/);
  const preloads = [...page.matchAll(/<link rel="modulepreload" nonce="[^"]+" href="([^"]+)"/g)].map((m) => m[1]!);
  const bundle = await t.app.inject({ method: 'GET', url: scripts[0]! });
  assert.equal(bundle.statusCode, 200);
  assert.equal(bundle.headers['content-type'], 'text/javascript; charset=utf-8');
  assert.equal(bundle.headers['cache-control'], 'public, max-age=31536000, immutable');
  // Minified, and every chunk it imports statically is preloaded.
  // esbuild keeps the bundled packages' license notices (/*! … */) at the end, as their licenses ask.
  assert.ok(!/\n\s+\S/.test(bundle.body.replace(/\/\*![\s\S]*?\*\//g, '')), 'minified');
  for (const [, chunk] of bundle.body.matchAll(/from"\.\.\/chunks\/([\w.]+\.js)"/g)) {
    assert.ok(preloads.includes(`/assets/js/chunks/${chunk}`), `${chunk} preloaded`);
  }
  for (const url of new Set([...page.matchAll(BUNDLE)].map((m) => m[0]))) {
    assert.equal((await t.app.inject({ method: 'GET', url })).statusCode, 200, url);
  }
});

test('the QR encoder is a chunk of its own, loaded only when a link is shown', async () => {
  const chunks = await Promise.all(
    [...page.matchAll(BUNDLE)].map(async (m) => (await t.app.inject({ method: 'GET', url: m[0] })).body),
  );
  assert.ok(chunks.every((text) => !text.includes('getModuleCount')), 'no QR encoder in what the page loads');
  const lazy = [...chunks.join('\n').matchAll(/import\("\.\.?\/(?:chunks\/)?(qr-svg\.[A-Z2-7]{8}\.js)"\)/g)].map((m) => m[1]);
  assert.equal(lazy.length > 0, true, 'imported dynamically');
  const qr = await t.app.inject({ method: 'GET', url: `/assets/js/chunks/${lazy[0]}` });
  assert.equal(qr.statusCode, 200);
  assert.match(qr.body, /getModuleCount/);
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

test('a wrong hash, an unhashed name or a folder is a plain 404', async () => {
  for (const url of ['/assets/css/base.000000000000.css', '/assets/css/base.css', '/assets/css/', '/assets/js/site.js', '/assets/js/lib/api.js', '/assets/../package.json']) {
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
