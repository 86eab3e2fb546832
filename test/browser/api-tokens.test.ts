import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { eventually, expectText, login, rowWith, screenshot, startSession, type Session } from './support.js';

// System → API tokens (issue 16) as the owner sees it.

let session: Session;
let page: Page;
before(async () => {
  session = await startSession();
  page = await session.newPage({ permissions: ['clipboard-read', 'clipboard-write'] });
  await login(page);
});
after(() => session.close());

describe('the API tokens page', () => {
  test('is reached from the System menu; a new token is shown once, copied, and works', async () => {
    await page.getByRole('menuitem', { name: 'System' }).hover();
    await page.getByRole('menuitem', { name: 'API tokens' }).click();
    await page.getByRole('heading', { name: 'API tokens' }).waitFor();
    await page.getByLabel('Name').fill('backup script');
    await page.getByLabel('Scope').selectOption('files');
    await page.getByRole('button', { name: 'Create token' }).click();
    const secret = (await page.locator('#new-token').textContent())!;
    assert.match(secret, /^psk_/);
    await page.getByRole('button', { name: 'Copy token' }).click();
    await expectText(page.locator('.toasts'), 'Copied');
    await eventually(async () => assert.equal(await page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText()), secret));
    await expectText(rowWith(page, 'backup script'), /Files.*Never.*Active/s);
    await screenshot(page, 'api-tokens');

    const res = await fetch(`${session.baseURL}/api/entries`, { headers: { authorization: `Bearer ${secret}` } });
    assert.equal(res.status, 200);

    // A reload neither shows the secret again nor posts the form a second time.
    await page.reload();
    assert.equal(await page.locator('#new-token').count(), 0, 'the secret is not shown again');
    assert.equal(await rowWith(page, 'backup script').count(), 1);
  });

  test('revoking marks the row and stops the token', async () => {
    await page.goto('/tokens');
    await page.getByLabel('Name').fill('old phone');
    await page.getByRole('button', { name: 'Create token' }).click();
    const secret = (await page.locator('#new-token').textContent())!;
    await rowWith(page, 'old phone').getByRole('button', { name: 'Revoke' }).click();
    await expectText(rowWith(page, 'old phone'), /Revoked/);
    const res = await fetch(`${session.baseURL}/x.txt`, { method: 'PUT', headers: { authorization: `Bearer ${secret}` }, body: 'x' });
    assert.equal(res.status, 401);
  });

  test('the ShareX button downloads an uploader for this server', async () => {
    await page.goto('/tokens');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download ShareX uploader (.sxcu)' }).click()]);
    assert.match(download.suggestedFilename(), /\.sxcu$/);
    const config = JSON.parse(readFileSync((await download.path())!, 'utf8')) as { RequestURL: string };
    assert.equal(config.RequestURL, `${session.baseURL}/{filename}`);
    await page.goto('/tokens');
    await expectText(rowWith(page, 'ShareX'), /Upload/);
  });

  test('the API reference renders on this site', async () => {
    await page.goto('/api/docs');
    await page.getByRole('heading', { name: 'API', exact: true }).waitFor();
    await page.getByText('/api/tokens/{id}').first().waitFor();
    // Every operation of the document is on the page (a full-page screenshot of it is too slow to be worth it).
    const doc = (await (await page.request.get('/api/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    const operations = Object.values(doc.paths).reduce((n, ops) => n + Object.keys(ops).length, 0);
    assert.equal(await page.locator('.api-op').count(), operations);
  });
});
