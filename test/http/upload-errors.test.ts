import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BASIC, startTestApp, type TestApp } from '../helpers/app.js';
import { BOUNDARY, fileForm, multipart } from '../helpers/multipart.js';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(() => t.close());

const NEVER = '2999-12-31T00:00:00Z';
const FORMAT = 'unrecognized format for expiration time, must be in 2006-01-02T15:04:05Z07:00 format';
const truncated = fileForm('some bytes');
const cut = (body: Buffer, tail: number) => body.subarray(0, body.length - tail);

interface Case {
  description: string;
  url?: string;
  method?: 'POST' | 'PUT';
  headers?: Record<string, string>;
  payload: Buffer | string;
  status: number;
  message: string;
}

const cases: Case[] = [
  { description: 'non-multipart body', headers: { 'content-type': 'application/json' }, payload: '{"file":"x"}', status: 400, message: "invalid request: request Content-Type isn't multipart/form-data" },
  { description: 'no content type', payload: 'raw bytes', status: 400, message: "invalid request: request Content-Type isn't multipart/form-data" },
  { description: 'multipart without boundary', headers: { 'content-type': 'multipart/form-data' }, payload: 'x', status: 400, message: 'invalid request: no multipart boundary param in Content-Type' },
  { description: 'truncated multipart (no closing boundary)', headers: truncated.headers, payload: cut(truncated.payload, `--${BOUNDARY}--\r\n`.length), status: 400, message: 'invalid request: unexpected EOF' },
  { description: 'truncated in the middle of the file', headers: truncated.headers, payload: cut(truncated.payload, 30), status: 400, message: 'invalid request: unexpected EOF' },
  { description: 'empty multipart body', headers: truncated.headers, payload: '', status: 400, message: 'invalid request: unexpected EOF' },
  { description: 'missing file part', ...multipart([{ name: 'note', data: 'hi' }]), status: 400, message: 'invalid request: http: no such file' },
  { description: 'file part named otherwise', ...multipart([{ name: 'upload', filename: 'a.txt', data: 'x' }]), status: 400, message: 'invalid request: http: no such file' },
  { description: 'file part without a filename', ...multipart([{ name: 'file', data: 'x' }]), status: 400, message: 'invalid request: http: no such file' },
  { description: 'empty file', ...fileForm(''), status: 400, message: 'invalid request: file must be non-empty' },
  { description: 'filename "."', ...fileForm('x', '.'), status: 400, message: 'invalid request: filename cannot begin with dots' },
  { description: 'filename "..x"', ...fileForm('x', '..x'), status: 400, message: 'invalid request: filename cannot begin with dots' },
  { description: 'filename with a backslash', ...fileForm('x', 'a\\\\b'), status: 400, message: 'invalid request: illegal characters in filename' },
  { description: 'filename over 255 bytes', ...fileForm('x', 'é'.repeat(128)), status: 400, message: 'invalid request: filename too long' },
  { description: 'note over 500 bytes, after the file', ...multipart([{ name: 'file', filename: 'a.txt', data: 'x'.repeat(100_000) }, { name: 'note', data: 'n'.repeat(501) }]), status: 400, message: 'invalid request: note is too long' },
  { description: 'note over 500 bytes, before the file', ...multipart([{ name: 'note', data: 'n'.repeat(501) }, { name: 'file', filename: 'a.txt', data: 'x' }]), status: 400, message: 'invalid request: note is too long' },
  { description: 'huge note field', ...multipart([{ name: 'note', data: 'n'.repeat(1_000_000) }, { name: 'file', filename: 'a.txt', data: 'x' }]), status: 400, message: 'invalid request: note is too long' },
  { description: 'note with a script tag', ...multipart([{ name: 'file', filename: 'a.txt', data: 'x' }, { name: 'note', data: '<script>' }]), status: 400, message: 'invalid request: note must not contain HTML tags' },
  { description: 'note "undefined"', ...multipart([{ name: 'file', filename: 'a.txt', data: 'x' }, { name: 'note', data: 'undefined' }]), status: 400, message: "invalid request: value of 'undefined' is not allowed" },
  { description: 'missing expiration', url: '/api/entry', ...fileForm('x'), status: 400, message: `Invalid expiration URL parameter: ${FORMAT}` },
  { description: 'unparseable expiration', url: '/api/entry?expiration=soon', ...fileForm('x'), status: 400, message: `Invalid expiration URL parameter: ${FORMAT}` },
  { description: 'past expiration', url: '/api/entry?expiration=2020-01-01T00:00:00Z', ...fileForm('x'), status: 400, message: 'Invalid expiration URL parameter: expire time must be at least 5 minutes in the future' },
  { description: 'malformed Content-Type', headers: { 'content-type': 'a/b/c' }, payload: 'x', status: 400, message: "invalid request: request Content-Type isn't multipart/form-data" },
  { description: 'multipart boundary over 200 characters', ...multipart([{ name: 'file', filename: 'a.txt', data: 'x' }], 'b'.repeat(253)), status: 400, message: 'invalid request: multipart boundary longer than 200 characters' },
  { description: 'expiration past the year 9999', url: '/api/entry?expiration=9999-12-31T23:59:59-23:59', ...fileForm('x'), status: 400, message: 'Invalid expiration URL parameter: expire time must be before the year 10000' },
  { description: 'raw PUT of an empty body', method: 'PUT', url: '/empty.txt', payload: '', status: 400, message: 'invalid request: file must be non-empty' },
  { description: 'raw PUT named "..x"', method: 'PUT', url: '/..x', payload: 'x', status: 400, message: 'invalid request: filename cannot begin with dots' },
  { description: 'raw PUT with a bad expiration', method: 'PUT', url: '/a.txt?expiration=yesterday', payload: 'x', status: 400, message: `Invalid expiration URL parameter: ${FORMAT}` },
];

describe('bad uploads: a clear 4xx, nothing stored', () => {
  for (const c of cases) {
    test(c.description, async () => {
      const res = await t.app.inject({
        method: c.method ?? 'POST',
        url: c.url ?? `/api/entry?expiration=${NEVER}`,
        headers: { ...c.headers, authorization: BASIC },
        payload: c.payload,
      });
      assert.equal(res.statusCode, c.status, res.body);
      assert.equal(res.body, `${c.message}\n`);
      assert.equal(res.headers['content-type'], 'text/plain; charset=utf-8');
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      assert.equal(t.count('entries'), 0);
      assert.equal(t.count('entries_data'), 0);
    });
  }
});

test('unknown text fields are skipped unread, however many', async () => {
  const flood = Array.from({ length: 2_000 }, (_, i) => ({ name: `field${i}`, data: 'x'.repeat(16 * 1024) }));
  const form = multipart([...flood, { name: 'file', filename: 'a.txt', data: 'kept' }]);
  const res = await t.app.inject({ method: 'POST', url: `/api/entry?expiration=${NEVER}`, headers: { ...form.headers, authorization: BASIC }, payload: form.payload });
  assert.equal(res.statusCode, 200, res.body);
  const id = (JSON.parse(res.body) as { id: string }).id;
  assert.equal((await t.app.inject({ method: 'GET', url: `/-${id}` })).body, 'kept');
  await t.app.inject({ method: 'DELETE', url: `/api/entry/${id}`, headers: { authorization: BASIC } });
});

test('a refused upload frees its slot: nothing is left in progress', async () => {
  for (let i = 0; i < 3; i++) {
    await t.app.inject({ method: 'POST', url: `/api/entry?expiration=${NEVER}`, headers: { 'content-type': 'text/plain', authorization: BASIC }, payload: 'x' });
  }
  assert.deepEqual([...t.store.uploads.activeIds()], []);
});

describe('IDs', () => {
  for (const [method, url] of [['PUT', '/api/entry/short'], ['DELETE', '/api/entry/short'], ['GET', '/-short'], ['GET', '/-abcdefghi0'], ['HEAD', '/-short'], ['GET', '/!short']] as const) {
    test(`${method} ${url} → 400`, async () => {
      const res = await t.app.inject({ method, url, headers: { authorization: BASIC }, payload: method === 'PUT' ? '{"filename":"a"}' : undefined });
      assert.equal(res.statusCode, 400);
      if (method !== 'HEAD') assert.match(res.body, /^bad entry ID: entry ID \(.*\) (has invalid length: got \d+, want 10|contains invalid character: .)\n$/);
    });
  }

  test('unknown IDs', async () => {
    assert.equal((await t.app.inject({ method: 'GET', url: '/-abcdefghij' })).body, 'entry not found\n');
    assert.equal((await t.app.inject({ method: 'GET', url: '/-abcdefghij' })).statusCode, 404);
    const edit = await t.app.inject({ method: 'PUT', url: '/api/entry/abcdefghij', headers: { authorization: BASIC }, payload: '{"filename":"a"}' });
    assert.equal(edit.statusCode, 404);
    assert.equal(edit.body, 'Invalid entry ID\n');
    // Upstream deletes idempotently.
    assert.equal((await t.app.inject({ method: 'DELETE', url: '/api/entry/abcdefghij', headers: { authorization: BASIC } })).statusCode, 200);
  });

  test('unknown paths answer like upstream', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/no/such/page' });
    assert.equal(res.statusCode, 404);
    assert.equal(res.body, '404 page not found\n');
  });
});
