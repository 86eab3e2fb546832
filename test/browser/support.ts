import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';
import { startServerProcess, stopServerProcess, type ServerProcess } from '../helpers/server-process.js';

// Browser tests drive the real server (src/main.ts) in Debian's Chromium: one
// server with a fresh database and one browser per test file, every wait bounded.

export const PASSPHRASE = 'dummypass';
// Debian's package; CHROMIUM_PATH points elsewhere (and lets the skip below be tried).
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ACTION_TIMEOUT_MS = 10_000;
const NAVIGATION_TIMEOUT_MS = 15_000;
const SCREENSHOTS = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));

// Issue 14: `npm test` on a machine without Chromium passes, saying what to
// install; CI (`CI=true`, where .ci/run installs it) requires it. The whole
// file stops here, before its hooks would try to start a browser: node's test
// runner has no way to skip a file from inside it once hooks are declared.
if (!existsSync(CHROMIUM)) {
  const message = `browser tests skipped: Chromium is not installed at ${CHROMIUM} (apt-get install chromium)`;
  if (process.env.CI === 'true') throw new Error(`${message}; CI=true requires them`);
  console.log(message);
  process.exit(0);
}

export interface Session {
  server: ServerProcess;
  browser: Browser;
  baseURL: string;
  /** A new browser context (its own cookies) with a page on it. */
  newPage(options?: BrowserContextOptions): Promise<Page>;
  close(): Promise<void>;
}

export async function startSession(): Promise<Session> {
  const dir = mkdtempSync(join(tmpdir(), 'picoshare-browser-'));
  const server = await startServerProcess(['--db', join(dir, 'store.db')], {
    PS_SHARED_SECRET: PASSPHRASE,
    TZ: 'UTC',
    LOG_LEVEL: 'warn',
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    timeout: 30_000,
  });
  const contexts: BrowserContext[] = [];
  return {
    server,
    browser,
    baseURL: server.url,
    async newPage(options = {}) {
      const context = await browser.newContext({ baseURL: server.url, timezoneId: 'UTC', ...options });
      context.setDefaultTimeout(ACTION_TIMEOUT_MS);
      context.setDefaultNavigationTimeout(NAVIGATION_TIMEOUT_MS);
      contexts.push(context);
      return context.newPage();
    },
    async close() {
      await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
      await browser.close();
      await stopServerProcess(server);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Upstream's login helper (the Log In menu item, the passphrase, back on `/`), unless already logged in. */
export async function login(page: Page): Promise<void> {
  await page.goto('/');
  if ((await page.getByRole('menuitem', { name: 'Log Out' }).count()) > 0) return;
  await page.getByRole('menuitem', { name: 'Log In' }).click();
  await page.waitForURL('**/login');
  await page.locator("form input[type='password']").fill(PASSPHRASE);
  await page.locator("form input[type='submit']").click();
  await page.waitForURL((url) => url.pathname === '/');
}

/** Retries an assertion until it passes or the time is up (Playwright's expect, in small). */
export async function eventually(check: () => Promise<void> | void, timeoutMs = ACTION_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await sleep(50);
    }
  }
}

/** Waits until the element's text (whitespace collapsed) equals or matches `expected`. */
export async function expectText(locator: Locator, expected: string | RegExp, timeoutMs?: number): Promise<void> {
  await eventually(async () => {
    const text = ((await locator.textContent({ timeout: 1_000 })) ?? '').replace(/\s+/g, ' ').trim();
    if (typeof expected === 'string') assert.equal(text, expected);
    else assert.match(text, expected);
  }, timeoutMs);
}

export async function expectUrl(page: Page, path: string | RegExp): Promise<void> {
  await page.waitForURL((url) => (typeof path === 'string' ? url.pathname + url.search === path : path.test(url.pathname + url.search)));
}

/** A file for setInputFiles. */
export const textFile = (name: string, text: string, mimeType = 'text/plain') => ({ name, mimeType, buffer: Buffer.from(text) });

/** Uploads files through the picker and waits for "Upload complete!". */
export async function uploadFiles(page: Page, files: ReturnType<typeof textFile>[]): Promise<void> {
  await page.locator('.file-input').setInputFiles(files);
  await expectText(page.locator('#upload-result .message-body'), 'Upload complete!');
}

/** The cells of the row that mentions `text`, in order. */
export const rowWith = (page: Page, text: string) => page.getByRole('row').filter({ hasText: text });

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
