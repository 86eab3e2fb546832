import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BASIC, startTestApp, type TestApp } from '../helpers/app.js';
import { createGuestLink } from '../helpers/guest.js';
import { fileForm, multipart } from '../helpers/multipart.js';

let t: TestApp;
const DATA = Buffer.from('some bytes to share');
const json = { accept: 'application/json' };

before(async () => {
  t = await startTestApp();
});
after(() => t.close());

const minutesAhead = (minutes: number) => new Date(t.clock.now().getTime() + minutes * 60_000).toISOString().replace('.000Z', 'Z');

/** Every upload path, given an expiration: returns the status and the body. */
const paths: { name: string; upload: (expiration: string) => Promise<{ statusCode: number; body: string }> }[] = [
  {
    name: 'multipart POST /api/entry',
    upload: (expiration) => {
      const body = fileForm(DATA);
      return t.app.inject({ method: 'POST', url: `/api/entry?expiration=${expiration}`, headers: { ...body.headers, authorization: BASIC }, payload: body.payload });
    },
  },
  {
    name: 'raw PUT /{filename}',
    upload: (expiration) => t.app.inject({ method: 'PUT', url: `/a.txt?expiration=${expiration}`, headers: { authorization: BASIC }, payload: DATA }),
  },
  {
    name: 'guest POST /api/guest/{id}',
    upload: async (expiration) => {
      const link = await createGuestLink(t.app);
      const body = fileForm(DATA);
      return t.app.inject({ method: 'POST', url: `/api/guest/${link}?expiration=${expiration}`, headers: body.headers, payload: body.payload });
    },
  },
  {
    name: 'guest PUT /g/{id}/{filename}',
    upload: async (expiration) => {
      const link = await createGuestLink(t.app);
      return t.app.inject({ method: 'PUT', url: `/g/${link}/a.txt?expiration=${expiration}`, payload: DATA });
    },
  },
];

describe('lifetimes from 5 minutes, on every upload path (issue 15)', () => {
  for (const { name, upload } of paths) {
    for (const { minutes, ok } of [{ minutes: 2, ok: false }, { minutes: 4, ok: false }, { minutes: 5, ok: true }, { minutes: 6, ok: true }]) {
      test(`${name}: ${minutes} minutes ahead → ${ok ? 'stored' : '400'}`, async () => {
        const res = await upload(minutesAhead(minutes));
        if (ok) assert.ok(res.statusCode === 200 || res.statusCode === 201, `${res.statusCode} ${res.body}`);
        else {
          assert.equal(res.statusCode, 400);
          assert.match(res.body, /expire time must be at least 5 minutes in the future\n$/);
        }
      });
    }
  }

  test('a 5-minute file is gone after 5 minutes', async () => {
    const res = await paths[1]!.upload(minutesAhead(5));
    const id = /\/-([A-Za-z0-9]+)/.exec(res.body)![1]!;
    assert.equal((await t.app.inject({ method: 'GET', url: `/-${id}` })).statusCode, 200);
    t.clock.advance(5 * 60_000);
    assert.equal((await t.app.inject({ method: 'GET', url: `/-${id}` })).statusCode, 404);
  });
});

async function listed(id: string) {
  const res = await t.app.inject({ method: 'GET', url: '/api/entries?limit=100', headers: { authorization: BASIC } });
  return (res.json() as { id: string; maxDownloads: number | null; downloadsLeft: number | null; passphraseProtected: boolean }[]).find((e) => e.id === id)!;
}

describe('download limits set at upload and edited (issue 15)', () => {
  test('multipart field maxDownloads; bad values are 400 before anything is stored', async () => {
    const form = (value: string) =>
      multipart([{ name: 'maxDownloads', data: value }, { name: 'file', filename: 'a.txt', data: DATA }]);
    const upload = (value: string) => {
      const body = form(value);
      return t.app.inject({ method: 'POST', url: '/api/entry?expiration=2999-12-31T00:00:00Z', headers: { ...body.headers, authorization: BASIC }, payload: body.payload });
    };
    const ok = await upload('5');
    assert.equal(ok.statusCode, 200);
    const id = (ok.json() as { id: string }).id;
    assert.deepEqual(await listed(id), { ...(await listed(id)), maxDownloads: 5, downloadsLeft: 5, passphraseProtected: false });
    const before = t.count('entries');
    for (const bad of ['0', '-1', '2.5', 'x', '1001']) {
      const res = await upload(bad);
      assert.equal(res.statusCode, 400);
      assert.equal(res.body, 'invalid request: maxDownloads must be a whole number from 1 to 1000\n');
    }
    assert.equal(t.count('entries'), before);
    assert.equal(await upload('').then((r) => r.statusCode), 200, 'empty means no limit');
  });

  test('PUT /api/entry: maxDownloads sets, null clears, 0 and non-integers are 400; absent leaves it', async () => {
    const res = await t.app.inject({ method: 'PUT', url: '/a.txt?maxDownloads=2', headers: { authorization: BASIC, ...json }, payload: DATA });
    const id = (res.json() as { id: string }).id;
    const edit = (extra: Record<string, unknown>) =>
      t.app.inject({
        method: 'PUT',
        url: `/api/entry/${id}`,
        headers: { authorization: BASIC, 'content-type': 'application/json' },
        payload: JSON.stringify({ filename: 'a.txt', expiration: '2999-12-31T00:00:00Z', note: '', ...extra }),
      });
    assert.equal((await edit({ maxDownloads: 7 })).statusCode, 200);
    assert.equal((await listed(id)).maxDownloads, 7);
    assert.equal((await edit({})).statusCode, 200);
    assert.equal((await listed(id)).maxDownloads, 7, 'upstream clients, which send no limit, change nothing');
    for (const bad of [0, 1.5, 1001, '3']) {
      const r = await edit({ maxDownloads: bad });
      assert.equal(r.statusCode, 400, String(bad));
      assert.match(r.body, /^Bad request: maxDownloads/);
    }
    assert.equal((await listed(id)).maxDownloads, 7);
    assert.equal((await edit({ maxDownloads: null })).statusCode, 200);
    assert.deepEqual(await listed(id), { ...(await listed(id)), maxDownloads: null, downloadsLeft: null });
    assert.equal(t.db.prepare('SELECT count(*) AS n FROM entry_limits WHERE entry_id = ?').pluck().get(id), 0);
  });

  test('a guest link gives its files a default download limit, which caps what the guest asks', async () => {
    const link = await createGuestLink(t.app, { maxDownloads: 2 });
    const info = await t.app.inject({ method: 'GET', url: `/api/guest-links/${link}`, headers: { authorization: BASIC } });
    assert.equal((info.json() as { maxDownloads: number }).maxDownloads, 2);
    const plain = await t.app.inject({ method: 'PUT', url: `/g/${link}/a.txt`, headers: json, payload: DATA });
    assert.equal((await listed((plain.json() as { id: string }).id)).maxDownloads, 2);
    const body = multipart([{ name: 'maxDownloads', data: '50' }, { name: 'file', filename: 'a.txt', data: DATA }]);
    const asked = await t.app.inject({ method: 'POST', url: `/api/guest/${link}`, headers: { ...body.headers, ...json }, payload: body.payload });
    assert.equal((await listed((asked.json() as { id: string }).id)).maxDownloads, 2);
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/guest-links',
      headers: { authorization: BASIC },
      payload: JSON.stringify({ label: null, urlExpirationTime: '2999-12-31T00:00:00Z', fileLifetime: '876000h0m0s', maxFileBytes: null, maxFileUploads: null, maxDownloads: 0 }),
    });
    assert.equal(bad.statusCode, 400);
  });

  test('deleting an entry deletes its limits', async () => {
    const res = await t.app.inject({ method: 'PUT', url: '/a.txt', headers: { authorization: BASIC, 'x-passphrase': 'pw', ...json }, payload: DATA });
    const id = (res.json() as { id: string }).id;
    assert.equal(t.db.prepare('SELECT count(*) FROM entry_limits WHERE entry_id = ?').pluck().get(id), 1);
    assert.equal((await t.app.inject({ method: 'DELETE', url: `/api/entry/${id}`, headers: { authorization: BASIC } })).statusCode, 200);
    assert.equal(t.db.prepare('SELECT count(*) FROM entry_limits WHERE entry_id = ?').pluck().get(id), 0);
  });
});
