import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BASIC, startTestApp, type TestApp } from '../helpers/app.js';
import { fileForm } from '../helpers/multipart.js';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(() => t.close());

async function upload(): Promise<string> {
  const body = fileForm('x'.repeat(1000), 'orig.txt', 'text/plain');
  const res = await t.app.inject({ method: 'POST', url: '/api/entry?expiration=2999-12-31T00:00:00Z', headers: { ...body.headers, authorization: BASIC }, payload: body.payload });
  return (res.json() as { id: string }).id;
}
const edit = (id: string, payload: string, contentType?: string) =>
  t.app.inject({ method: 'PUT', url: `/api/entry/${id}`, headers: { authorization: BASIC, ...(contentType ? { 'content-type': contentType } : {}) }, payload });
const entry = (id: string) => t.store.entries.findEntry(id as never, t.clock.now());

describe('PUT /api/entry/{id}', () => {
  test('updates filename, expiration and note together', async () => {
    const id = await upload();
    const res = await edit(id, JSON.stringify({ filename: 'new.txt', expiration: '2030-01-02T03:04:05.678Z', note: 'hello' }));
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.body, '');
    const e = entry(id)!;
    assert.deepEqual([e.filename, e.expirationTime!.toISOString(), e.note], ['new.txt', '2030-01-02T03:04:05.000Z', 'hello']);
  });

  test('a missing expiration means never; a missing note clears it', async () => {
    const id = await upload();
    await edit(id, JSON.stringify({ filename: 'a', expiration: '2030-01-01T00:00:00Z', note: 'n' }));
    assert.equal((await edit(id, JSON.stringify({ filename: 'a' }))).statusCode, 200);
    assert.deepEqual([entry(id)!.expirationTime!.toISOString(), entry(id)!.note], ['2999-12-31T00:00:00.000Z', null]);
    assert.equal((await edit(id, JSON.stringify({ filename: 'a', expiration: '', note: null }))).statusCode, 200);
  });

  test('accepts JSON sent as text/plain or with no type, as upstream front ends do', async () => {
    const id = await upload();
    for (const type of ['text/plain;charset=UTF-8', 'application/json', undefined]) {
      assert.equal((await edit(id, JSON.stringify({ filename: `via ${String(type).replace("/", " ")}` }), type)).statusCode, 200, String(type));
    }
  });

  const bad: [string, string, string][] = [
    ['empty filename', '{"filename":""}', 'Bad request: filename must be non-empty'],
    ['missing filename', '{}', 'Bad request: filename must be non-empty'],
    ['script note', '{"filename":"a","note":"<script>"}', 'Bad request: note must not contain HTML tags'],
    ['past expiration', '{"filename":"a","expiration":"2001-01-01T00:00:00Z"}', 'Bad request: expire time must be at least 5 minutes in the future'],
    ['bad filename', '{"filename":".."}', 'Bad request: filename cannot begin with dots'],
  ];
  for (const [description, payload, message] of bad) {
    test(`400 for ${description}, data unchanged`, async () => {
      const id = await upload();
      const res = await edit(id, payload);
      assert.equal(res.statusCode, 400);
      assert.equal(res.body, `${message}\n`);
      assert.deepEqual([entry(id)!.filename, entry(id)!.note], ['orig.txt', null]);
    });
  }

  test('400 for a body that is not JSON of the right shape', async () => {
    const id = await upload();
    for (const payload of ['not json', '', '{"filename": 42}', '[]']) {
      const res = await edit(id, payload);
      assert.equal(res.statusCode, 400, payload);
      assert.match(res.body, /^Bad request: /);
    }
  });
});

describe('DELETE /api/entry/{id}', () => {
  test('removes the entry, its chunks and its history', async () => {
    const id = await upload();
    await t.app.inject({ method: 'GET', url: `/-${id}` });
    await t.store.writer.call('ping');
    assert.equal(t.store.downloads.countDownloads(id as never), 1);
    const res = await t.app.inject({ method: 'DELETE', url: `/api/entry/${id}`, headers: { authorization: BASIC } });
    assert.equal(res.statusCode, 200);
    assert.equal(entry(id), undefined);
    const left = (table: string, column: string) => (t.db.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${column} = ?`).get(id) as { n: number }).n;
    assert.equal(left('entries_data', 'id'), 0);
    assert.equal(left('downloads', 'entry_id'), 0);
    assert.equal((await t.app.inject({ method: 'GET', url: `/-${id}` })).statusCode, 404);
  });
});
