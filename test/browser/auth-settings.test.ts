import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { eventually, expectText, expectUrl, login, startSession, type Session } from './support.js';

// picoshare.md §10.1: auth.spec, favicon.spec, system-info.spec, settings.spec.

let session: Session;
let page: Page;
before(async () => {
  session = await startSession();
  page = await session.newPage();
});
after(() => session.close());

describe('logging in and out', () => {
  test('Log In → Authenticate lands on /; Log Out brings Log In back', async () => {
    await login(page);
    await page.getByRole('menuitem', { name: 'System' }).hover();
    await page.getByRole('menuitem', { name: 'Log Out' }).click();
    await page.getByRole('menuitem', { name: 'Log In' }).waitFor();
    await expectUrl(page, '/');
    await page.getByRole('heading', { name: 'What is PicoShare?' }).waitFor();
  });

  test('a wrong passphrase is explained on the login page', async () => {
    await page.goto('/login');
    await page.locator("form input[type='password']").fill('not the passphrase');
    await page.getByRole('button', { name: 'Authenticate' }).click();
    await page.getByText('That passphrase is not correct.').waitFor();
    await expectUrl(page, '/login');
  });

  test('an owner page opened while logged out returns to itself after logging in', async () => {
    await page.goto('/guest-links/new');
    await expectUrl(page, /^\/login\?next=/);
    await page.locator("form input[type='password']").fill('dummypass');
    await page.getByRole('button', { name: 'Authenticate' }).click();
    await expectUrl(page, '/guest-links/new');
  });
});

describe('icons and system information', () => {
  test('root icons and the web manifest answer 200', async () => {
    for (const path of ['/favicon.ico', '/android-chrome-192x192.png', '/apple-touch-icon.png', '/site.webmanifest']) {
      const res = await page.request.get(path);
      assert.equal(res.status(), 200, path);
    }
  });

  test('System → Information shows the version without a leading v', async () => {
    await login(page);
    await page.getByRole('menuitem', { name: 'System' }).hover();
    await page.getByRole('menuitem', { name: 'Information' }).click();
    await expectUrl(page, '/information');
    await expectText(page.locator('.content').getByText(/^Version:/), /^Version: [^v\s]\S*$/);
  });

  test('the System menu also opens by click and closes with Escape', async () => {
    const system = page.getByRole('menuitem', { name: 'System' });
    await page.mouse.move(0, 0);
    await system.click();
    await page.getByRole('menuitem', { name: 'Settings' }).waitFor();
    await system.press('Escape');
    await page.mouse.move(0, 0);
    await eventually(async () => assert.equal(await page.getByRole('menuitem', { name: 'Settings' }).isVisible(), false));
  });
});

describe('settings', () => {
  async function openSettings(): Promise<void> {
    await page.locator('data-test-id=system-dropdown').hover();
    await page.locator("a[href='/settings']").click();
    await expectUrl(page, '/settings');
  }

  const selected = () => page.locator('#expiration-select option[selected]');
  const forever = () => page.getByRole('checkbox', { name: 'Store files forever' });

  test('the default is 30 days, preselected on the upload page', async () => {
    await page.goto('/');
    await openSettings();
    assert.equal(await forever().isChecked(), false);
    assert.equal(await page.locator('#default-expiration').inputValue(), '30');
    assert.equal(await page.locator('#time-unit').inputValue(), 'days');
    await page.locator('data-test-id=upload-btn').click();
    await expectUrl(page, '/');
    await expectText(selected(), '30 days');
  });

  test('5 days', async () => {
    await openSettings();
    await page.locator('#default-expiration').fill('5');
    await page.locator("#settings-form button[type='submit']").click();
    await page.locator('data-test-id=upload-btn').click();
    await expectUrl(page, '/');
    await expectText(selected(), '5 days');
  });

  test('1 year adds no option of its own', async () => {
    await openSettings();
    await page.locator('#default-expiration').fill('1');
    await page.locator('#time-unit').selectOption('years');
    await page.locator("#settings-form button[type='submit']").click();
    await page.locator('data-test-id=upload-btn').click();
    await expectText(selected(), '1 year');
    assert.deepEqual(await page.locator('#expiration-select option').allInnerTexts(), ['1 hour', '1 day', '7 days', '30 days', '1 year', 'Never', 'Custom']);
  });

  test('10 years', async () => {
    await openSettings();
    await page.locator('#default-expiration').fill('10');
    await page.locator('#time-unit').selectOption('years');
    await page.locator("#settings-form button[type='submit']").click();
    await page.locator('data-test-id=upload-btn').click();
    await expectText(selected(), '10 years');
  });

  test('never: the fields switch off, and stay so after a reload', async () => {
    await openSettings();
    await forever().check();
    assert.equal(await page.locator('#default-expiration').isDisabled(), true);
    assert.equal(await page.locator('#time-unit').isDisabled(), true);
    await page.locator("#settings-form button[type='submit']").click();
    await page.getByText('Settings saved.').waitFor();
    await page.reload();
    assert.equal(await forever().isChecked(), true);
    assert.equal(await page.locator('id=default-expiration').isDisabled(), true);
    assert.equal(await page.locator('id=default-expiration').inputValue(), '30');
    assert.equal(await page.locator('id=time-unit').inputValue(), 'days');
    await page.locator('data-test-id=upload-btn').click();
    await expectText(selected(), 'Never');
    assert.deepEqual(await page.locator('#expiration-select option').allInnerTexts(), ['1 hour', '1 day', '7 days', '30 days', '1 year', 'Never', 'Custom']);
  });
});
