import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { recordVideo, seekHalfSecond, type Video } from './media.js';
import { eventually, login, PASSPHRASE, startSession, type Session } from './support.js';

// Issue 15 in Chromium: a passphrase-protected video unlocks through its page
// and then plays and seeks; the owner sets limits and passphrases in the UI.

let session: Session;
let page: Page;
const FILE_PASS = 'open sesame';

before(async () => {
  session = await startSession();
  page = await session.newPage();
});
after(() => session.close());

async function upload(filename: string, body: Buffer, headers: Record<string, string>): Promise<string> {
  const res = await fetch(`${session.baseURL}/${encodeURIComponent(filename)}`, {
    method: 'PUT',
    headers: { authorization: `Basic ${Buffer.from(`:${PASSPHRASE}`).toString('base64')}`, accept: 'application/json', ...headers },
    body,
  });
  assert.equal(res.status, 201, await res.clone().text());
  return ((await res.json()) as { id: string }).id;
}

describe('passphrase-protected files', () => {
  test('wrong, then right passphrase; then the video plays and seeks', async () => {
    await page.goto('/');
    const id = await upload('clip.webm', await recordVideo(page), { 'x-passphrase': FILE_PASS });

    // A visitor: a fresh context, with no session.
    const visitor = await session.newPage();
    const first = await visitor.goto(`${session.baseURL}/-${id}/clip.webm`);
    assert.equal(first?.status(), 401);
    await visitor.getByRole('heading', { name: 'Protected file' }).waitFor();
    await visitor.getByLabel('Passphrase').fill('not it');
    await visitor.getByRole('button', { name: 'Unlock' }).click();
    await visitor.getByText('Wrong passphrase.').waitFor();
    await visitor.getByLabel('Passphrase').fill(FILE_PASS);
    await visitor.getByRole('button', { name: 'Unlock' }).click();
    const element = visitor.locator('video');
    await element.waitFor();
    assert.equal(new URL(visitor.url()).pathname, `/-${id}/clip.webm`);
    await eventually(async () => assert.ok((await element.evaluate((v: Video) => v.readyState)) >= 1, 'metadata loaded'));
    const seeked = await seekHalfSecond(element);
    assert.ok(Math.abs(seeked - 0.5) < 0.2, `seeked to ${seeked}`);
    const played = await element.evaluate(async (v: Video) => {
      v.muted = true;
      v.currentTime = 0;
      await v.play();
      await new Promise((resolve) => v.addEventListener('timeupdate', resolve, { once: true }));
      return v.error?.code ?? null;
    });
    assert.equal(played, null);
    const cookies = await visitor.context().cookies();
    assert.deepEqual(cookies.map((c) => [c.name, c.httpOnly]), [[`unlock_${id}`, true]]);
    await visitor.close();
  });
});

describe('limits in the UI', () => {
  test('the upload form sets a limit and a passphrase; the list, file and edit pages show them', async () => {
    await login(page);
    await page.locator('#max-downloads').fill('2');
    await page.locator('#file-passphrase').fill(FILE_PASS);
    await page.locator('#expiration-select').selectOption({ label: '1 hour' });
    await page.locator('.file-input').setInputFiles({ name: 'report.txt', mimeType: 'text/plain', buffer: Buffer.from('quarterly numbers') });
    await page.getByText('Upload complete!').waitFor();

    await page.goto('/files');
    const row = page.locator('tr[test-data-filename="report.txt"]');
    await row.locator('[test-data-id="downloads-left"]').getByText('2 left').waitFor();
    await row.locator('[test-data-id="protected"]').waitFor();

    await row.locator('a[href$="/info"]').click();
    await page.locator('.fact-download-limit .value').getByText('2 of 2 left').waitFor();
    assert.equal(await page.locator('.fact-passphrase .value').textContent(), 'Protected');
    assert.ok(!(await page.content()).includes(FILE_PASS), 'the passphrase is never shown back');

    await page.locator('.actions a[href$="/edit"]').click();
    assert.equal(await page.locator('#max-downloads').inputValue(), '2');
    assert.equal(await page.locator('#file-passphrase').inputValue(), '');
    await page.locator('#max-downloads').fill('5');
    await page.locator('#remove-passphrase').check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL((url) => url.pathname === '/files');
    await row.locator('[test-data-id="downloads-left"]').getByText('5 left').waitFor();
    assert.equal(await row.locator('[test-data-id="protected"]').count(), 0);
  });

  test('a guest link form sets a default download limit for its files', async () => {
    await login(page);
    await page.goto('/guest-links/new');
    await page.locator('#file-max-downloads').fill('3');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.waitForURL((url) => url.pathname === '/guest-links');
    const res = await fetch(`${session.baseURL}/api/guest-links`, {
      headers: { authorization: `Basic ${Buffer.from(`:${PASSPHRASE}`).toString('base64')}` },
    });
    const links = (await res.json()) as { maxDownloads: number | null }[];
    assert.deepEqual(links.map((l) => l.maxDownloads), [3]);
  });
});
