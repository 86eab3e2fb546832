import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { login, startTestApp, type TestApp } from '../helpers/app.js';
import { waitFor } from '../helpers/wait.js';
import { HTML, uploadEntry } from './pages-support.js';

// Issue 14's smaller gaps, as the pages render them.

let t: TestApp;
let cookie: string;
before(async () => {
  t = await startTestApp();
  cookie = await login(t.app);
});
after(() => t.close());

const page = async (url: string) => {
  const res = await t.app.inject({ method: 'GET', url, headers: { ...HTML, cookie } });
  assert.equal(res.statusCode, 200, url);
  return res.body;
};

describe('the files list', () => {
  test("has upstream's Downloads column, counted per row", async () => {
    const twice = await uploadEntry(t.app, 'twice.txt');
    const never = await uploadEntry(t.app, 'never.txt');
    for (const ip of ['192.0.2.1', '192.0.2.2']) await t.app.inject({ method: 'GET', url: `/-${twice}`, remoteAddress: ip });
    // The history is written after the response; wait for both rows.
    await waitFor(() => t.count('downloads') === 2, 'two downloads recorded');
    const body = await page('/files');
    assert.match(body, /<th role="columnheader" scope="col">Downloads<\/th>/);
    const cell = (id: string) => new RegExp(`data-label="Downloads"><a href="/files/${id}/downloads"[^>]*>(\\d+)</a>`).exec(body)?.[1];
    assert.equal(cell(twice), '2');
    assert.equal(cell(never), '0');
  });

  test('long names may wrap after _ and . without changing their text', async () => {
    const id = await uploadEntry(t.app, 'IMG_20240101_093000.jpeg');
    const body = await page('/files');
    assert.match(body, new RegExp(`<a href="/-${id}">IMG_<wbr>20240101_<wbr>093000.<wbr>jpeg</a>`));
    assert.match(await page(`/files/${id}/confirm-delete`), /IMG_<wbr>20240101_<wbr>093000\.<wbr>jpeg/);
    assert.match(body, /test-data-filename="IMG_20240101_093000\.jpeg"/, 'attributes keep the plain name');
  });
});

describe('the edit page', () => {
  test('repeats the expiration as an ISO date, as every other page shows it', async () => {
    const id = await uploadEntry(t.app, 'dated.txt', { expiration: '2026-12-24T12:00:00Z' });
    assert.match(await page(`/files/${id}/edit`), /id="expiration-summary"[^>]*>Expires: 2026-12-24 \(30 days\)</);
    const forever = await uploadEntry(t.app, 'forever.txt');
    assert.match(await page(`/files/${forever}/edit`), /id="expiration-summary"[^>]*>Expires: Never</);
  });
});

describe('the new guest link form', () => {
  test('takes a size cap with decimals, in MiB', async () => {
    const body = await page('/guest-links/new');
    assert.match(body, /Max file size <span class="optional">\(MiB\)<\/span>/);
    assert.match(body, /id="max-file-size" min="0\.01" step="any" inputmode="decimal"/);
  });
});
