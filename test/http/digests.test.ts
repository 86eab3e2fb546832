import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { crc32 } from 'node:zlib';
import { BASIC, startTestApp, type TestApp } from '../helpers/app.js';
import { createGuestLink } from '../helpers/guest.js';
import { fileForm } from '../helpers/multipart.js';

// Issue 17: every upload path stores the file's SHA-256 (and CRC-32), shows it,
// and refuses a body that does not match the digest its client declared.
let t: TestApp;
before(async () => {
  t = await startTestApp({ chunkSize: 1000 });
});
after(() => t.close());

const EXPIRATION = '2999-12-31T00:00:00Z';
const sha = (data: Buffer) => createHash('sha256').update(data).digest();
const field = (digest: Buffer) => `sha-256=:${digest.toString('base64')}:`;

async function listed(id: string): Promise<{ sha256: string | null }> {
  const res = await t.app.inject({ method: 'GET', url: '/api/entries', headers: { authorization: BASIC } });
  const entry = (res.json() as { id: string; sha256: string | null }[]).find((e) => e.id === id);
  assert.ok(entry, `${id} is listed`);
  return entry;
}

async function assertDigestKnown(id: string, data: Buffer): Promise<void> {
  assert.equal((await listed(id)).sha256, sha(data).toString('hex'));
  const row = t.db.prepare('SELECT crc32 FROM entry_digests WHERE entry_id = ?').get(id) as { crc32: number };
  assert.equal(row.crc32, crc32(data));
  for (const method of ['GET', 'HEAD'] as const) {
    const res = await t.app.inject({ method, url: `/-${id}` });
    assert.equal(res.headers['repr-digest'], field(sha(data)), method);
  }
}

describe('digests on every upload path', () => {
  const data = randomBytes(2_500);

  test('multipart POST /api/entry', async () => {
    const form = fileForm(data, 'a.bin');
    const res = await t.app.inject({ method: 'POST', url: `/api/entry?expiration=${EXPIRATION}`, headers: { ...form.headers, authorization: BASIC }, payload: form.payload });
    assert.equal(res.statusCode, 200, res.body);
    await assertDigestKnown((res.json() as { id: string }).id, data);
  });

  test('raw PUT, with and without a matching Content-Digest or Repr-Digest', async () => {
    for (const headers of [{}, { 'content-digest': field(sha(data)) }, { 'repr-digest': `sha-512=:AAAA:, sha-256=:${sha(data).toString('base64')}:` }]) {
      const res = await t.app.inject({ method: 'PUT', url: '/raw.bin', headers: { authorization: BASIC, accept: 'application/json', ...headers }, payload: data });
      assert.equal(res.statusCode, 201, res.body);
      await assertDigestKnown((res.json() as { id: string }).id, data);
    }
  });

  test('guest multipart and guest PUT', async () => {
    const link = await createGuestLink(t.app);
    const form = fileForm(data, 'g.bin');
    const posted = await t.app.inject({ method: 'POST', url: `/api/guest/${link}`, headers: { ...form.headers, accept: 'application/json' }, payload: form.payload });
    assert.equal(posted.statusCode, 200, posted.body);
    await assertDigestKnown((posted.json() as { id: string }).id, data);
    const put = await t.app.inject({ method: 'PUT', url: `/g/${link}/g.bin`, headers: { accept: 'application/json', 'content-digest': field(sha(data)) }, payload: data });
    assert.equal(put.statusCode, 201, put.body);
    await assertDigestKnown((put.json() as { id: string }).id, data);
  });
});

describe('a declared digest that does not match', () => {
  const data = randomBytes(3_100);
  const rows = () => [t.count('entries'), t.count('entries_data'), t.count('entry_digests' as never)];

  for (const [description, headers, want] of [
    ['Content-Digest of other bytes', { 'content-digest': field(sha(Buffer.from('other'))) }, /digest mismatch/],
    ['Repr-Digest of other bytes', { 'repr-digest': field(sha(Buffer.from('other'))) }, /digest mismatch/],
    ['a sha-256 that is not 32 bytes', { 'content-digest': 'sha-256=:AAAA:' }, /malformed content-digest/],
    ['a value that is not a byte sequence', { 'repr-digest': `sha-256=${sha(data).toString('hex')}` }, /malformed repr-digest/],
    ['a malformed dictionary', { 'content-digest': 'SHA-256=:x:' }, /malformed content-digest/],
    ['two fields that disagree', { 'content-digest': field(sha(data)), 'repr-digest': field(sha(Buffer.from('x'))) }, /disagree/],
  ] as const) {
    test(`${description}: 400, nothing stored`, async () => {
      const before = rows();
      const res = await t.app.inject({ method: 'PUT', url: '/bad.bin', headers: { authorization: BASIC, ...headers }, payload: data });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, want);
      assert.equal(res.headers['content-type'], 'text/plain; charset=utf-8');
      assert.deepEqual(rows(), before);
      assert.equal(t.store.uploads.activeCount, 0);
    });
  }

  test('the same refusal through a guest link', async () => {
    const link = await createGuestLink(t.app);
    const before = rows();
    const res = await t.app.inject({ method: 'PUT', url: `/g/${link}/bad.bin`, headers: { 'content-digest': field(sha(Buffer.from('x'))) }, payload: data });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(rows(), before);
  });
});
