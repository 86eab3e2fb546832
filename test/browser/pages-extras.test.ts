import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { expectText, expectUrl, login, PASSPHRASE, startSession, type Session } from './support.js';

// Issue 14's smaller gaps on the owner's pages, in Chromium: confirmations
// after saving and deleting, a login link when the session has ended, the
// edit page's ISO date, and error pages for people.

let session: Session;
let page: Page;
before(async () => {
  session = await startSession();
  page = await session.newPage();
  await login(page);
});
after(() => session.close());

async function upload(filename: string): Promise<string> {
  const res = await fetch(`${session.baseURL}/${encodeURIComponent(filename)}`, {
    method: 'PUT',
    headers: { authorization: `Basic ${Buffer.from(`:${PASSPHRASE}`).toString('base64')}`, accept: 'application/json' },
    body: Buffer.from(`contents of ${filename}`),
  });
  assert.equal(res.status, 201);
  return ((await res.json()) as { id: string }).id;
}

test('saving an edit lands on the list with a confirmation', async () => {
  const id = await upload('before.txt');
  await page.goto(`/files/${id}/edit`);
  await page.locator('#filename').fill('after.txt');
  await page.getByRole('button', { name: 'Save' }).click();
  await expectUrl(page, '/files');
  await expectText(page.locator('.toasts'), 'Saved the changes to after.txt.');
  await page.reload();
  assert.equal(await page.locator('.toasts .toast').count(), 0, 'shown once');
});

test('deleting lands on the list with a confirmation', async () => {
  const id = await upload('doomed.txt');
  await page.goto(`/files/${id}/confirm-delete`);
  await page.locator('#delete-btn').click();
  await expectUrl(page, '/files');
  await expectText(page.locator('.toasts'), 'Deleted doomed.txt.');
});

test('the edit page repeats the chosen date in ISO form', async () => {
  const id = await upload('dated.txt');
  await page.goto(`/files/${id}/edit`);
  // Uploaded with the default lifetime of 30 days.
  await expectText(page.locator('#expiration-summary'), /^Expires: \d{4}-\d{2}-\d{2} \(30 days\)$/);
  await page.locator('#expire-checkbox').uncheck();
  await expectText(page.locator('#expiration-summary'), 'Expires: Never');
  await page.locator('#expire-checkbox').check();
  await page.locator('#expiration').fill('2999-12-31');
  await expectText(page.locator('#expiration-summary'), /^Expires: 2999-12-31 \(\d+ days\)$/);
});

test('a save after the session ended says so, with a login link that comes back', async () => {
  const id = await upload('stale.txt');
  const other = await session.newPage();
  await login(other);
  await other.goto(`/files/${id}/edit`);
  await other.context().clearCookies();
  await other.getByRole('button', { name: 'Save' }).click();
  const link = other.locator('#form-error').getByRole('link', { name: /Log in/ });
  await link.waitFor();
  await expectText(other.locator('#form-error'), 'You are not logged in any more. Log in again, then retry. Log in (opens a new tab)');
  assert.equal(await link.getAttribute('href'), `/login?next=${encodeURIComponent(`/files/${id}/edit`)}`);
  assert.equal(await link.getAttribute('target'), '_blank');
});

test('a missing file and a mistyped guest link show pages in the site\'s look', async () => {
  const missing = await session.newPage();
  const response = await missing.goto('/-abcdefghij');
  assert.equal(response?.status(), 404);
  await expectText(missing.locator('h1'), 'File not found');
  await missing.getByText('ask the person who shared the link').waitFor();
  await missing.getByRole('menuitem', { name: 'Log In' }).waitFor();
  const guest = await missing.goto('/g/abc');
  assert.equal(guest?.status(), 400);
  await expectText(missing.locator('h1'), 'Guest link not found');
});
