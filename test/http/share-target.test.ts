import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { login, startTestApp, type TestApp } from '../helpers/app.js';
import { multipart } from '../helpers/multipart.js';

// The Web Share Target (issue 14): Android's "Share → PicoShare" posts the
// shared files to /share as multipart/form-data, one `file` part each.

let t: TestApp;
let cookie: string;
before(async () => {
  t = await startTestApp();
  cookie = await login(t.app);
});
after(() => t.close());

// What Chrome on Android sends for a share from the gallery: a navigation the
// person started outside any page (an opaque origin, from no site).
const ANDROID = {
  accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
  origin: 'null',
  'sec-fetch-site': 'none',
  'sec-fetch-mode': 'navigate',
  'sec-fetch-dest': 'document',
};

const photos = () =>
  multipart([
    { name: 'file', filename: 'IMG_0001.jpg', contentType: 'image/jpeg', data: Buffer.from('first photo') },
    { name: 'file', filename: 'IMG_0002.jpg', contentType: 'image/jpeg', data: Buffer.from('second photo') },
  ]);

test('the manifest offers /share as a share target for files', async () => {
  const manifest = JSON.parse((await t.app.inject({ method: 'GET', url: '/site.webmanifest' })).body) as {
    share_target: { action: string; method: string; enctype: string; params: { files: { name: string }[] } };
  };
  assert.equal(manifest.share_target.action, '/share');
  assert.equal(manifest.share_target.method, 'POST');
  assert.equal(manifest.share_target.enctype, 'multipart/form-data');
  assert.equal(manifest.share_target.params.files[0]!.name, 'file');
});

test('shared files are stored as the owner\'s, and the page shows the links of each', async () => {
  const form = photos();
  const res = await t.app.inject({ method: 'POST', url: '/share', payload: form.payload, headers: { ...form.headers, ...ANDROID, cookie } });
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /^text\/html/);
  const links = [...res.body.matchAll(/<upload-links file-id="(\w+)" filename="([^"]+)">/g)].map((m) => ({ id: m[1]!, filename: m[2]! }));
  assert.deepEqual(links.map((l) => l.filename), ['IMG_0001.jpg', 'IMG_0002.jpg']);
  for (const [i, link] of links.entries()) {
    const file = await t.app.inject({ method: 'GET', url: `/-${link.id}` });
    assert.equal(file.body, i === 0 ? 'first photo' : 'second photo');
    assert.equal(file.headers['content-type'], 'image/jpeg');
  }
  // The default lifetime of the settings (30 days) applies, as on the upload page.
  const entries = JSON.parse((await t.app.inject({ method: 'GET', url: '/api/entries', headers: { cookie } })).body) as { id: string; expirationTime: string; note: string | null }[];
  for (const link of links) {
    const entry = entries.find((e) => e.id === link.id)!;
    assert.equal(entry.note, null);
    assert.equal(Date.parse(entry.expirationTime) - t.clock.now().getTime(), 30 * 24 * 3600 * 1000);
  }
});

test('without a session, a browser is sent to log in and nothing is stored', async () => {
  const before = t.count('entries');
  const form = photos();
  const res = await t.app.inject({ method: 'POST', url: '/share', payload: form.payload, headers: { ...form.headers, ...ANDROID } });
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, '/login?next=%2Fshare');
  assert.equal(t.count('entries'), before);
  // Back from the login page, GET /share leads on to the upload page.
  const back = await t.app.inject({ method: 'GET', url: '/share', headers: { cookie } });
  assert.equal(back.statusCode, 303);
  assert.equal(back.headers.location, '/');
});

test('another site cannot share into the owner\'s files', async () => {
  const before = t.count('entries');
  for (const headers of [{ origin: 'null', 'sec-fetch-site': 'cross-site' }, { origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site' }]) {
    const form = photos();
    const res = await t.app.inject({ method: 'POST', url: '/share', payload: form.payload, headers: { ...form.headers, accept: 'text/html', ...headers, cookie } });
    assert.equal(res.statusCode, 403, JSON.stringify(headers));
  }
  assert.equal(t.count('entries'), before);
});

test('a share without files, an empty file or a broken body is a plain 400 and stores nothing', async () => {
  const before = t.count('entries');
  const bodies = [
    multipart([{ name: 'text', data: 'just text' }]),
    multipart([{ name: 'file', filename: 'empty.jpg', contentType: 'image/jpeg', data: '' }]),
    { payload: Buffer.from('--x\r\nContent-Disposition: form-data; name="file"; filename="cut.jpg"\r\n\r\nno end'), headers: { 'content-type': 'multipart/form-data; boundary=x' } },
  ];
  for (const form of bodies) {
    const res = await t.app.inject({ method: 'POST', url: '/share', payload: form.payload, headers: { ...form.headers, ...ANDROID, cookie } });
    assert.equal(res.statusCode, 400, res.body);
    assert.match(String(res.headers['content-type']), /^text\/plain/);
  }
  assert.equal(t.count('entries'), before);
  assert.equal(t.count('entries_data'), 0 + (await chunkRowsOfEntries()));
});

async function chunkRowsOfEntries(): Promise<number> {
  // Chunks of stored files only: nothing orphaned by the refused shares.
  return (t.db.prepare('SELECT COUNT(*) AS n FROM entries_data WHERE id IN (SELECT id FROM entries)').get() as { n: number }).n;
}
