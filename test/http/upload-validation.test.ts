import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import type { LightMyRequestResponse } from 'fastify';
import { BASIC, startTestApp, type TestApp } from '../helpers/app.js';
import { createGuestLink } from '../helpers/guest.js';
import { multipart, type Part } from '../helpers/multipart.js';

// Issue 12: bad filenames answer 400 on every upload path and in edits; content
// types that are not media types are replaced by a guess from the filename;
// multipart part headers over 16 KiB answer 400.
let t: TestApp;
let guestLink: string;
before(async () => {
  t = await startTestApp();
  guestLink = await createGuestLink(t.app);
});
after(() => t.close());

const NEVER = '2999-12-31T00:00:00Z';

/** Each way to upload, given a filename and a content type (undefined: none sent). */
const PATHS: { name: string; send: (filename: string, contentType?: string, extra?: Partial<Part>) => Promise<LightMyRequestResponse> }[] = [
  {
    name: 'owner multipart',
    send: (filename, contentType, extra) => {
      const body = multipart([filePart(filename, contentType, extra)]);
      return t.app.inject({ method: 'POST', url: `/api/entry?expiration=${NEVER}`, headers: { ...body.headers, authorization: BASIC }, payload: body.payload });
    },
  },
  {
    name: 'guest multipart',
    send: (filename, contentType, extra) => {
      const body = multipart([filePart(filename, contentType, extra)]);
      return t.app.inject({ method: 'POST', url: `/api/guest/${guestLink}`, headers: { ...body.headers, accept: 'application/json' }, payload: body.payload });
    },
  },
  {
    name: 'owner raw PUT',
    send: (filename, contentType) =>
      t.app.inject({ method: 'PUT', url: `/${encodeURIComponent(filename)}`, headers: { authorization: BASIC, accept: 'application/json', ...typeHeader(contentType) }, payload: 'data' }),
  },
  {
    name: 'guest raw PUT',
    send: (filename, contentType) =>
      t.app.inject({ method: 'PUT', url: `/g/${guestLink}/${encodeURIComponent(filename)}`, headers: { accept: 'application/json', ...typeHeader(contentType) }, payload: 'data' }),
  },
];

function filePart(filename: string, contentType: string | undefined, extra: Partial<Part> = {}): Part {
  // The RFC 5987 form carries any character, controls included, through the header.
  const disposition = `form-data; name="file"; filename="x"; filename*=UTF-8''${encodeURIComponent(filename)}`;
  return { name: 'file', disposition, data: 'data', ...(contentType === undefined ? {} : { contentType }), ...extra };
}
const typeHeader = (contentType: string | undefined): Record<string, string> => (contentType === undefined ? {} : { 'content-type': contentType });

const storedType = (res: LightMyRequestResponse): string => {
  assert.equal(res.statusCode, res.statusCode === 201 ? 201 : 200, res.body);
  const { id } = res.json() as { id: string };
  return t.store.entries.findEntry(id as never, t.clock.now())!.contentType;
};

const BAD_NAMES: [string, string][] = [
  ['NUL', 'a\u0000b.txt'],
  ['U+0001', 'a\u0001b.txt'],
  ['escape', 'a\u001b[31mb.txt'],
  ['U+001F', 'a\u001fb.txt'],
  ['DEL', 'a\u007fb.txt'],
  ['LRM', 'a\u200eb.txt'],
  ['RLM', 'a\u200fb.txt'],
  ['LRE', 'a\u202ab.txt'],
  ['RLO', 'report\u202efdp.exe'],
  ['PDF', 'a\u202cb.txt'],
  ['LRI', 'a\u2066b.txt'],
  ['PDI', 'a\u2069b.txt'],
  ['ALM', 'a\u061cb.txt'],
];

describe('filenames with controls are refused on every path', () => {
  for (const path of PATHS) {
    for (const [what, filename] of BAD_NAMES) {
      test(`${path.name}: ${what} → 400`, async () => {
        const before = t.count('entries');
        const res = await path.send(filename, 'text/plain');
        assert.equal(res.statusCode, 400, res.body);
        assert.equal(res.body, 'invalid request: illegal characters in filename\n');
        assert.equal(t.count('entries'), before);
      });
    }
    test(`${path.name}: right-to-left letters are fine`, async () => {
      assert.ok([200, 201].includes((await path.send('تقرير.txt', 'text/plain')).statusCode));
    });
  }

  test('edits refuse them too', async () => {
    const res = await PATHS[0]!.send('fine.txt', 'text/plain');
    const { id } = res.json() as { id: string };
    for (const [what, filename] of BAD_NAMES) {
      const edit = await t.app.inject({
        method: 'PUT',
        url: `/api/entry/${id}`,
        headers: { authorization: BASIC },
        payload: JSON.stringify({ filename, expiration: '', note: '' }),
      });
      assert.equal(edit.statusCode, 400, what);
      assert.equal(edit.body, 'Bad request: illegal characters in filename\n');
    }
    assert.equal(t.store.entries.findEntry(id as never, t.clock.now())!.filename, 'fine.txt');
  });

  test('an entry stored with such a name (by upstream) still downloads, its name escaped', async () => {
    const res = await PATHS[0]!.send('old.txt', 'text/plain');
    const { id } = res.json() as { id: string };
    const db = new Database(t.dbPath);
    try {
      db.prepare('UPDATE entries SET filename = ? WHERE id = ?').run('a\u0000b\u202e.txt', id);
    } finally {
      db.close();
    }
    const download = await t.app.inject({ method: 'GET', url: `/-${id}` });
    assert.equal(download.statusCode, 200);
    assert.equal(download.body, 'data');
    assert.equal(download.headers['content-disposition'], `inline; filename="a_b_.txt"; filename*=UTF-8''a%00b%E2%80%AE.txt`);
  });
});

describe('content types', () => {
  const BAD_TYPES = [
    'text/html"><script>alert(1)</script>',
    'text/html; x=<script>',
    'text/html;;',
    'text/ html',
    'text',
    'text/',
    '/plain',
    'text/plain; charset',
    'text/plain; charset="unterminated',
    'a b/c',
    'text/plain\u00e9',
  ];
  const GOOD_TYPES = ['text/plain', 'text/plain;charset=utf-8', 'application/vnd.example+json; a=b; c="d e"', 'video/mp4'];

  for (const path of PATHS) {
    for (const contentType of BAD_TYPES) {
      test(`${path.name}: ${JSON.stringify(contentType)} is replaced by a guess from the name`, async () => {
        assert.equal(storedType(await path.send('notes.txt', contentType)), 'text/plain; charset=utf-8');
        assert.equal(storedType(await path.send('blob.unknownext', contentType)), 'application/octet-stream');
      });
    }
    for (const contentType of GOOD_TYPES) {
      test(`${path.name}: ${JSON.stringify(contentType)} is kept`, async () => {
        assert.equal(storedType(await path.send('notes.txt', contentType)), contentType);
      });
    }
  }

  test('without a type, multipart stores none (as upstream) and raw PUT a guess', async () => {
    assert.equal(storedType(await PATHS[0]!.send('song.mp3')), '');
    assert.equal(storedType(await PATHS[1]!.send('song.mp3')), '');
    assert.equal(storedType(await PATHS[2]!.send('song.mp3')), 'audio/mpeg');
    assert.equal(storedType(await PATHS[3]!.send('song.mp3')), 'audio/mpeg');
  });

  test('a malformed type stored by upstream is served as a guess', async () => {
    const { id } = (await PATHS[0]!.send('page.txt', 'text/plain')).json() as { id: string };
    const db = new Database(t.dbPath);
    try {
      db.prepare('UPDATE entries SET content_type = ? WHERE id = ?').run('text/html"><script>', id);
    } finally {
      db.close();
    }
    assert.equal((await t.app.inject({ method: 'GET', url: `/-${id}` })).headers['content-type'], 'text/plain; charset=utf-8');
  });
});

describe('multipart part headers', () => {
  for (const path of PATHS.slice(0, 2)) {
    for (const [what, bytes] of [['20 KiB', 20 * 1024], ['1 MiB', 1024 * 1024]] as const) {
      test(`${path.name}: a ${what} part header → 400`, async () => {
        const before = t.count('entries');
        const res = await path.send('a.txt', `text/plain; pad="${'a'.repeat(bytes)}"`);
        assert.equal(res.statusCode, 400, res.body);
        assert.equal(res.body, 'invalid request: multipart part header too large\n');
        assert.equal(t.count('entries'), before);
      });
    }
    test(`${path.name}: a 15 KiB part header is fine`, async () => {
      assert.equal((await path.send('a.txt', `text/plain; pad="${'a'.repeat(15 * 1024)}"`)).statusCode, 200);
    });
  }

  test('a long header on a text field counts too', async () => {
    const body = multipart([
      { name: 'note', disposition: `form-data; name="note"; x="${'a'.repeat(20 * 1024)}"`, data: 'n' },
      { name: 'file', filename: 'a.txt', data: 'data' },
    ]);
    const res = await t.app.inject({ method: 'POST', url: `/api/entry?expiration=${NEVER}`, headers: { ...body.headers, authorization: BASIC }, payload: body.payload });
    assert.equal(res.statusCode, 400);
  });
});
