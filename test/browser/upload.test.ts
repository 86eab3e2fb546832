import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { expectText, expectUrl, login, rowWith, startSession, textFile, uploadFiles, type Session } from './support.js';

// picoshare.md §10.1: upload.spec, paste.spec and file-info.spec, adapted to
// one database per file (so every test uses its own file names).

const NOTE = 1;
const EXPIRES = 4;

let session: Session;
let page: Page;
before(async () => {
  session = await startSession();
  page = await session.newPage();
});
after(() => session.close());

async function openFiles(): Promise<void> {
  await page.getByRole('menuitem', { name: 'Files' }).click();
  await expectUrl(page, '/files');
}

const cell = (filename: string, index: number) => rowWith(page, filename).getByRole('cell').nth(index);

describe('upload', () => {
  test('a file without parameters gets its links, and is listed without a note', async () => {
    await login(page);
    await uploadFiles(page, [textFile('simple-upload.txt', "I'm just a simple upload")]);
    assert.equal(await page.locator('#upload-result upload-links').getAttribute('filename'), 'simple-upload.txt');
    assert.equal(await page.locator('#upload-result upload-links #verbose-link-box #link').isVisible(), true);
    assert.equal(await page.locator('#upload-result upload-links #short-link-box #link').isVisible(), true);
    await openFiles();
    await rowWith(page, 'simple-upload.txt').waitFor();
    await expectText(cell('simple-upload.txt', NOTE), '');
  });

  test('a custom expiration date', async () => {
    await login(page);
    await page.locator('#expiration-select').selectOption({ label: 'Custom' });
    await page.locator('#expiration-picker #expiration').fill('2029-09-03');
    await page.locator('#note').click();
    await uploadFiles(page, [textFile('custom-expiration-upload.txt', 'I have a custom expiration time')]);
    await openFiles();
    await expectText(cell('custom-expiration-upload.txt', NOTE), '');
    await expectText(cell('custom-expiration-upload.txt', EXPIRES), /^2029-09-03/);
  });

  test('a note', async () => {
    await login(page);
    await page.locator('#note').fill('For Pico, with Love and Squalor');
    await uploadFiles(page, [textFile('upload-with-note.txt', "I'm an upload with a note")]);
    await openFiles();
    await expectText(cell('upload-with-note.txt', NOTE), 'For Pico, with Love and Squalor');
  });

  test('view, then delete through Edit → Delete → Delete', async () => {
    await login(page);
    await uploadFiles(page, [textFile('upload-for-deletion.txt', "I'm an upload that will soon be deleted")]);
    await openFiles();
    await rowWith(page, 'upload-for-deletion.txt').getByRole('link', { name: 'upload-for-deletion.txt' }).click();
    await expectText(page.locator('pre'), "I'm an upload that will soon be deleted");
    await page.goBack();
    await rowWith(page, 'upload-for-deletion.txt').getByRole('button', { name: 'Edit' }).click();
    await expectUrl(page, /^\/files\/.+\/edit$/);
    await page.getByRole('button', { name: 'Delete' }).click();
    await expectUrl(page, /^\/files\/.+\/confirm-delete$/);
    await page.getByRole('button', { name: 'Delete' }).click();
    await expectUrl(page, '/files');
    assert.equal(await rowWith(page, 'upload-for-deletion.txt').count(), 0);
  });

  test('upload, Upload Another, upload: both keep the 30-day default', async () => {
    await login(page);
    await page.getByRole('menuitem', { name: 'System' }).hover();
    await page.getByRole('menuitem', { name: 'Settings' }).click();
    await page.locator('#default-expiration').fill('30');
    await page.locator('#time-unit').selectOption('days');
    await page.locator("#settings-form button[type='submit']").click();
    await page.getByRole('menuitem', { name: 'Upload' }).click();
    await expectUrl(page, '/');
    await uploadFiles(page, [textFile('upload-1.txt', "I'm the first upload")]);
    await page.getByRole('button', { name: 'Upload Another' }).click();
    await uploadFiles(page, [textFile('upload-2.txt', "I'm the second upload")]);
    await openFiles();
    await expectText(cell('upload-1.txt', EXPIRES), / \(30 days\)$/);
    await expectText(cell('upload-2.txt', EXPIRES), / \(30 days\)$/);
  });

  test('edit a note away, and edit another', async () => {
    await login(page);
    await page.locator('#note').fill('For Pico, with Love and Squalor');
    await uploadFiles(page, [textFile('upload-with-temporary-note.txt', 'temporary note')]);
    await openFiles();
    await rowWith(page, 'upload-with-temporary-note.txt').getByRole('button', { name: 'Edit' }).click();
    await expectUrl(page, /^\/files\/.+\/edit$/);
    await page.locator('#note').fill('');
    await page.getByRole('button', { name: 'Save' }).click();
    await expectUrl(page, '/files');
    await expectText(cell('upload-with-temporary-note.txt', NOTE), '');

    await rowWith(page, 'upload-with-temporary-note.txt').getByRole('button', { name: 'Edit' }).click();
    await page.locator('#note').fill('I have a different note now');
    await page.getByRole('button', { name: 'Save' }).click();
    await expectUrl(page, '/files');
    await expectText(cell('upload-with-temporary-note.txt', NOTE), 'I have a different note now');
  });

  test('edit the expiration date', async () => {
    await login(page);
    await uploadFiles(page, [textFile('file-with-new-expiration.txt', 'I will have a new custom expiration time')]);
    await openFiles();
    await rowWith(page, 'file-with-new-expiration.txt').getByRole('button', { name: 'Edit' }).click();
    await page.locator('#expiration-picker #expiration').fill('2029-09-04');
    await page.locator('#note').click();
    await page.getByRole('button', { name: 'Save' }).click();
    await expectUrl(page, '/files');
    await expectText(cell('file-with-new-expiration.txt', EXPIRES), /^2029-09-04/);
  });

  test('a server error on save is shown as a sentence, without the API prefix', async () => {
    await openFiles();
    await rowWith(page, 'file-with-new-expiration.txt').getByRole('button', { name: 'Edit' }).click();
    await page.locator('#filename').fill('../escape.txt');
    await page.getByRole('button', { name: 'Save' }).click();
    await expectText(page.locator('#form-error'), 'Filename cannot begin with dots');
    await expectUrl(page, /^\/files\/.+\/edit$/);
  });

  test('Edit → Cancel returns to the list; Information → Edit → Cancel → Close too', async () => {
    await login(page);
    await uploadFiles(page, [textFile('cancel-me.txt', "I'm just a simple upload")]);
    await openFiles();
    await rowWith(page, 'cancel-me.txt').getByRole('button', { name: 'Edit' }).click();
    await expectUrl(page, /^\/files\/.+\/edit$/);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expectUrl(page, '/files');

    await rowWith(page, 'cancel-me.txt').getByRole('button', { name: 'Information' }).click();
    await expectUrl(page, /^\/files\/.+\/info$/);
    await page.getByRole('button', { name: 'Edit' }).click();
    await expectUrl(page, /^\/files\/.+\/edit$/);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expectUrl(page, /^\/files\/.+\/info$/);
    await page.getByRole('button', { name: 'Close' }).click();
    await expectUrl(page, '/files');
  });
});

describe('paste', () => {
  // Playwright cannot write the clipboard directly: copy from a field instead, as upstream's test does.
  async function copyToClipboard(text: string): Promise<void> {
    await page.locator('#note').fill(text);
    await page.locator('#note').focus();
    await page.keyboard.press('Control+KeyA');
    await page.keyboard.press('Control+KeyC');
    await page.keyboard.press('Delete');
  }

  async function pasteAndOpen(text: string): Promise<void> {
    await login(page);
    await copyToClipboard(text);
    await page.locator('#pastebox').focus();
    await page.keyboard.press('Control+KeyV');
    await expectText(page.locator('#upload-result .message-body'), 'Upload complete!');
    assert.match(String(await page.locator('#upload-result upload-links').getAttribute('filename')), /^pasted-.*\.txt$/);
    assert.equal(await page.locator('#upload-result upload-links #short-link-box #link').isVisible(), true);
  }

  test('pasted text becomes a file with no note, holding exactly the text', async () => {
    await pasteAndOpen("I'm pasting dummy text!");
    await page.locator(".navbar a[href='/files']").click();
    await expectText(page.locator(".table tbody tr:first-child [test-data-id='filename']"), /^pasted-.*/);
    assert.equal(await page.locator(".table tbody tr:first-child [test-data-id='note']").count(), 0);
    await page.locator(".table tbody tr:first-child [test-data-id='filename'] a").click();
    assert.equal(await page.innerText('body'), "I'm pasting dummy text!");
  });

  test('pasted CJK text comes back byte for byte', async () => {
    const text = '日本語のテキスト、中文文本，한국어 텍스트';
    await pasteAndOpen(text);
    await page.locator('#upload-result upload-links #verbose-link-box #link').click();
    assert.equal(await page.innerText('body'), text);
  });
});

describe('file information', () => {
  const value = (heading: string) => page.locator('section').filter({ has: page.getByRole('heading', { name: heading }) }).locator('.value');

  test('a plain upload', async () => {
    await login(page);
    await uploadFiles(page, [textFile('info-upload.txt', "I'm just a simple upload")]);
    await openFiles();
    await rowWith(page, 'info-upload.txt').getByRole('button', { name: 'Information' }).click();
    await expectUrl(page, /^\/files\/.+\/info$/);
    await expectText(value('Filename'), 'info-upload.txt');
    await expectText(value('Size'), '24 B');
    await expectText(value('Expires'), / \(30 days\)$/);
    await expectText(value('Downloads'), '0 (History)');
    await expectText(value('Note'), 'None');
    await expectText(value('Uploaded by'), 'You');
    await expectText(value('Upload time'), /^(January|February|March|April|May|June|July|August|September|October|November|December) (\d{1,2}), (20[0-9]{2}) at ([1-9]|1[0-2]):([0-5][0-9]) (AM|PM)/);
  });

  test('an upload with a note and a custom expiration', async () => {
    await login(page);
    await page.locator('#expiration-select').selectOption({ label: 'Custom' });
    await page.locator('#expiration-picker #expiration').fill('2029-09-03');
    await page.locator('#note').fill('Please note that this upload has a note');
    await uploadFiles(page, [textFile('upload-with-more-metadata.txt', "I'm an upload with custom metadata")]);
    await openFiles();
    await rowWith(page, 'upload-with-more-metadata.txt').getByRole('button', { name: 'Information' }).click();
    await expectText(value('Size'), '34 B');
    await expectText(value('Expires'), /2029-09-03 \(\d+ days\)/);
    await expectText(value('Note'), 'Please note that this upload has a note');
    await expectText(value('Uploaded by'), 'You');
  });
});
