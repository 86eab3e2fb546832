import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Page } from 'playwright-core';
import { eventually, expectText, login, startSession, textFile, type Session } from './support.js';

// Issue 14: the upload page works the moment it shows (input made before its
// script ran is picked up), and a failed file is retried in place.

// Added to every request of the page under test: a 100 ms round trip.
const LATENCY_MS = 100;
const TRIES = 20;

let session: Session;
let page: Page;
before(async () => {
  session = await startSession();
  // A first visit, before the service worker keeps the scripts: their requests
  // go to the network, where the added latency (and Playwright's routes) apply.
  page = await session.newPage({ serviceWorkers: 'block' });
  await login(page);
});
after(() => session.close());

const summary = () => page.locator('#upload-result .message-body');

interface EntryJson {
  id: string;
  filename: string;
  expirationTime: string;
  note: string | null;
}

async function entryNamed(filename: string): Promise<EntryJson> {
  const entries = (await (await page.request.get('/api/entries')).json()) as EntryJson[];
  const entry = entries.find((e) => e.filename === filename);
  assert.ok(entry, `${filename} was uploaded`);
  return entry;
}

/** The date field's value as the expiration the page asks for: local midnight, the browser's zone being UTC. */
const midnightOf = (date: string) => Date.parse(`${date}T00:00:00Z`);
const expiresAt = (entry: EntryJson) => Date.parse(entry.expirationTime);

async function withLatency<T>(run: () => Promise<T>): Promise<T> {
  const delay = async (route: import('playwright-core').Route) => {
    await sleep(LATENCY_MS);
    await route.continue().catch(() => undefined);
  };
  await page.route('**/*', delay);
  try {
    return await run();
  } finally {
    await page.unroute('**/*', delay);
  }
}

test(`with ${LATENCY_MS} ms of latency, Custom and a file picked right after navigation both count, ${TRIES} of ${TRIES}`, async () => {
  await withLatency(async () => {
    for (let i = 0; i < TRIES; i++) {
      const name = `early-${i}.txt`;
      await page.goto('/', { waitUntil: 'commit' });
      await page.locator('#expiration-select').selectOption('custom');
      await page.locator('.file-input').setInputFiles([textFile(name, `picked early, try ${i}`)]);
      await expectText(summary(), 'Upload complete!');
      const date = await page.locator('#expiration').inputValue();
      const entry = await entryNamed(name);
      assert.equal(expiresAt(entry), midnightOf(date), `try ${i}: the custom date was used`);
    }
  });
});

test('input made before the script runs is picked up when it starts', async () => {
  // The scripts are held back until the person has acted, so this case is
  // certain rather than a matter of timing.
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const hold = async (route: import('playwright-core').Route) => {
    await released;
    await route.continue().catch(() => undefined);
  };
  await page.route('**/assets/js/**', hold);
  try {
    await page.goto('/', { waitUntil: 'commit' });
    await page.locator('#expiration-select').selectOption('custom');
    await page.locator('.file-input').setInputFiles([textFile('before-script.txt', 'picked before the script ran')]);
    assert.equal(await page.evaluate(() => 'uploadReady' in (globalThis as any).document.documentElement.dataset), false, 'the script had not run yet');
    release();
    await expectText(summary(), 'Upload complete!');
  } finally {
    await page.unroute('**/assets/js/**', hold);
  }
  const date = await page.locator('#expiration').inputValue();
  assert.equal(expiresAt(await entryNamed('before-script.txt')), midnightOf(date));
});

test('the upload page asks for all of its script while the page is still being painted', async (t) => {
  await withLatency(async () => {
    await page.goto('/');
    await page.locator('html[data-upload-ready]').waitFor({ state: 'attached' });
    const timing = await page.evaluate(() => {
      const { performance } = globalThis as any;
      const paint = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null;
      const scripts = performance.getEntriesByType('resource').filter((e: any) => e.name.includes('/assets/js/')).map((e: any) => e.startTime as number);
      const ready = performance.getEntriesByName('upload-ready')[0]?.startTime ?? null;
      return { paint, scripts, ready };
    });
    assert.ok(timing.paint !== null && timing.ready !== null);
    assert.ok(timing.scripts.length > 0);
    // No script waits for another to arrive first: every one is asked for
    // before the first paint, so they arrive with the stylesheets.
    for (const start of timing.scripts) assert.ok(start < timing.paint, `a script requested at ${start} ms, after the first paint at ${timing.paint} ms`);
    t.diagnostic(`first paint ${Math.round(timing.paint)} ms, script ready ${Math.round(timing.ready)} ms`);
  });
});

test('a dropped connection is retried by itself, the row saying so, with the same note and expiration', async () => {
  await page.goto('/');
  await page.locator('#expiration-select').selectOption('custom');
  await page.locator('#note').fill('for the retry');
  let attempts = 0;
  const failFirst = async (route: import('playwright-core').Route) => {
    attempts++;
    if (attempts === 1) await route.abort('connectionreset');
    else await route.continue();
  };
  await page.route('**/api/tus**', failFirst);
  try {
    await page.locator('.file-input').setInputFiles([textFile('retried.txt', 'sent twice')]);
    const item = page.locator('#result-links .upload-item');
    await expectText(item.locator('.upload-status'), /connection lost, retrying in \d+ s/);
    await expectText(summary(), 'Upload complete!');
    assert.ok(attempts >= 2);
    assert.equal(await item.count(), 1, 'the same row, not a new one');
    await item.locator('upload-links').waitFor();
  } finally {
    await page.unroute('**/api/tus**', failFirst);
  }
  const date = await page.locator('#expiration').inputValue();
  const entry = await entryNamed('retried.txt');
  assert.equal(entry.note, 'for the retry');
  assert.equal(expiresAt(entry), midnightOf(date));
});

test('Retry after a refusal (401, 413) shows the new answer, and a refusal can be retried until it succeeds', async () => {
  await page.goto('/');
  const answers = [
    { status: 401, body: 'Unauthorized' },
    { status: 413, body: 'file too large' },
  ];
  const refuse = async (route: import('playwright-core').Route) => {
    const answer = answers.shift();
    if (answer) await route.fulfill({ status: answer.status, contentType: 'text/plain', body: answer.body });
    else await route.continue();
  };
  await page.route('**/api/tus**', refuse);
  try {
    await page.locator('.file-input').setInputFiles([textFile('refused.txt', 'refused twice')]);
    const error = page.locator('#result-links .upload-error');
    await expectText(summary(), 'Upload failed.');
    const first = await error.textContent();
    await page.getByRole('button', { name: 'Retry upload of refused.txt' }).click();
    await eventually(async () => assert.notEqual(await error.textContent(), first));
    await expectText(summary(), 'Upload failed.');
    await page.getByRole('button', { name: 'Retry upload of refused.txt' }).click();
    await expectText(summary(), 'Upload complete!');
  } finally {
    await page.unroute('**/api/tus**', refuse);
  }
  assert.equal((await entryNamed('refused.txt')).filename, 'refused.txt');
});

test('a past custom date keeps the picked file and sends it once the date is fixed', async () => {
  await page.goto('/');
  await page.locator('#expiration-select').selectOption('custom');
  await page.locator('#expiration').fill('2020-01-01');
  await page.locator('.file-input').setInputFiles([textFile('kept.txt', 'not thrown away')]);
  await expectText(page.locator('#upload-error'), /after today.*kept/);
  const later = await page.locator('#expiration').getAttribute('min');
  await page.locator('#expiration').fill(later!);
  await expectText(summary(), 'Upload complete!');
  assert.equal(expiresAt(await entryNamed('kept.txt')), midnightOf(later!));
});

test('focus moves to the upload result, not the top of the page', async () => {
  await page.goto('/');
  await page.locator('#note').focus();
  await page.locator('.file-input').setInputFiles([textFile('focus.txt', 'where is focus')]);
  await expectText(summary(), 'Upload complete!');
  assert.equal(await page.evaluate(() => (globalThis as any).document.activeElement?.classList.contains('message')), true);
});
