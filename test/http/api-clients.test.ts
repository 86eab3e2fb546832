import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { login, startTestApp, type TestApp } from '../helpers/app.js';

const run = promisify(execFile);

// The ready-made clients of the tokens page, used as a person would: against
// the real listening server, the shell function through bash and curl.

let t: TestApp;
let base: string;
let cookie: string;
before(async () => {
  t = await startTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address() as { port: number };
  base = `http://127.0.0.1:${address.port}`;
  cookie = await login(t.app);
});
after(() => t.close());

const unescapeHtml = (text: string) =>
  text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

async function pageText(id: string, html: string): Promise<string> {
  const m = new RegExp(`<(?:pre|code) id="${id}">([^<]*)</(?:pre|code)>`).exec(html);
  assert.ok(m, `no #${id} on the page`);
  return unescapeHtml(m[1]!);
}

describe('the ShareX uploader', () => {
  test('downloads prefilled with this server and a new upload token, and uploads a file', async () => {
    const res = await fetch(`${base}/tokens/sharex`, { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
    assert.equal(res.status, 200);
    assert.match(String(res.headers.get('content-disposition')), /^attachment; filename="picoshare-127\.0\.0\.1-\d+\.sxcu"$/);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const config = (await res.json()) as { RequestMethod: string; RequestURL: string; Headers: Record<string, string>; Body: string; URL: string };
    assert.equal(config.RequestURL, `${base}/{filename}`);
    assert.equal(config.Body, 'Binary');

    // What ShareX does with it: the file's name in the URL, its bytes as the body.
    const bytes = Buffer.from('a screenshot, as ShareX would send it');
    const upload = await fetch(config.RequestURL.replace('{filename}', encodeURIComponent('Screenshot 2026.png')), {
      method: config.RequestMethod,
      headers: config.Headers,
      body: bytes,
    });
    assert.equal(upload.status, 201);
    const reply = (await upload.json()) as Record<string, string>;
    const link = config.URL.replace(/\{json:(\w+)\}/, (_m, key: string) => reply[key]!);
    assert.match(link, new RegExp(`^${base}/-[A-Za-z0-9]{10}/Screenshot%202026\\.png$`));
    assert.deepEqual(Buffer.from(await (await fetch(link)).arrayBuffer()), bytes);

    const tokens = (await (await fetch(`${base}/api/tokens`, { headers: { cookie } })).json()) as { name: string; scope: string; lastUsedAt: string | null }[];
    const sharex = tokens.find((tk) => tk.name.startsWith('ShareX'));
    assert.equal(sharex?.scope, 'upload');
    assert.notEqual(sharex?.lastUsedAt, null);
  });
});

describe('the tokens page', () => {
  test('shows a new secret once, and the shell function from the page uploads with curl and prints the link', async () => {
    const created = await fetch(`${base}/tokens`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ name: 'laptop', scope: 'upload', expires: '30' }),
    });
    assert.equal(created.status, 200);
    assert.equal(created.headers.get('cache-control'), 'no-store');
    const html = await created.text();
    const token = await pageText('new-token', html);
    assert.match(token, /^psk_/);
    const later = await (await fetch(`${base}/tokens`, { headers: { cookie } })).text();
    assert.ok(!later.includes(token), 'the secret is shown only once');
    assert.match(later, /<td class="cell-label">laptop<\/td>/);

    const fn = await pageText('snippet-function', later);
    const file = join(t.dir, 'notes from the road.txt');
    writeFileSync(file, 'uploaded by the shell function\n');
    const { stdout } = await run('bash', ['-c', `${fn}\npicoshare "$1"`, 'bash', file], { env: { PATH: process.env.PATH, PICOSHARE_TOKEN: token }, timeout: 30_000 });
    const link = stdout.trim();
    assert.match(link, new RegExp(`^${base}/-[A-Za-z0-9]{10}/notes%20from%20the%20road\\.txt$`));
    assert.equal(await (await fetch(link)).text(), 'uploaded by the shell function\n');

    // Without a token the function says so instead of uploading anonymously.
    await assert.rejects(run('bash', ['-c', `${fn}\npicoshare "$1"`, 'bash', file], { env: { PATH: process.env.PATH }, timeout: 30_000 }), /PICOSHARE_TOKEN/);
  });

  test('revoking from the page stops the token at once', async () => {
    const { id, token } = (await (await fetch(`${base}/api/tokens`, { method: 'POST', headers: { cookie }, body: '{"name":"old phone","scope":"files"}' })).json()) as { id: string; token: string };
    const use = () => fetch(`${base}/api/entries`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal((await use()).status, 200);
    const revoke = await fetch(`${base}/tokens/${id}/revoke`, { method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
    assert.equal(revoke.status, 303);
    assert.equal((await use()).status, 401);
  });

  test('a bad form shows the reason', async () => {
    const res = await fetch(`${base}/tokens`, { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: 'name=&scope=upload&expires=never' });
    assert.equal(res.status, 400);
    assert.match(await res.text(), /name is required/);
  });

  test('a token cannot open the page', async () => {
    const { token } = (await (await fetch(`${base}/api/tokens`, { method: 'POST', headers: { cookie }, body: '{"name":"nosy","scope":"admin"}' })).json()) as { token: string };
    const res = await fetch(`${base}/tokens`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.status, 401);
    const sharex = await fetch(`${base}/tokens/sharex`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    assert.equal(sharex.status, 401);
  });
});
