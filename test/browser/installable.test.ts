import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { multipart } from '../helpers/multipart.js';
import { eventually, expectText, login, startSession, textFile, uploadFiles, type Session } from './support.js';

// Issue 14, point 7: the installable app. Its service worker keeps only the
// app shell, a share from another app uploads the shared files, and phones get
// a Share button beside Copy.

let session: Session;
let page: Page;
const refused: string[] = [];
before(async () => {
  session = await startSession();
  page = await session.newPage();
  page.on('console', (message) => {
    if (/Content Security Policy|Refused/.test(message.text())) refused.push(message.text());
  });
  await login(page);
});
after(() => session.close());

/** Every URL in the service worker's caches, as paths. */
const cachedPaths = () =>
  page.evaluate(async () => {
    const { caches } = globalThis as any;
    const paths: string[] = [];
    for (const key of await caches.keys()) {
      for (const request of await (await caches.open(key)).keys()) paths.push(new URL(request.url).pathname + new URL(request.url).search);
    }
    return paths;
  });

test('the service worker takes control and caches the app shell only', async () => {
  await page.goto('/');
  await page.evaluate(async () => (globalThis as any).navigator.serviceWorker.ready);
  await page.reload();
  await eventually(async () => assert.equal(await page.evaluate(() => Boolean((globalThis as any).navigator.serviceWorker.controller)), true));

  // Use the site as the owner does: upload, list, open a file, ask the API.
  await uploadFiles(page, [textFile('through-the-worker.txt', 'not for the cache')]);
  const shortLink = (await page.locator('#upload-result #short-link-box #link').textContent())!;
  await page.locator('#upload-result .qr svg').waitFor();
  await page.goto('/files');
  await page.goto(shortLink);
  assert.equal(await page.locator('body').textContent(), 'not for the cache');
  await page.goto('/');
  await page.evaluate(async () => (await fetch('/api/entries')).json());

  const paths = await cachedPaths();
  assert.ok(paths.some((p) => /^\/assets\/js\/pages\/upload\.\w+\.js$/.test(p)), 'the page bundle');
  assert.ok(paths.some((p) => /^\/assets\/css\/base\.\w+\.css$/.test(p)), 'a stylesheet');
  assert.ok(paths.includes('/favicon.ico'), 'an icon');
  for (const path of paths) {
    assert.match(path, /^\/(assets\/[\w/.-]+\.\w+|[\w-]+\.(png|ico|svg))$/, `${path} is part of the shell`);
  }
  assert.deepEqual(refused, [], 'the worker and the lazy QR chunk load under the strict CSP');
});

test('with the worker in control, pages are still fresh from the server', async () => {
  await page.goto('/files');
  await uploadFilesElsewhere('fresh-after-worker.txt');
  await page.reload();
  await page.getByRole('row').filter({ hasText: 'fresh-after-worker.txt' }).waitFor();
});

async function uploadFilesElsewhere(name: string): Promise<void> {
  const form = multipart([{ name: 'file', filename: name, contentType: 'text/plain', data: 'uploaded by a script' }]);
  const res = await page.request.post('/api/entry?expiration=2030-01-01T00:00:00Z', { headers: { ...form.headers, accept: 'application/json' }, data: form.payload });
  assert.equal(res.status(), 200);
}

test('Share → PicoShare: the shared files are uploaded and the page shows their links', async () => {
  const shared = await session.newPage();
  await login(shared);
  const form = multipart([
    { name: 'file', filename: 'IMG_2041.jpg', contentType: 'image/jpeg', data: Buffer.from('a photo from the gallery') },
    { name: 'file', filename: 'IMG_2042.jpg', contentType: 'image/jpeg', data: Buffer.from('another photo') },
  ]);
  // Android opens the share target as a POST navigation from no page at all,
  // which is what a navigation typed into the address bar is, made a POST.
  await shared.route('**/share', (route) =>
    route.continue({ method: 'POST', postData: form.payload, headers: { ...route.request().headers(), ...form.headers } }),
  );
  await shared.goto('/share');
  await expectText(shared.locator('#upload-result .message-body'), '2 files uploaded.');
  const links = shared.locator('#result-links upload-links');
  assert.deepEqual(await links.evaluateAll((els) => els.map((e) => e.getAttribute('filename'))), ['IMG_2041.jpg', 'IMG_2042.jpg']);
  const shortLinks = await shared.locator('#result-links #short-link-box #link').allTextContents();
  assert.equal(await (await shared.request.get(shortLinks[0]!)).text(), 'a photo from the gallery');
  await shared.locator('#result-links .qr svg').first().waitFor();
});

test('Share → PicoShare without a session leads to the login page', async () => {
  const stranger = await session.newPage();
  const form = multipart([{ name: 'file', filename: 'IMG_3000.jpg', contentType: 'image/jpeg', data: Buffer.from('x') }]);
  await stranger.route('**/share', (route) =>
    route.request().method() === 'GET' && route.request().url().endsWith('/share')
      ? route.continue({ method: 'POST', postData: form.payload, headers: { ...route.request().headers(), ...form.headers } })
      : route.continue(),
  );
  await stranger.goto('/share');
  await stranger.waitForURL((url) => url.pathname === '/login');
  assert.equal(new URL(stranger.url()).searchParams.get('next'), '/share');
});

test('on a phone with the Web Share API, each link has a Share button beside Copy', async () => {
  const phone = await session.newPage({ isMobile: true, hasTouch: true, viewport: { width: 390, height: 844 } });
  await phone.addInitScript(() => {
    const nav = (globalThis as any).navigator;
    (globalThis as any).shared = [];
    nav.share = async (data: unknown) => void (globalThis as any).shared.push(data);
  });
  await login(phone);
  await phone.locator('.file-input').setInputFiles([textFile('to-share.txt', 'share me')]);
  await expectText(phone.locator('#upload-result .message-body'), 'Upload complete!');
  const shortLink = await phone.locator('#upload-result #short-link-box #link').textContent();
  await phone.getByRole('button', { name: 'Share short link' }).click();
  await eventually(async () => assert.deepEqual(await phone.evaluate(() => (globalThis as any).shared), [{ url: shortLink }]));
  // And the hint about dropping files, which a phone cannot do, is gone.
  assert.equal(await phone.locator('.file-cta-hint').isVisible(), false);
  // A desktop browser, even one with the API, keeps Copy alone.
  assert.equal(await page.getByRole('button', { name: 'Share short link' }).count(), 0);
});
