import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { pythonRead } from '../helpers/zip-tools.js';
import { expectText, expectUrl, login, rowWith, startSession, textFile, uploadFiles, type Session } from './support.js';

// Issue 17: several files behind one link, from the upload page and from the
// files list, and what a recipient sees of them.

let session: Session;
let page: Page;
before(async () => {
  session = await startSession();
  page = await session.newPage();
});
after(() => session?.close());

const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const files = [textFile('first.txt', 'one'), textFile('second.txt', 'two two'), textFile('third.txt', 'three three three')];

test('three files with "one link for all", then the bundle page and its zip', async () => {
  await login(page);
  assert.equal(await page.locator('#one-link').isChecked(), true);
  await uploadFiles(page, files);
  const link = page.locator('#bundle-result #bundle-url');
  await link.waitFor();
  const url = (await link.getAttribute('href'))!;
  assert.match(url, /\/b\/[a-zA-Z2-9]{10}$/);

  // The recipient: a fresh browser, no login.
  const recipient = await session.newPage();
  await recipient.goto(url);
  await expectText(recipient.locator('h1'), 'Shared files');
  for (const file of files) {
    const row = rowWith(recipient, file.name);
    await expectText(row.getByRole('cell').nth(1), /^\d+ B$/);
    await expectText(row.locator('code.sha256'), sha(file.buffer.toString()));
    assert.match((await row.locator('[data-copy]').getAttribute('data-copy'))!, new RegExp(`^echo '${sha(file.buffer.toString())}  ${file.name}' \\| sha256sum -c$`));
    assert.match((await row.getByRole('link', { name: file.name }).getAttribute('href'))!, /\/-[a-zA-Z2-9]{10}$/);
  }
  const download = recipient.waitForEvent('download');
  await recipient.getByRole('button', { name: 'Download all' }).click();
  const saved = await download;
  assert.match(saved.suggestedFilename(), /^bundle-[a-zA-Z2-9]{10}\.zip$/);
  const archive = await recipient.request.get(`${url}.zip`);
  assert.equal(archive.status(), 200);
  const { bad, members } = pythonRead(await archive.body());
  assert.equal(bad, null);
  assert.deepEqual(members.map((m) => [m.name, m.sha256]), files.map((f) => [f.name, sha(f.buffer.toString())]));
});

test('select two files in the list and "Share together"', async () => {
  await login(page);
  await uploadFiles(page, [textFile('alpha.txt', 'alpha')]);
  await login(page);
  await uploadFiles(page, [textFile('beta.txt', 'beta')]);
  await page.getByRole('menuitem', { name: 'Files' }).click();
  await expectUrl(page, '/files');
  await page.getByRole('checkbox', { name: 'Select alpha.txt' }).check();
  await page.getByRole('checkbox', { name: 'Select beta.txt' }).check();
  await page.getByRole('button', { name: 'Share together' }).click();
  await expectUrl(page, /^\/b\/[a-zA-Z2-9]{10}$/);
  await rowWith(page, 'alpha.txt').waitFor();
  await rowWith(page, 'beta.txt').waitFor();
  assert.equal(await rowWith(page, 'first.txt').count(), 0);

  // Listed with the files, and deleted from there without its files.
  await page.goto('/files');
  const bundles = page.locator('.bundles-table [data-bundle-id]');
  assert.equal(await bundles.count(), 2);
  await bundles.first().getByRole('button', { name: 'Delete' }).click();
  await page.waitForFunction("document.querySelectorAll('.bundles-table [data-bundle-id]').length === 1");
  await page.reload();
  assert.equal(await page.locator('.bundles-table [data-bundle-id]').count(), 1);
  await rowWith(page, 'alpha.txt').waitFor();
});

test('a guest uploading several files gets one link back', async () => {
  await login(page);
  const linkId = await page.evaluate(async () => {
    const body = { label: 'bundles', urlExpirationTime: '2999-12-31T00:00:00Z', fileLifetime: '876000h0m0s', maxFileBytes: null, maxFileUploads: null };
    const res = await fetch('/api/guest-links', { method: 'POST', body: JSON.stringify(body) });
    return ((await res.json()) as { id: string }).id;
  });
  const guest = await session.newPage();
  await guest.goto(`/g/${linkId}`);
  await uploadFiles(guest, [textFile('from-guest-1.txt', 'g1'), textFile('from-guest-2.txt', 'g2')]);
  const link = guest.locator('#bundle-result #bundle-url');
  await link.waitFor();
  await guest.goto((await link.getAttribute('href'))!);
  await rowWith(guest, 'from-guest-1.txt').waitFor();
  await rowWith(guest, 'from-guest-2.txt').waitFor();
});
