import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { expectText, expectUrl, login, rowWith, startSession, textFile, uploadFiles, type Session } from './support.js';

// picoshare.md §10.1: download-history.spec and download-csp.spec.

const BROWSER = 3;

let session: Session;
let page: Page;
before(async () => {
  session = await startSession();
  page = await session.newPage();
});
after(() => session.close());

const section = (heading: string) => page.locator('section').filter({ has: page.getByRole('heading', { name: heading }) });
const tableRows = () => page.getByRole('table').getByRole('row');

async function openHistory(filename: string): Promise<void> {
  await page.getByRole('menuitem', { name: 'Files' }).click();
  await expectUrl(page, '/files');
  await rowWith(page, filename).getByLabel('Information').click();
  await expectUrl(page, /^\/files\/.+\/info$/);
}

describe('download history', () => {
  test('a new file has none', async () => {
    await login(page);
    await uploadFiles(page, [textFile('zero-downloads.txt', 'I expect zero downloads')]);
    await openHistory('zero-downloads.txt');
    await expectText(page.getByText('(History)'), '0 (History)');
    await section('Downloads').getByRole('link', { name: 'History' }).click();
    await expectUrl(page, /^\/files\/.+\/downloads$/);
    await page.getByRole('heading', { name: 'zero-downloads.txt' }).waitFor();
    await page.getByText('No downloads yet.').waitFor();
  });

  test('opening the link once makes one row, in Chrome', async () => {
    await login(page);
    await uploadFiles(page, [textFile('one-download.txt', 'I expect one download')]);
    await page.locator('#result-links a').first().click();
    await page.getByText('I expect one download').waitFor();
    await page.goBack();
    await openHistory('one-download.txt');
    await expectText(page.getByText('(History)'), '1 (History)');
    await expectText(section('Downloads').locator('.value'), '1 (History)');
    await section('Downloads').getByRole('link', { name: 'History' }).click();
    await page.getByRole('heading', { name: 'one-download.txt' }).waitFor();
    assert.equal(await tableRows().count(), 2);
    await expectText(tableRows().last().getByRole('cell').nth(BROWSER), 'Chrome');
  });

  test('"Unique IPs only" keeps the latest download per address', async () => {
    await login(page);
    await uploadFiles(page, [textFile('multi-download.txt', 'File for testing unique IP filtering')]);
    await page.locator('#result-links a').first().click();
    await page.getByText('File for testing unique IP filtering').waitFor();
    // Upstream reloads for a second download. Here a plain reload revalidates
    // (ETag) and gets a 304, which decision D4 does not count as a download;
    // with the cache off the reload fetches the file again. The same client
    // with the same User-Agent within a minute is one download (issue 10), so
    // the reload sends another browser version.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.setUserAgentOverride', { userAgent: `${await page.evaluate(() => (globalThis as unknown as { navigator: { userAgent: string } }).navigator.userAgent)} reloaded` });
    await page.reload();
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: false });
    await cdp.detach();
    await page.goto('/');
    await openHistory('multi-download.txt');
    await section('Downloads').getByRole('link', { name: 'History' }).click();
    await expectUrl(page, /^\/files\/.+\/downloads$/);
    assert.equal(await tableRows().count(), 3);
    const unique = page.locator('#unique-ips-only');
    assert.equal(await unique.isChecked(), false);
    await unique.check();
    await expectUrl(page, /^\/files\/.+\/downloads\?unique=true$/);
    assert.equal(await unique.isChecked(), true);
    assert.equal(await tableRows().count(), 2);
    await expectText(tableRows().nth(1).getByRole('cell').first(), '1');
    await unique.uncheck();
    await expectUrl(page, /^\/files\/.+\/downloads$/);
    assert.equal(await tableRows().count(), 3);
    assert.equal(await unique.isChecked(), false);
  });
});

describe('download sandbox', () => {
  test('an uploaded HTML page cannot run, so it cannot log the owner out', async () => {
    await login(page);
    await uploadFiles(page, [
      textFile(
        'logout-attack.html',
        `<!doctype html>
<html lang="en">
  <body>
    <p id="attack-status">Attack did not start.</p>
    <script>
      document.getElementById("attack-status").textContent = "Attack started.";
      fetch("/api/auth", { method: "DELETE", credentials: "include" });
    </script>
  </body>
</html>`,
        'text/html',
      ),
    ]);
    const downloadUrl = await page.locator('#result-links a').first().evaluate((link) => (link as unknown as { href: string }).href);
    const attackPage = await page.context().newPage();
    const response = await attackPage.goto(downloadUrl);
    assert.match(String(response?.headers()['content-security-policy']), /^sandbox; default-src 'none'/);
    await expectText(attackPage.locator('#attack-status'), 'Attack did not start.');
    await attackPage.waitForLoadState('networkidle');
    await attackPage.close();

    await page.getByRole('menuitem', { name: 'Files' }).click();
    await expectUrl(page, '/files');
    // Still logged in: the owner's list shows, with the file.
    await rowWith(page, 'logout-attack.html').waitFor();
  });
});
