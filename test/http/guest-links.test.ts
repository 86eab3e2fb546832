import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BASIC, startTestApp, type TestApp } from '../helpers/app.js';
import { createGuestLink, NEVER } from '../helpers/guest.js';
import { fileForm } from '../helpers/multipart.js';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(() => t.close());

const post = (payload: string) => t.app.inject({ method: 'POST', url: '/api/guest-links', headers: { authorization: BASIC }, payload });
const row = (id: string) => t.db.prepare('SELECT * FROM guest_links WHERE id = ?').get(id) as Record<string, unknown> | undefined;

describe('POST /api/guest-links', () => {
  const valid = { label: 'For Bob', urlExpirationTime: '2030-01-01T00:00:00Z', fileLifetime: '720h0m0s', maxFileBytes: 10_485_760, maxFileUploads: 2 };

  test('a full payload is stored exactly', async () => {
    const res = await post(JSON.stringify(valid));
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/json');
    const { id } = res.json() as { id: string };
    assert.match(id, /^[a-zA-Z2-9]{16}$/);
    assert.deepEqual(row(id), {
      id, label: 'For Bob', max_file_bytes: 10_485_760, max_file_uploads: 2, creation_time: '2026-11-24T12:00:00Z',
      url_expiration_time: '2030-01-01T00:00:00Z', file_expiration_time: '720h0m0s', is_disabled: 0,
    });
  });

  test('nulls mean no label and no limits', async () => {
    const { id } = (await post(JSON.stringify({ label: null, urlExpirationTime: NEVER, fileLifetime: '24h', maxFileBytes: null, maxFileUploads: null }))).json() as { id: string };
    assert.deepEqual([row(id)!.label, row(id)!.max_file_bytes, row(id)!.max_file_uploads, row(id)!.file_expiration_time], ['', null, null, '24h0m0s']);
  });

  test('the older field name (expirationTime, no fileLifetime) still works', async () => {
    const res = await post(JSON.stringify({ label: 'old client', expirationTime: '2030-01-01T00:00:00Z', maxFileBytes: null, maxFileUploads: 1 }));
    assert.equal(res.statusCode, 200, res.body);
    const { id } = res.json() as { id: string };
    assert.deepEqual([row(id)!.url_expiration_time, row(id)!.file_expiration_time], ['2030-01-01T00:00:00Z', '876000h0m0s']);
  });

  const EXPIRATION_FORMAT = 'unrecognized format for expiration time, must be in 2006-01-02T15:04:05Z07:00 format';
  const cases: { description: string; body: unknown; message: RegExp | string }[] = [
    { description: 'empty body', body: '', message: /^Invalid request: / },
    { description: 'empty object', body: {}, message: `Invalid request: ${EXPIRATION_FORMAT}` },
    { description: 'non-string label', body: { ...valid, label: 5 }, message: /^Invalid request: label: / },
    { description: 'label of 201 bytes', body: { ...valid, label: 'A'.repeat(201) }, message: 'Invalid request: label too long - limit 200 characters' },
    { description: 'label of 5000 characters', body: { ...valid, label: 'x'.repeat(5000) }, message: 'Invalid request: label too long - limit 200 characters' },
    { description: 'missing URL expiration', body: { ...valid, urlExpirationTime: undefined }, message: `Invalid request: ${EXPIRATION_FORMAT}` },
    { description: 'numeric URL expiration', body: { ...valid, urlExpirationTime: 1234 }, message: /^Invalid request: urlExpirationTime: / },
    { description: 'URL expiration in the past', body: { ...valid, urlExpirationTime: '2020-01-01T00:00:00Z' }, message: 'Invalid request: expire time must be at least 5 minutes in the future' },
    { description: 'missing file lifetime', body: { ...valid, fileLifetime: undefined }, message: /^Invalid request: unrecognized format for file life time/ },
    { description: 'file lifetime under a day', body: { ...valid, fileLifetime: '23h' }, message: 'Invalid request: file lifetime must be at least 1 day' },
    { description: 'maxFileBytes -5', body: { ...valid, maxFileBytes: -5 }, message: /^Invalid request: maxFileBytes: / },
    { description: 'maxFileBytes 1.5', body: { ...valid, maxFileBytes: 1.5 }, message: /^Invalid request: maxFileBytes: / },
    { description: 'maxFileBytes 1', body: { ...valid, maxFileBytes: 1 }, message: 'Invalid request: guest upload size limit must be at at least 1048576 bytes' },
    { description: 'maxFileBytes 0', body: { ...valid, maxFileBytes: 0 }, message: 'Invalid request: guest upload size limit must be at at least 1048576 bytes' },
    { description: 'maxFileUploads -5', body: { ...valid, maxFileUploads: -5 }, message: 'Invalid request: guest upload count limit must be a positive number' },
    { description: 'maxFileUploads 1.5', body: { ...valid, maxFileUploads: 1.5 }, message: /^Invalid request: maxFileUploads: / },
    { description: 'maxFileUploads 0', body: { ...valid, maxFileUploads: 0 }, message: 'Invalid request: guest upload count limit must be a positive number' },
    { description: 'label checked before expiration', body: { label: 'A'.repeat(201) }, message: 'Invalid request: label too long - limit 200 characters' },
  ];
  for (const { description, body, message } of cases) {
    test(`400 for ${description}`, async () => {
      const before = t.count('guest_links');
      const res = await post(typeof body === 'string' ? body : JSON.stringify(body));
      assert.equal(res.statusCode, 400);
      if (typeof message === 'string') assert.equal(res.body, `${message}\n`);
      else assert.match(res.body, message);
      assert.equal(t.count('guest_links'), before, 'nothing stored');
    });
  }
});

describe('managing links', () => {
  test('GET /api/guest-links lists links with usage and state, newest first', async () => {
    const first = await createGuestLink(t.app, { label: 'first', maxFileUploads: 1 });
    t.clock.advance(1000);
    const second = await createGuestLink(t.app, { label: 'second' });
    const body = fileForm('x');
    await t.app.inject({ method: 'POST', url: `/api/guest/${first}`, headers: body.headers, payload: body.payload });
    const res = await t.app.inject({ method: 'GET', url: '/api/guest-links', headers: { authorization: BASIC } });
    const links = res.json() as { id: string; filesUploaded: number; isActive: boolean; fileLifetimeName: string }[];
    const ids = links.map((l) => l.id);
    assert.ok(ids.indexOf(second) < ids.indexOf(first));
    const listed = links.find((l) => l.id === first)!;
    assert.deepEqual([listed.filesUploaded, listed.isActive, listed.fileLifetimeName], [1, false, 'Never']);
  });

  test('disable and enable answer 204 and are idempotent; unknown → 404; malformed → 400', async () => {
    const id = await createGuestLink(t.app);
    for (const action of ['disable', 'disable', 'enable', 'enable']) {
      const res = await t.app.inject({ method: 'PUT', url: `/api/guest-links/${id}/${action}`, headers: { authorization: BASIC } });
      assert.equal(res.statusCode, 204);
      assert.equal(row(id)!.is_disabled, action === 'disable' ? 1 : 0);
    }
    const unknown = await t.app.inject({ method: 'PUT', url: '/api/guest-links/abcdefghijkmnopq/disable', headers: { authorization: BASIC } });
    assert.equal(unknown.statusCode, 404);
    const malformed = await t.app.inject({ method: 'PUT', url: '/api/guest-links/short/enable', headers: { authorization: BASIC } });
    assert.equal(malformed.statusCode, 400);
    assert.match(malformed.body, /^Invalid guest link ID: guest link ID \(short\) has invalid length: got 5, want 16\n$/);
  });

  test('deleting a link keeps its files, unlinked', async () => {
    const id = await createGuestLink(t.app);
    const body = fileForm('kept by the owner');
    const upload = await t.app.inject({ method: 'POST', url: `/api/guest/${id}`, headers: { ...body.headers, accept: 'application/json' }, payload: body.payload });
    const { id: fileId } = upload.json() as { id: string };
    assert.equal((await t.app.inject({ method: 'DELETE', url: `/api/guest-links/${id}`, headers: { authorization: BASIC } })).statusCode, 200);
    assert.equal(row(id), undefined);
    assert.equal((await t.app.inject({ method: 'GET', url: `/-${fileId}` })).body, 'kept by the owner');
    assert.equal(t.store.entries.findEntry(fileId as never, t.clock.now())!.guestLinkId, null);
    assert.equal((await t.app.inject({ method: 'DELETE', url: '/api/guest-links/abcdefghijkmnopq', headers: { authorization: BASIC } })).statusCode, 200);
    assert.equal((await t.app.inject({ method: 'DELETE', url: '/api/guest-links/bad', headers: { authorization: BASIC } })).statusCode, 400);
  });

  test('the admin routes need a session', async () => {
    for (const [method, url] of [['GET', '/api/guest-links'], ['POST', '/api/guest-links'], ['DELETE', '/api/guest-links/abcdefghijkmnopq'], ['PUT', '/api/guest-links/abcdefghijkmnopq/enable']] as const) {
      assert.equal((await t.app.inject({ method, url, payload: method === 'POST' ? '{}' : undefined })).statusCode, 401, `${method} ${url}`);
    }
  });
});
