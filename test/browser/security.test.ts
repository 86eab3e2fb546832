import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { recordWebm, type Video } from './media.js';
import { eventually, login, PASSPHRASE, startSession, type Session } from './support.js';

// Issue 12, in Chromium: uploads cannot run as this site or reach other sites,
// a page's CSP does not admit an uploaded script or stylesheet, and shared
// videos still play and seek.

let session: Session;
let page: Page;
// Stands in for a third-party site on loopback; counts what reaches it.
let tracker: Server;
const trackerPaths: string[] = [];
let trackerUrl: string;

before(async () => {
  session = await startSession();
  page = await session.newPage();
  tracker = createServer((request, response) => {
    trackerPaths.push(request.url ?? '');
    response.end();
  });
  await new Promise<void>((resolve) => tracker.listen(0, '127.0.0.1', resolve));
  trackerUrl = `http://127.0.0.1:${(tracker.address() as AddressInfo).port}`;
});
after(async () => {
  await session.close();
  await new Promise((resolve) => tracker.close(resolve));
});

/** Uploads bytes as the owner with `curl -T`'s request; returns the file's ID. */
async function upload(filename: string, body: Buffer | string, contentType?: string): Promise<string> {
  const res = await fetch(`${session.baseURL}/${encodeURIComponent(filename)}`, {
    method: 'PUT',
    headers: {
      authorization: `Basic ${Buffer.from(`:${PASSPHRASE}`).toString('base64')}`,
      accept: 'application/json',
      ...(contentType ? { 'content-type': contentType } : {}),
    },
    // As bytes: a string body would be sent as text/plain.
    body: Buffer.from(body),
  });
  assert.equal(res.status, 201, await res.clone().text());
  return ((await res.json()) as { id: string }).id;
}

describe('shared media', () => {
  test('a WebM video plays and seeks when its link is opened', async () => {
    await page.goto('/');
    const video = await recordWebm(page);
    assert.ok(video.length > 1000, `recorded ${video.length} bytes`);
    const id = await upload('clip.webm', video);

    const viewer = await page.context().newPage();
    const response = await viewer.goto(`${session.baseURL}/-${id}/clip.webm`);
    assert.equal(response?.headers()['content-type'], 'video/webm');
    assert.doesNotMatch(String(response?.headers()['content-security-policy']), /sandbox/);
    const element = viewer.locator('video');
    await element.waitFor();
    // Recorded WebM has no duration in its header: seeking far ahead makes
    // Chromium find the end, after which the duration is known.
    await eventually(async () => assert.ok((await element.evaluate((v: Video) => v.readyState)) >= 1, 'metadata loaded'));
    const duration = await element.evaluate(async (v: Video) => {
      if (!Number.isFinite(v.duration)) {
        v.currentTime = 1e6;
        await new Promise((resolve) => v.addEventListener('durationchange', resolve, { once: true }));
      }
      return v.duration;
    });
    assert.ok(Number.isFinite(duration) && duration > 0.5, `duration ${duration}`);
    const seeked = await element.evaluate(async (v: Video) => {
      v.currentTime = 0.5;
      await new Promise((resolve) => v.addEventListener('seeked', resolve, { once: true }));
      return v.currentTime;
    });
    assert.ok(Math.abs(seeked - 0.5) < 0.2, `seeked to ${seeked}`);
    const played = await element.evaluate(async (v: Video) => {
      v.muted = true;
      v.currentTime = 0;
      await v.play();
      await new Promise((resolve) => v.addEventListener('timeupdate', resolve, { once: true }));
      return { error: v.error?.code ?? null, readyState: v.readyState };
    });
    assert.deepEqual(played.error, null);
    assert.ok(played.readyState >= 2, `readyState ${played.readyState}`);
    await viewer.close();
  });

  test('a picture displays', async () => {
    // A 1×1 PNG.
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
    const id = await upload('dot.png', png);
    const viewer = await page.context().newPage();
    await viewer.goto(`${session.baseURL}/-${id}`);
    await eventually(async () => assert.equal(await viewer.locator('img').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth), 1));
    await viewer.close();
  });
});

describe('uploaded documents', () => {
  test('an uploaded HTML page runs no script and loads nothing from other sites', async () => {
    const id = await upload(
      'tracker.html',
      `<!doctype html><html><body>
<p id="status">script did not run</p>
<img src="${trackerUrl}/pixel.png">
<link rel="stylesheet" href="${trackerUrl}/style.css">
<script>document.getElementById('status').textContent = 'script ran';</script>
<script src="${trackerUrl}/script.js"></script>
</body></html>`,
      'text/html',
    );
    const viewer = await page.context().newPage();
    await viewer.goto(`${session.baseURL}/-${id}`);
    await viewer.waitForLoadState('load');
    assert.equal(await viewer.locator('#status').textContent(), 'script did not run');
    // Opening the other site afterwards lets any request still on its way arrive first.
    await viewer.goto(`${trackerUrl}/done`);
    await viewer.close();
    assert.deepEqual(
      trackerPaths.filter((path) => /pixel|style|script/.test(path)),
      [],
      `the other site saw only the navigation: ${trackerPaths.join(', ')}`,
    );
    assert.ok(trackerPaths.includes('/done'));
  });

  test('an uploaded SVG runs no script', async () => {
    const id = await upload(
      'drawing.svg',
      `<svg xmlns="http://www.w3.org/2000/svg"><text id="status" y="20">script did not run</text>
<script>document.getElementById('status').textContent = 'script ran';</script></svg>`,
    );
    const viewer = await page.context().newPage();
    await viewer.goto(`${session.baseURL}/-${id}`);
    await viewer.waitForLoadState('load');
    assert.equal(await viewer.locator('#status').textContent(), 'script did not run');
    await viewer.close();
  });
});

describe("the pages' own policy", () => {
  test('an uploaded script or stylesheet injected into a page is refused', async () => {
    await login(page);
    const scriptId = await upload('evil.js', "document.title = 'pwned'; window.pwned = true;", 'text/javascript');
    const moduleId = await upload('evil.mjs', "document.title = 'pwned module';", 'text/javascript');
    const styleId = await upload('evil.css', 'body { background-color: rgb(1, 2, 3) !important; }', 'text/css');
    // An HTML injection into a page, as a future bug might allow: the markup
    // reaches the browser inside the page, under the page's real CSP header.
    const injected = await page.context().newPage();
    await injected.route('**/files', async (route) => {
      const response = await route.fetch();
      const body = (await response.text()).replace(
        '</main>',
        `<script src="/-${scriptId}"></script><script type="module" src="/-${moduleId}"></script><link rel="stylesheet" href="/-${styleId}"></main>`,
      );
      await route.fulfill({ response, body });
    });
    const violations: string[] = [];
    injected.on('console', (message) => {
      if (/Content Security Policy/.test(message.text())) violations.push(message.text());
    });
    await injected.goto('/files');
    await injected.waitForLoadState('load');
    assert.equal(await injected.title(), 'PicoShare - Files');
    assert.equal(await injected.evaluate<boolean>('window.pwned ?? false'), false);
    assert.notEqual(await injected.evaluate<string>('getComputedStyle(document.body).backgroundColor'), 'rgb(1, 2, 3)');
    await eventually(() => assert.ok(violations.length >= 3, violations.join('\n')));
    // The page's own scripts still work: the menu opens.
    await injected.getByRole('menuitem', { name: 'System' }).click();
    await injected.getByRole('menuitem', { name: 'Settings' }).waitFor();
    await injected.close();
  });
});
