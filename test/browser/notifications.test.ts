import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { startReceiver, type Receiver } from '../helpers/receiver.js';
import { login, startSession, type Session } from './support.js';

let session: Session;
let page: Page;
let hook: Receiver;
before(async () => {
  session = await startSession();
  page = await session.newPage();
  hook = await startReceiver();
});
after(async () => {
  await hook.close();
  await session.close();
});

describe('settings page: notifications (issue 18)', () => {
  test('the test button saves the form and shows what the receiver answered', async () => {
    await login(page);
    await page.goto('/settings');
    await page.getByLabel('Webhook URL').fill(`${hook.url}/hook`);
    await page.getByLabel(/Allow private network addresses/).check();
    await page.getByRole('button', { name: 'Send test notification' }).click();
    await page.getByRole('status').getByText('Webhook: delivered (answered 200)').waitFor();
    assert.equal(hook.received.length, 1);
    assert.equal(JSON.parse(hook.received[0]!.body).event, 'test');

    // Saved: a reload shows the same settings.
    await page.reload();
    assert.equal(await page.getByLabel('Webhook URL').inputValue(), `${hook.url}/hook`);
    assert.equal(await page.getByLabel(/Allow private network addresses/).isChecked(), true);
  });

  test('a refused address and a failing receiver are shown as errors', async () => {
    await page.goto('/settings');
    await page.getByLabel(/Allow private network addresses/).uncheck();
    await page.getByRole('button', { name: 'Send test notification' }).click();
    await page.getByRole('alert').getByText(/^Webhook: failed \(127\.0\.0\.1 is a private or special address\)$/).waitFor();

    hook.answer = (_req, res) => {
      res.statusCode = 500;
      res.end();
    };
    await page.getByLabel(/Allow private network addresses/).check();
    await page.getByRole('button', { name: 'Send test notification' }).click();
    await page.getByRole('alert').getByText('Webhook: failed (answered 500)').waitFor();
  });

  test('an invalid URL is refused when saving', async () => {
    await page.goto('/settings');
    await page.getByLabel('ntfy topic URL').evaluate((input) => ((input as { type: string }).type = 'text'));
    await page.getByLabel('ntfy topic URL').fill('ftp://example.com/topic');
    await page.getByRole('button', { name: 'Save notifications' }).click();
    await page.getByRole('alert').getByText('NtfyUrl: must be an http or https URL').waitFor();
  });
});
