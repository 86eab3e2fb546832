import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { eventually, expectText, expectUrl, login, rowWith, startSession, textFile, uploadFiles, type Session } from './support.js';

// picoshare.md §10.1: guest-links.spec. Guests use their own browser context,
// so they share the server but not the owner's cookie.

const LABEL = 0;
const EXPIRES = 4;
const DAY_MS = 24 * 3_600_000;

let session: Session;
let page: Page;
before(async () => {
  session = await startSession();
  page = await session.newPage();
});
after(() => session.close());

/** Creates a link through the form; returns its path (`/g/…`) from the list. */
async function createLink(label: string, fill: (page: Page) => Promise<void> = async () => {}): Promise<string> {
  await login(page);
  await page.getByRole('menuitem', { name: 'Guest Links' }).click();
  await page.getByRole('button', { name: 'Create new' }).click();
  await expectUrl(page, '/guest-links/new');
  await page.locator('#label').fill(label);
  await fill(page);
  await page.getByRole('button', { name: 'Create' }).click();
  await expectUrl(page, '/guest-links');
  const row = rowWith(page, label);
  await row.waitFor();
  return String(await row.getByRole('cell').nth(LABEL).getByRole('link').getAttribute('href'));
}

async function guestPage(path: string): Promise<Page> {
  const guest = await session.newPage();
  await guest.goto(path);
  return guest;
}

const filesCell = (filename: string, index: number) => rowWith(page, filename).getByRole('cell').nth(index);
const inDays = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10);

test('create a link; a guest uploads once, then the link is used up', async () => {
  const path = await createLink('For e2e testing', async (p) => {
    await p.locator('#max-file-size').fill('50');
    await p.locator('#file-upload-limit').fill('1');
  });
  const guest = await guestPage(path);
  await uploadFiles(guest, [textFile('guest-link-upload.txt', 'uploaded by a guest user')]);
  assert.equal(await guest.locator('#upload-result upload-links').getAttribute('filename'), 'guest-link-upload.txt');
  assert.equal(await guest.locator('#upload-result upload-links #verbose-link-box #link').isVisible(), true);
  assert.equal(await guest.locator('#upload-result upload-links #short-link-box #link').isVisible(), true);
  assert.equal(await guest.locator('#edit-btn').count(), 0, 'guests get no Edit button');
  await guest.getByRole('button', { name: 'Upload Another' }).click();
  await expectText(guest.locator('h1'), /Guest Link Inactive/);
  assert.equal(await guest.locator('.file-input').count(), 0);

  await page.getByRole('menuitem', { name: 'Files' }).click();
  await expectText(filesCell('guest-link-upload.txt', EXPIRES), 'Never');
});

test("a guest's file stays downloadable after the link is deleted", async () => {
  const path = await createLink("I'll be deleted soon", (p) => p.locator('#file-upload-limit').fill('1'));
  const guest = await guestPage(path);
  await uploadFiles(guest, [textFile('guest-upload2.txt', 'uploaded by a guest user')]);
  // As upstream's test: Delete (no dialog), then straight on to Files.
  await rowWith(page, "I'll be deleted soon").getByRole('button', { name: 'Delete' }).click();
  await eventually(async () => assert.equal(await rowWith(page, "I'll be deleted soon").count(), 0));
  await page.getByRole('menuitem', { name: 'Files' }).click();
  await rowWith(page, 'guest-upload2.txt').getByRole('cell').nth(0).getByRole('link').click();
  await expectText(page.locator('body'), 'uploaded by a guest user');
  assert.equal((await page.request.get(path)).status(), 404, 'the link is gone');
});

test('an inactive link says why: Disabled, Limit reached', async () => {
  const label = 'Badge test';
  const path = await createLink(label, (p) => p.locator('#file-upload-limit').fill('1'));
  const row = rowWith(page, label);
  const badges = () => row.locator('.status-badge').allTextContents();
  assert.deepEqual(await badges(), []);
  await row.getByRole('button', { name: 'Disable' }).click();
  await eventually(async () => assert.deepEqual(await badges(), ['Disabled']));
  await row.getByRole('button', { name: 'Enable' }).click();
  await eventually(async () => assert.deepEqual(await badges(), []));
  assert.equal(await row.getByRole('cell').nth(LABEL).getByRole('link').textContent(), label);

  const guest = await guestPage(path);
  await uploadFiles(guest, [textFile('fills-the-link.txt', 'the one allowed file')]);
  await page.reload();
  assert.deepEqual(await badges(), ['Limit reached']);
  assert.equal(await row.getByRole('cell').nth(LABEL).getByRole('link').count(), 0);
  await row.getByRole('button', { name: 'Disable' }).click();
  await eventually(async () => assert.deepEqual(await badges(), ['Disabled', 'Limit reached']));
});

test('a label that is too long is refused with the server’s reason', async () => {
  await login(page);
  await page.getByRole('menuitem', { name: 'Guest Links' }).click();
  await page.getByRole('button', { name: 'Create new' }).click();
  await page.locator('#label').fill('A'.repeat(5000));
  // No maxlength (it would cut the label to a valid one); a counter warns instead.
  await expectText(page.locator('.char-count'), 'Too long: 5000 / 200');
  // Refused before sending (issue 14): no request reaches the API.
  const posts: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST') posts.push(request.url());
  });
  await page.getByRole('button', { name: 'Create' }).click();
  await page.getByText('Invalid request: label too long').waitFor();
  await expectUrl(page, '/guest-links/new');
  assert.deepEqual(posts, []);
});

test('disable and enable: Copy and the guest page follow', async () => {
  const label = 'test guest link enable/disable';
  const path = await createLink(label, (p) => p.locator('#file-upload-limit').fill('1'));
  const row = rowWith(page, label);
  await row.getByRole('button', { name: 'Disable' }).click();
  await row.getByRole('button', { name: 'Copy' }).waitFor({ state: 'hidden' });
  await page.getByText('Guest link disabled').waitFor();
  const first = await guestPage(path);
  await expectText(first.locator('h1'), /Guest Link Inactive/);
  assert.equal(await first.locator('.file-input').count(), 0);

  await row.getByRole('button', { name: 'Enable' }).click();
  await row.getByRole('button', { name: 'Copy' }).waitFor({ state: 'visible' });
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await row.getByRole('button', { name: 'Copy' }).click();
  await eventually(async () => assert.equal(await page.evaluate(() => (globalThis as any).navigator.clipboard.readText()), `${session.baseURL}${path}`));
  const second = await guestPage(path);
  await expectText(second.locator('h1'), /Upload/);
  await second.locator('.file-input').waitFor({ state: 'visible' });
});

test('a 7-day link offers 1 and 7 days, preselects 7, and the file expires in 7 days', async () => {
  const path = await createLink('7-day expiration test', async (p) => {
    await p.locator('#file-upload-limit').fill('5');
    await p.locator('#file-expiration-select').selectOption('168h0m0s');
  });
  const guest = await guestPage(path);
  assert.deepEqual(await guest.locator('#expiration-select option').allTextContents(), ['1 day', '7 days']);
  assert.equal(await guest.locator('#expiration-select option[selected]').textContent(), '7 days');
  await uploadFiles(guest, [textFile('seven-days.txt', 'kept for a week')]);
  await page.getByRole('menuitem', { name: 'Files' }).click();
  await expectText(filesCell('seven-days.txt', EXPIRES), `${inDays(7)} (7 days)`);
});

test('an unlimited link offers all five choices with Never preselected', async () => {
  const path = await createLink('Infinite expiration test', async (p) => {
    await p.locator('#file-upload-limit').fill('5');
    await p.locator('#file-expiration-select').selectOption('876000h0m0s');
  });
  const guest = await guestPage(path);
  assert.deepEqual(await guest.locator('#expiration-select option').allTextContents(), ['1 day', '7 days', '30 days', '1 year', 'Never']);
  assert.equal(await guest.locator('#expiration-select option[selected]').textContent(), 'Never');
  await uploadFiles(guest, [textFile('forever.txt', 'kept for good')]);
  await page.getByRole('menuitem', { name: 'Files' }).click();
  await expectText(filesCell('forever.txt', EXPIRES), 'Never');
});

test('a guest choosing 7 days on a 30-day link gets 7 days', async () => {
  const path = await createLink('Custom expiration test', async (p) => {
    await p.locator('#file-upload-limit').fill('5');
    await p.locator('#file-expiration-select').selectOption('720h0m0s');
  });
  const guest = await guestPage(path);
  await guest.locator('#expiration-select').selectOption('7 days');
  await uploadFiles(guest, [textFile('custom-expiration-test.txt', 'testing custom expiration')]);
  await page.getByRole('menuitem', { name: 'Files' }).click();
  await expectText(filesCell('custom-expiration-test.txt', EXPIRES), `${inDays(7)} (7 days)`);
});

test('a file over the size limit fails alone, with the limit in words', async () => {
  const path = await createLink('One megabyte', (p) => p.locator('#max-file-size').fill('1'));
  const guest = await guestPage(path);
  await guest.locator('.file-input').setInputFiles([
    textFile('small.txt', 'small enough'),
    { name: 'too-big.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(2 * 1024 * 1024) },
  ]);
  await expectText(guest.locator('#upload-result .message-body'), '1 of 2 files uploaded; 1 failed.');
  await expectText(guest.locator('.upload-item[data-state="failed"] .upload-error'), 'This file is 2.00 MB; this guest link takes files up to 1.00 MB.');
  assert.equal(await guest.locator('.upload-item[data-state="done"] upload-links').getAttribute('filename'), 'small.txt');
});

// Last in the file: it deletes every link the tests above made.
test('deleting the last link leaves the empty state, not an empty table', async () => {
  await page.getByRole('menuitem', { name: 'Guest Links' }).click();
  await expectUrl(page, '/guest-links');
  const rows = page.locator('tr[data-link-id]');
  for (let left = await rows.count(); left > 0; left--) {
    await rows.first().getByRole('button', { name: 'Delete' }).click();
    await eventually(async () => assert.equal(await rows.count(), left - 1));
  }
  await expectText(page.locator('.empty-state'), 'No guest links yet.');
  assert.equal(await page.getByRole('table').count(), 0);
});
