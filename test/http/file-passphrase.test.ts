import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildApp } from '../../src/app.js';
import { DEFAULT_LIMITS } from '../../src/config.js';
import { BASIC, login, SECRET, startTestApp, type TestApp } from '../helpers/app.js';
import { multipart } from '../helpers/multipart.js';

let t: TestApp;
let app: FastifyInstance;
const lines: string[] = [];
const DATA = randomBytes(5000);
const PASS = 'correct horse battery';

const basic = (password: string) => `Basic ${Buffer.from(`:${password}`).toString('base64')}`;
const HTML = 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8';

async function upload(passphrase: string, maxDownloads = ''): Promise<string> {
  const body = multipart([
    { name: 'passphrase', data: passphrase },
    { name: 'maxDownloads', data: maxDownloads },
    { name: 'file', filename: 'clip.webm', contentType: 'video/webm', data: DATA },
  ]);
  const res = await app.inject({
    method: 'POST',
    url: '/api/entry?expiration=2999-12-31T00:00:00Z',
    headers: { ...body.headers, authorization: BASIC },
    payload: body.payload,
  });
  assert.equal(res.statusCode, 200, res.body);
  return (res.json() as { id: string }).id;
}

const get = (id: string, headers: Record<string, string> = {}, remoteAddress = '10.0.0.1') =>
  app.inject({ method: 'GET', url: `/-${id}`, headers, remoteAddress });
const unlockForm = (id: string, passphrase: string, remoteAddress = '10.0.0.1') =>
  app.inject({
    method: 'POST',
    url: `/-${id}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: HTML },
    payload: new URLSearchParams({ passphrase }).toString(),
    remoteAddress,
  });
const storedHash = (id: string) =>
  (t.db.prepare('SELECT passphrase_hash AS h FROM entry_limits WHERE entry_id = ?').get(id) as { h: string | null } | undefined)?.h ?? null;
const responses: string[] = [];
const seen = <T extends { body: string; headers: Record<string, unknown> }>(res: T): T => {
  responses.push(res.body, JSON.stringify(res.headers));
  return res;
};

before(async () => {
  t = await startTestApp();
  const sink = new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) });
  app = buildApp({
    config: { sharedSecret: SECRET, behindProxy: false, limits: DEFAULT_LIMITS },
    store: t.store,
    clock: t.clock,
    log: pino({ level: 'debug' }, sink),
  });
  await app.ready();
});
after(async () => {
  await app.close();
  await t.close();
});

describe('passphrase-protected files (issue 15)', () => {
  test('stored as an scrypt hash, listed only as passphraseProtected', async () => {
    const id = await upload(PASS);
    assert.match(storedHash(id)!, /^scrypt\$/);
    const list = seen(await app.inject({ method: 'GET', url: '/api/entries', headers: { authorization: BASIC } }));
    const entry = (list.json() as Record<string, unknown>[]).find((e) => e.id === id)!;
    assert.equal(entry.passphraseProtected, true);
    assert.equal(entry.maxDownloads, null);
    assert.ok(!list.body.includes(PASS));
  });

  test('a script without credentials gets 401 and a Basic challenge', async () => {
    const id = await upload(PASS);
    const res = seen(await get(id));
    assert.equal(res.statusCode, 401);
    assert.match(String(res.headers['www-authenticate']), /^Basic realm="/);
    assert.equal(res.body, 'passphrase required\n');
  });

  test('curl -u :PASSPHRASE downloads it, ranges included; a wrong one is 401', async () => {
    const id = await upload(PASS);
    const whole = seen(await get(id, { authorization: basic(PASS) }));
    assert.equal(whole.statusCode, 200);
    assert.ok(whole.rawPayload.equals(DATA));
    const part = await get(id, { authorization: basic(PASS), range: 'bytes=100-199' });
    assert.equal(part.statusCode, 206);
    assert.ok(part.rawPayload.equals(DATA.subarray(100, 200)));
    const wrong = seen(await get(id, { authorization: basic('nope') }));
    assert.equal(wrong.statusCode, 401);
    assert.equal(wrong.body, 'wrong passphrase\n');
  });

  test('a browser gets the unlock page, in the site look, with a CSP nonce', async () => {
    const id = await upload(PASS);
    const res = seen(await get(id, { accept: HTML }));
    assert.equal(res.statusCode, 401);
    assert.equal(res.headers['www-authenticate'], undefined);
    assert.match(String(res.headers['content-type']), /^text\/html/);
    const nonce = /script-src 'nonce-([^']+)'/.exec(String(res.headers['content-security-policy']))![1]!;
    assert.ok(res.body.includes(`nonce="${nonce}"`));
    assert.match(res.body, /<form id="unlock-form"[^>]*method="post" action="\/-[A-Za-z0-9]+"/);
    assert.ok(!res.body.includes('clip.webm'), 'the file name stays hidden');
  });

  test('the unlock page and refusals do not use up a limited file (real sockets)', async () => {
    const id = await upload(PASS, '1');
    await app.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}/-${id}`;
    for (let i = 0; i < 3; i++) {
      const page = await fetch(url, { headers: { accept: HTML } });
      assert.equal(page.status, 401);
      assert.match(await page.text(), /Protected file/);
    }
    assert.equal((await fetch(url, { headers: { authorization: basic('nope') } })).status, 401);
    assert.equal((await fetch(url)).status, 401);
    await t.store.writer.call('ping');
    const file = await fetch(url, { headers: { authorization: basic(PASS) } });
    assert.equal(file.status, 200);
    assert.ok(Buffer.from(await file.arrayBuffer()).equals(DATA));
  });

  test('the form: a wrong passphrase shows an error, the right one sets a per-file cookie', async () => {
    const id = await upload(PASS);
    const other = await upload(PASS);
    const wrong = seen(await unlockForm(id, 'nope', '10.0.0.2'));
    assert.equal(wrong.statusCode, 401);
    assert.ok(wrong.body.includes('Wrong passphrase.'));
    const right = seen(await unlockForm(id, PASS, '10.0.0.2'));
    assert.equal(right.statusCode, 303);
    assert.equal(right.headers.location, `/-${id}`);
    const setCookie = String(right.headers['set-cookie']);
    assert.match(setCookie, /^unlock_[A-Za-z0-9]+=\d+\.[\w-]+; Path=\/; Max-Age=14400; HttpOnly; SameSite=Lax$/);
    const cookie = setCookie.split(';')[0]!;
    const file = await get(id, { cookie, accept: HTML });
    assert.equal(file.statusCode, 200);
    assert.ok(file.rawPayload.equals(DATA));
    assert.equal((await get(other, { cookie })).statusCode, 401, 'the cookie opens that file only');
    const forged = cookie.replace(/=(\d+)\./, (_m, n: string) => `=${Number(n) + 1000}.`);
    assert.equal((await get(id, { cookie: forged })).statusCode, 401);
    t.clock.advance(4 * 3600_000 + 1000);
    assert.equal((await get(id, { cookie })).statusCode, 401, 'the cookie lasts a few hours');
  });

  test('wrong guesses are limited per file and client: 429 with Retry-After', async () => {
    const id = await upload(PASS);
    const other = await upload(PASS);
    for (let i = 0; i < 5; i++) assert.equal((await get(id, { authorization: basic(`guess ${i}`) }, '10.0.0.3')).statusCode, 401);
    const limited = seen(await get(id, { authorization: basic(PASS) }, '10.0.0.3'));
    assert.equal(limited.statusCode, 429);
    assert.ok(Number(limited.headers['retry-after']) > 0);
    assert.equal((await unlockForm(id, PASS, '10.0.0.3')).statusCode, 429);
    assert.equal((await get(other, { authorization: basic(PASS) }, '10.0.0.3')).statusCode, 200, 'another file is not affected');
    assert.equal((await get(id, { authorization: basic(PASS) }, '10.0.0.4')).statusCode, 200, 'another client is not affected');
    t.clock.advance(15 * 60_000);
    assert.equal((await get(id, { authorization: basic(PASS) }, '10.0.0.3')).statusCode, 200);
  });

  test("the owner's session downloads without the passphrase; the owner's secret by Basic does not", async () => {
    const id = await upload(PASS);
    const cookie = await login(app);
    assert.equal((await get(id, { cookie })).statusCode, 200);
    assert.equal((await get(id, { authorization: BASIC }, '10.0.0.5')).statusCode, 401);
  });

  test('PUT /api/entry changes and removes the passphrase; a changed one voids unlock cookies', async () => {
    const id = await upload(PASS);
    const cookie = String((await unlockForm(id, PASS, '10.0.0.6')).headers['set-cookie']).split(';')[0]!;
    const edit = (passphrase: string | null) =>
      app.inject({
        method: 'PUT',
        url: `/api/entry/${id}`,
        headers: { authorization: BASIC, 'content-type': 'application/json' },
        payload: JSON.stringify({ filename: 'clip.webm', expiration: '2999-12-31T00:00:00Z', note: '', passphrase }),
      });
    assert.equal((await edit('a new one')).statusCode, 200);
    assert.equal((await get(id, { cookie })).statusCode, 401);
    assert.equal((await get(id, { authorization: basic('a new one') })).statusCode, 200);
    const empty = await edit('');
    assert.equal(empty.statusCode, 400);
    assert.equal((await edit(null)).statusCode, 200);
    assert.equal((await get(id)).statusCode, 200);
    assert.equal(storedHash(id), null);
  });

  test('raw PUT takes X-Passphrase, Max-Downloads and ?maxDownloads=', async () => {
    const put = (url: string, headers: Record<string, string>) =>
      app.inject({ method: 'PUT', url, headers: { authorization: BASIC, ...headers }, payload: DATA });
    const protectedRes = await put('/clip.webm', { 'x-passphrase': PASS, 'max-downloads': '2' });
    assert.equal(protectedRes.statusCode, 201, protectedRes.body);
    const id = /\/-([A-Za-z0-9]+)/.exec(protectedRes.body)![1]!;
    assert.equal((await get(id)).statusCode, 401);
    assert.equal((await get(id, { authorization: basic(PASS) })).statusCode, 200);
    const limited = await put('/clip.webm?maxDownloads=1', {});
    assert.equal(limited.statusCode, 201);
    const limitedId = /\/-([A-Za-z0-9]+)/.exec(limited.body)![1]!;
    assert.deepEqual(t.db.prepare('SELECT max_downloads FROM entry_limits WHERE entry_id = ?').get(limitedId), { max_downloads: 1 });
    for (const bad of ['0', '1.5', 'many', '1001']) {
      const res = await put(`/clip.webm?maxDownloads=${bad}`, {});
      assert.equal(res.statusCode, 400);
      assert.equal(res.body, 'invalid request: maxDownloads must be a whole number from 1 to 1000\n');
    }
  });

  test('no response and no log line holds a passphrase or its hash', async () => {
    const hashes = (t.db.prepare('SELECT passphrase_hash AS h FROM entry_limits WHERE passphrase_hash IS NOT NULL').all() as { h: string }[]).map((r) => r.h);
    assert.ok(hashes.length > 0);
    const everything = responses.join('\n') + lines.join('');
    for (const hash of hashes) {
      assert.ok(!everything.includes(hash), 'a hash leaked');
      assert.ok(!everything.includes(hash.split('$').at(-1)!), 'a hash leaked');
    }
    assert.ok(!lines.join('').includes(PASS), 'a passphrase was logged');
    assert.ok(lines.some((l) => l.includes('wrong file passphrase')));
  });
});
