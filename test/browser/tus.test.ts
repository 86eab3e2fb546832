import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startFlakyProxy, type FlakyProxy } from '../helpers/flaky-proxy.js';
import { startServerProcess, stopServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { waitFor } from '../helpers/wait.js';
import { expectText, login, PASSPHRASE } from './support.js';

// Resumable uploads in the browser (issue 13): a file bigger than a proxy's
// body cap, a server killed and restarted mid-upload, a reload and a re-pick.
const MB = 1_000_000;
const FILE_MB = Number(process.env.TUS_BROWSER_MB ?? 300);
const UPLOAD_TIMEOUT_MS = 240_000;

let dir: string;
let db: string;
let server: ServerProcess;
let proxy: FlakyProxy;
let browser: Browser;
const env = { PS_SHARED_SECRET: PASSPHRASE, TZ: 'UTC', LOG_LEVEL: 'warn' };

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'picoshare-tus-browser-'));
  db = join(dir, 'store.db');
  server = await startServerProcess(['--db', db], env);
  proxy = await startFlakyProxy(server.url, { maxBodyBytes: 100 * MB, dropRate: 0, seed: 1 });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'], timeout: 30_000 });
});
after(async () => {
  await browser?.close();
  await proxy?.close();
  if (server) await stopServerProcess(server);
  rmSync(dir, { recursive: true, force: true });
});

/** A random file on disk, written in pieces; returns its path and sha256. */
function randomFile(name: string, bytes: number): { path: string; sha256: string } {
  const path = join(dir, name);
  const fd = openSync(path, 'w');
  const hash = createHash('sha256');
  for (let left = bytes; left > 0; ) {
    const piece = randomBytes(Math.min(left, 4 * MB));
    writeSync(fd, piece);
    hash.update(piece);
    left -= piece.length;
  }
  closeSync(fd);
  return { path, sha256: hash.digest('hex') };
}

async function downloadedSha256(id: string): Promise<string> {
  const res = await fetch(`${server.url}/-${id}`);
  const hash = createHash('sha256');
  for await (const piece of res.body as unknown as AsyncIterable<Uint8Array>) hash.update(piece);
  return hash.digest('hex');
}

function storedOffset(): number {
  const reader = new Database(db, { readonly: true });
  try {
    return (reader.prepare('SELECT COALESCE(MAX(upload_offset), 0) AS n FROM tus_uploads').get() as { n: number }).n;
  } finally {
    reader.close();
  }
}

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ baseURL: proxy.url, timezoneId: 'UTC' });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  await login(page);
  return page;
}

const shortLinkId = async (page: Page) => (await page.locator('#upload-result upload-links').getAttribute('file-id'))!;

describe('resumable uploads in the browser', () => {
  test(`a ${FILE_MB} MB file passes a proxy that caps bodies at 100 MB, and survives a kill -9 restart`, async () => {
    const file = randomFile('big.bin', FILE_MB * MB);
    const page = await newPage();
    await page.locator('.file-input').setInputFiles(file.path);
    await waitFor(() => storedOffset() >= (FILE_MB * MB) / 3, 'a third of the file to be stored', UPLOAD_TIMEOUT_MS);
    server.child.kill('SIGKILL');
    await new Promise((resolve) => server.child.once('exit', resolve));
    server = await startServerProcess(['--db', db], env);
    proxy.target = server.url;
    // No user action: the page retries and continues.
    await expectText(page.locator('#upload-result .message-body'), 'Upload complete!', UPLOAD_TIMEOUT_MS);
    assert.equal(proxy.refused, 0, 'no PATCH was over the cap');
    assert.equal(await downloadedSha256(await shortLinkId(page)), file.sha256);
  });

  test('after a reload, picking the same file again continues from the stored offset', async () => {
    const file = randomFile('again.bin', 120 * MB);
    const page = await newPage();
    await page.locator('.file-input').setInputFiles(file.path);
    await waitFor(() => storedOffset() >= 60 * MB, 'half the file to be stored', UPLOAD_TIMEOUT_MS);
    await page.reload();
    const before = storedOffset();
    const reader = new Database(db, { readonly: true });
    const pending = reader.prepare('SELECT id FROM tus_uploads').all() as { id: string }[];
    reader.close();
    assert.equal(pending.length, 1);
    await page.locator('.file-input').setInputFiles(file.path);
    await expectText(page.locator('#upload-result .message-body'), 'Upload complete!', UPLOAD_TIMEOUT_MS);
    const id = await shortLinkId(page);
    // The same upload: starting it over would have been a new one (a PATCH at 0 is refused with 409).
    assert.equal(id, pending[0]!.id, 'the same upload, continued');
    assert.ok(before >= 60 * MB);
    assert.equal(await downloadedSha256(id), file.sha256);
  });
});



