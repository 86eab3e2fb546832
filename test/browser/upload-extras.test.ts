import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { readQrCode } from './qr.js';
import { eventually, expectText, expectUrl, login, rowWith, screenshot, startSession, textFile, type Session } from './support.js';

// What upstream does not do: several files at once, progress with speed and
// time left, drops anywhere on the page, QR codes.

let session: Session;
let page: Page;
let blank: Page;
before(async () => {
  session = await startSession();
  page = await session.newPage();
  blank = await session.newPage();
  await login(page);
});
after(() => session.close());

const summary = () => page.locator('#upload-result .message-body');
const items = () => page.locator('#result-links .upload-item');

test('three files at once: each its own entry with its own links', async () => {
  const files = [textFile('multi-a.txt', 'first of three'), textFile('multi-b.txt', 'second of three'), textFile('multi-c.txt', 'third of three')];
  await page.locator('.file-input').setInputFiles(files);
  await expectText(summary(), 'Upload complete!');
  assert.equal(await items().count(), 3);
  const links = page.locator('#result-links upload-links');
  assert.deepEqual(await links.evaluateAll((els) => els.map((e) => e.getAttribute('filename'))), ['multi-a.txt', 'multi-b.txt', 'multi-c.txt']);
  const shortLinks = await page.locator('#result-links #short-link-box #link').allTextContents();
  assert.equal(new Set(shortLinks).size, 3);
  for (const [i, link] of shortLinks.entries()) {
    assert.equal(await (await page.request.get(link)).text(), files[i]!.buffer.toString());
  }
  assert.equal(await page.title(), 'PicoShare - Complete');
});

test('a failing file does not stop the others, and says why', async () => {
  await page.getByRole('button', { name: 'Upload Another' }).click();
  await page.locator('.file-input').setInputFiles([textFile('fine-1.txt', 'fine'), textFile('empty.txt', ''), textFile('fine-2.txt', 'also fine')]);
  await expectText(summary(), '2 of 3 files uploaded; 1 failed.');
  await expectText(page.locator('.upload-item[data-state="failed"] .upload-error'), 'File must be non-empty');
  assert.equal(await page.locator('.upload-item[data-state="done"] upload-links').count(), 2);
  await page.getByRole('menuitem', { name: 'Files' }).click();
  await rowWith(page, 'fine-2.txt').waitFor();
  assert.equal(await rowWith(page, 'empty.txt').count(), 0);
});

test('a 50 MB upload shows percentage, speed and time left, and the tab title follows', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'picoshare-big-'));
  const path = join(dir, 'big-50mb.bin');
  writeFileSync(path, Buffer.alloc(50 * 1024 * 1024, 7));
  try {
    await page.goto('/');
    // Loopback is too fast to watch: Chromium's network emulation slows the upload to ~25 MB/s.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 25 * 1024 * 1024 });
    // Runs in the browser (as do the other evaluate callbacks); the project compiles without the DOM library.
    await page.evaluate(() => {
      const w = globalThis as any;
      w.samples = [];
      setInterval(() => {
        const progress = w.document.querySelector('.upload-progress');
        if (progress) w.samples.push({ value: progress.value, status: w.document.querySelector('.upload-status')?.textContent ?? '', title: w.document.title });
      }, 40);
    });
    await page.locator('.file-input').setInputFiles(path);
    await expectText(page.locator('.upload-status'), / left$/);
    await screenshot(page, 'upload-progress-desktop-light');
    await expectText(summary(), 'Upload complete!', 30_000);
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    const samples: { value: number; status: string; title: string }[] = await page.evaluate(() => (globalThis as any).samples);
    const midway = samples.filter((s) => s.value > 0 && s.value < 100);
    assert.ok(midway.length >= 3, `progress seen ${midway.length} times`);
    assert.ok(midway.some((s) => /^\d+% · [\d.]+ [kMG]?B of 50\.00 MB · [\d.]+ [kMG]?B\/s · \d+( min \d+)? s left$/.test(s.status)), midway.map((s) => s.status).join('\n'));
    assert.ok(midway.some((s) => /^PicoShare ↑ [1-9]\d?%$/.test(s.title)), 'title shows the percentage');
    const link = await page.locator('#short-link-box #link').textContent();
    const head = await page.request.head(String(link));
    assert.equal(head.headers()['content-length'], String(50 * 1024 * 1024));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an upload can be cancelled midway, and leaves no file behind', async () => {
  await page.goto('/');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 2 * 1024 * 1024 });
  try {
    await page.locator('.file-input').setInputFiles([{ name: 'changed-my-mind.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(8 * 1024 * 1024, 1) }]);
    await expectText(page.locator('.upload-status'), / left$/);
    await page.getByRole('button', { name: 'Cancel upload of changed-my-mind.bin' }).click();
    await expectText(page.locator('.upload-item .upload-error'), 'Upload cancelled.');
    await expectText(summary(), 'Upload failed.');
  } finally {
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await cdp.detach();
  }
  await page.getByRole('menuitem', { name: 'Files' }).click();
  await rowWith(page, 'multi-a.txt').waitFor();
  assert.equal(await rowWith(page, 'changed-my-mind.bin').count(), 0);
});

test('files dropped anywhere on the page are uploaded', async () => {
  await page.goto('/');
  const dataTransfer = await page.evaluateHandle(() => {
    const { DataTransfer } = globalThis as any;
    const transfer = new DataTransfer();
    transfer.items.add(new File(['dropped by a test'], 'dropped.txt', { type: 'text/plain' }));
    return transfer;
  });
  await page.dispatchEvent('h1', 'dragenter', { dataTransfer });
  await page.locator('.drop-overlay').waitFor({ state: 'visible' });
  await page.dispatchEvent('h1', 'drop', { dataTransfer });
  await expectText(summary(), 'Upload complete!');
  assert.equal(await page.locator('#upload-result upload-links').getAttribute('filename'), 'dropped.txt');
  assert.equal(await page.locator('.drop-overlay').isVisible(), false);
});

test('a pasted image is uploaded under a dated name', async () => {
  await page.goto('/');
  await page.locator('#pastebox').evaluate((box) => {
    const { DataTransfer, ClipboardEvent } = globalThis as any;
    const data = new DataTransfer();
    // Browsers name a pasted screenshot image.png.
    data.items.add(new File([new Uint8Array([137, 80, 78, 71])], 'image.png', { type: 'image/png' }));
    box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
  await expectText(summary(), 'Upload complete!');
  assert.match(String(await page.locator('#upload-result upload-links').getAttribute('filename')), /^pasted-\d{4}-\d\d-\d\dT\d{6}\.\d{3}Z\.png$/);
});

test('Copy puts the short link on the clipboard and says so', async () => {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByRole('menuitem', { name: 'Files' }).click();
  const row = rowWith(page, 'multi-a.txt');
  const href = String(await row.getByRole('link', { name: 'multi-a.txt' }).getAttribute('href'));
  await row.getByRole('button', { name: 'Copy' }).click();
  await page.getByText('Copied link').waitFor();
  assert.equal(await page.evaluate(() => (globalThis as any).navigator.clipboard.readText()), `${session.baseURL}${href}`);
});

test('the full link reads as typed, while it opens and copies percent-encoded', async () => {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/');
  const name = 'Grüße an alle – 日本.txt';
  await page.locator('.file-input').setInputFiles([textFile(name, 'hallo')]);
  await expectText(summary(), 'Upload complete!');
  const shortLink = String(await page.locator('#upload-result #short-link-box #link').textContent());
  const link = page.locator('#upload-result #verbose-link-box #link');
  assert.equal(await link.textContent(), `${shortLink}/${name}`);
  assert.equal(await link.getAttribute('href'), `${shortLink}/${encodeURIComponent(name)}`);
  await page.locator('#upload-result #verbose-link-box').getByRole('button', { name: 'Copy full link' }).click();
  await eventually(async () => assert.equal(await page.evaluate(() => (globalThis as any).navigator.clipboard.readText()), `${shortLink}/${encodeURIComponent(name)}`));
  assert.equal(await (await page.request.get(String(await link.getAttribute('href')))).text(), 'hallo');
});

test('the QR code on the upload result and on the file page reads as the short link', async () => {
  await page.goto('/');
  await page.locator('.file-input').setInputFiles([textFile('qr.txt', 'scan me')]);
  await expectText(summary(), 'Upload complete!');
  const shortLink = String(await page.locator('#upload-result #short-link-box #link').textContent());
  assert.match(shortLink, /^http:\/\/127\.0\.0\.1:\d+\/-[A-Za-z2-9]{10}$/);
  assert.equal(await readQrCode(page.locator('#upload-result upload-links .qr svg'), blank), shortLink);

  await page.getByRole('menuitem', { name: 'Files' }).click();
  await rowWith(page, 'qr.txt').getByRole('button', { name: 'Information' }).click();
  await expectUrl(page, /^\/files\/.+\/info$/);
  await eventually(async () => assert.equal(await readQrCode(page.locator('upload-links .qr svg'), blank), shortLink));
});
