import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { BASIC, startTestApp, type TestApp } from '../helpers/app.js';
import { fileForm, multipart } from '../helpers/multipart.js';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(() => t.close());

const EXPIRATION = '2999-12-31T00:00:00Z';

async function uploadMultipart(body: ReturnType<typeof multipart>, query = `?expiration=${EXPIRATION}`) {
  return t.app.inject({ method: 'POST', url: `/api/entry${query}`, headers: { ...body.headers, authorization: BASIC }, payload: body.payload });
}

async function download(id: string, headers: Record<string, string> = {}) {
  return t.app.inject({ method: 'GET', url: `/-${id}`, headers });
}

const chunkCount = (id: string) => (t.db.prepare('SELECT count(*) AS n FROM entries_data WHERE id = ?').get(id) as { n: number }).n;

describe('POST /api/entry', () => {
  for (const size of [1, 327_679, 327_680, 327_681, 3 * 327_680 + 12_345]) {
    test(`${size} bytes come back byte-identical`, async () => {
      const data = randomBytes(size);
      const res = await uploadMultipart(fileForm(data, `f-${size}.bin`));
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.headers['content-type'], 'application/json');
      assert.match(res.body, /^\{"id":"[a-zA-Z2-9]{10}"\}\n$/);
      const { id } = res.json() as { id: string };
      assert.equal(chunkCount(id), Math.ceil(size / 327_680));
      const got = await download(id);
      assert.equal(got.statusCode, 200);
      assert.equal(got.headers['content-length'], String(size));
      assert.ok(got.rawPayload.equals(data));
    });
  }

  test('stores the note and the part type verbatim', async () => {
    const res = await uploadMultipart(
      multipart([
        { name: 'file', filename: 'hello.txt', contentType: 'text/plain;charset=utf-8', data: 'hello' },
        { name: 'note', data: 'for Joe' },
      ]),
    );
    const { id } = res.json() as { id: string };
    const entry = t.store.entries.findEntry(id as never, t.clock.now())!;
    assert.equal(entry.note, 'for Joe');
    assert.equal(entry.contentType, 'text/plain;charset=utf-8');
    assert.equal(entry.filename, 'hello.txt');
    assert.equal(entry.expirationTime!.toISOString(), '2999-12-31T00:00:00.000Z');
    assert.equal((await download(id)).headers['content-type'], 'text/plain;charset=utf-8');
  });

  test('a note sent before the file counts too; an empty note is no note', async () => {
    for (const [note, want] of [['first', 'first'], ['', null]] as const) {
      const res = await uploadMultipart(multipart([{ name: 'note', data: note }, { name: 'file', filename: 'a.txt', data: 'x' }]));
      const { id } = res.json() as { id: string };
      assert.equal(t.store.entries.findEntry(id as never, t.clock.now())!.note, want);
    }
  });

  test('only the first part named file is stored; other parts are ignored', async () => {
    const res = await uploadMultipart(
      multipart([
        { name: 'other', filename: 'other.bin', data: 'ignored' },
        { name: 'file', filename: 'first.txt', data: 'first' },
        { name: 'file', filename: 'second.txt', data: 'second' },
        { name: 'extra', data: 'field' },
      ]),
    );
    const { id } = res.json() as { id: string };
    assert.equal((await download(id)).body, 'first');
    assert.equal(t.store.entries.findEntry(id as never, t.clock.now())!.filename, 'first.txt');
  });

  test('filenames: directory dropped, UTF-8 kept, RFC 2231 form understood', async () => {
    for (const [disposition, want] of [
      ['form-data; name="file"; filename="dir/sub/report.pdf"', 'report.pdf'],
      // Browsers send the name's UTF-8 bytes inside the quotes.
      ['form-data; name="file"; filename="Große Datei – 日本.mp4"', 'Große Datei – 日本.mp4'],
      ["form-data; name=\"file\"; filename=\"fallback.txt\"; filename*=UTF-8''na%C3%AFve%20%E2%9C%93.txt", 'naïve ✓.txt'],
      ['form-data; name="file"; filename="say \\"hi\\".txt"', 'say "hi".txt'],
    ] as const) {
      const res = await uploadMultipart(multipart([{ name: 'file', disposition, data: 'x' }]));
      assert.equal(res.statusCode, 200, res.body);
      const { id } = res.json() as { id: string };
      assert.equal(t.store.entries.findEntry(id as never, t.clock.now())!.filename, want);
    }
  });

  test('a part without Content-Type is stored with an empty type and served by extension', async () => {
    const res = await uploadMultipart(multipart([{ name: 'file', filename: 'song.mp3', data: 'ID3' }]));
    const { id } = res.json() as { id: string };
    assert.equal(t.store.entries.findEntry(id as never, t.clock.now())!.contentType, '');
    assert.equal((await download(id)).headers['content-type'], 'audio/mpeg');
  });

  test('a cookie session works as well as Basic auth', async () => {
    const login = await t.app.inject({ method: 'POST', url: '/api/auth', payload: '{"sharedSecretKey":"test-passphrase"}' });
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const body = fileForm('x');
    const res = await t.app.inject({ method: 'POST', url: `/api/entry?expiration=${EXPIRATION}`, headers: { ...body.headers, cookie }, payload: body.payload });
    assert.equal(res.statusCode, 200);
  });
});

describe('PUT /{filename} (curl -T)', () => {
  test('stores the body under the name and answers 201 with the full link', async () => {
    const data = randomBytes(700_001);
    const res = await t.app.inject({ method: 'PUT', url: '/big%20file.iso', headers: { authorization: BASIC, host: 'files.example.com' }, payload: data });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.headers['content-type'], 'text/plain; charset=utf-8');
    const m = /^http:\/\/files\.example\.com\/-([a-zA-Z2-9]{10})\/big%20file\.iso\n$/.exec(res.body);
    assert.ok(m, res.body);
    const got = await download(m[1]!);
    assert.ok(got.rawPayload.equals(data));
    assert.match(String(got.headers['content-disposition']), /filename="big file.iso"/);
  });

  test('JSON when asked; default lifetime from settings when no expiration is given', async () => {
    const res = await t.app.inject({ method: 'PUT', url: '/a.txt', headers: { authorization: BASIC, accept: 'application/json' }, payload: 'abc' });
    assert.equal(res.statusCode, 201);
    const { id, url } = res.json() as { id: string; url: string };
    assert.equal(url, `http://localhost:80/-${id}/a.txt`);
    // Upstream seeds a 30-day default lifetime.
    const entry = t.store.entries.findEntry(id as never, t.clock.now())!;
    assert.equal(entry.expirationTime!.getTime() - t.clock.now().getTime(), 30 * 86_400_000);
  });

  test('an explicit expiration is honoured', async () => {
    const res = await t.app.inject({ method: 'PUT', url: `/b.txt?expiration=${EXPIRATION}`, headers: { authorization: BASIC, accept: 'application/json' }, payload: 'abc' });
    const { id } = res.json() as { id: string };
    assert.equal(t.store.entries.findEntry(id as never, t.clock.now())!.expirationTime!.toISOString(), '2999-12-31T00:00:00.000Z');
  });
});
