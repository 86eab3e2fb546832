import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { BASIC, startTestApp, type TestApp } from '../helpers/app.js';
import { createGuestLink } from '../helpers/guest.js';
import { fileForm } from '../helpers/multipart.js';
import { waitFor } from '../helpers/wait.js';
import { needsUnzip, pythonRead, unzipTest } from '../helpers/zip-tools.js';

// Issue 17: several files behind one link, and their zip built on the fly:
// read by standard tools, identical on every download, resumable by Range.
let t: TestApp;
before(async () => {
  // Tiny chunks: ranges cross chunk, member and header boundaries.
  t = await startTestApp({ chunkSize: 7 });
});
after(() => t.close());

const EXPIRATION = '2999-12-31T00:00:00Z';
const sha = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

async function put(app: TestApp, name: string, data: Buffer | string): Promise<string> {
  const res = await app.app.inject({ method: 'PUT', url: `/${encodeURIComponent(name)}?expiration=${EXPIRATION}`, headers: { authorization: BASIC, accept: 'application/json' }, payload: data });
  assert.equal(res.statusCode, 201, res.body);
  return (res.json() as { id: string }).id;
}

async function createBundle(app: TestApp, entryIds: string[], title?: string): Promise<string> {
  const res = await app.app.inject({ method: 'POST', url: '/api/bundles', headers: { authorization: BASIC }, payload: JSON.stringify({ entryIds, title }) });
  assert.equal(res.statusCode, 200, res.body);
  const body = res.json() as { id: string; url: string };
  assert.match(body.id, /^[a-zA-Z2-9]{10}$/);
  assert.equal(body.url, `http://localhost:80/b/${body.id}`);
  return body.id;
}

const zip = (app: TestApp, id: string, headers: Record<string, string> = {}, method: 'GET' | 'HEAD' = 'GET') =>
  app.app.inject({ method, url: `/b/${id}.zip`, headers });

const files = {
  'notes.txt': Buffer.from('hello, bundle\n'),
  'Überweisung – März.pdf': randomBytes(101),
  'empty-ish.bin': Buffer.from('x'),
  'NOTES.txt': randomBytes(40),
  'notes (2).txt': Buffer.from('a name the renaming must not reuse'),
};

describe('a bundle of five files', () => {
  let id: string;
  let ids: string[];
  let archive: Buffer;

  before(async () => {
    ids = [];
    for (const [name, data] of Object.entries(files)) ids.push(await put(t, name, data));
    id = await createBundle(t, ids, 'Holiday photos');
    const res = await zip(t, id);
    assert.equal(res.statusCode, 200, res.body);
    archive = res.rawPayload;
  });

  test('the headers: exact length, strong ETag, ranges, a download name', async () => {
    const res = await zip(t, id, {}, 'HEAD');
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/zip');
    assert.equal(res.headers['content-length'], String(archive.length));
    assert.match(String(res.headers.etag), /^"[a-zA-Z2-9]{10}-[A-Za-z0-9_-]{22}"$/);
    assert.equal(res.headers['accept-ranges'], 'bytes');
    assert.match(String(res.headers['content-disposition']), /^attachment; filename="Holiday photos.zip"/);
    assert.equal(res.rawPayload.length, 0);
  });

  test('unzip -t finds every member intact', needsUnzip, () => {
    const report = unzipTest(archive);
    assert.match(report, /No errors detected/);
    for (const name of ['notes.txt', 'empty-ish.bin', 'NOTES (2).txt', 'notes (2) (2).txt']) assert.ok(report.includes(`testing: ${name}`), report);
  });

  test("Python's zipfile reads every file back, stored, under unique UTF-8 names", () => {
    const { bad, members } = pythonRead(archive);
    assert.equal(bad, null);
    assert.deepEqual(
      members.map((m) => [m.name, m.size, m.compress, m.sha256]),
      [
        ['notes.txt', 14, 0, sha(files['notes.txt'])],
        ['Überweisung – März.pdf', 101, 0, sha(files['Überweisung – März.pdf'])],
        ['empty-ish.bin', 1, 0, sha('x')],
        ['NOTES (2).txt', 40, 0, sha(files['NOTES.txt'])],
        ['notes (2) (2).txt', files['notes (2).txt'].length, 0, sha(files['notes (2).txt'])],
      ],
    );
    // The upload time (the test clock's), in UTC.
    const uploaded = t.clock.now();
    assert.deepEqual(members[0]!.date.slice(0, 3), [uploaded.getUTCFullYear(), uploaded.getUTCMonth() + 1, uploaded.getUTCDate()]);
  });

  test('two downloads are byte-identical', async () => {
    const again = await zip(t, id);
    assert.ok(again.rawPayload.equals(archive));
    assert.equal(again.headers.etag, (await zip(t, id, {}, 'HEAD')).headers.etag);
  });

  test('every Range form answers the matching slice of the whole', async () => {
    const n = archive.length;
    const cases: [string, number, number][] = [
      ['bytes=0-0', 0, 0],
      ['bytes=0-99', 0, 99],
      ['bytes=30-', 30, n - 1],
      ['bytes=-22', n - 22, n - 1],
      ['bytes=-100000', 0, n - 1],
      ['bytes=50-60', 50, 60],
      ['bytes=57-57', 57, 57],
      [`bytes=${n - 1}-`, n - 1, n - 1],
      [`bytes=100-${n + 500}`, 100, n - 1],
      [' bytes = 10 - 20 ', 10, 20],
    ];
    for (let offset = 0; offset < n; offset += 13) cases.push([`bytes=${offset}-${Math.min(offset + 16, n - 1)}`, offset, Math.min(offset + 16, n - 1)]);
    for (const [range, start, end] of cases) {
      const res = await zip(t, id, { range });
      assert.equal(res.statusCode, 206, range);
      assert.equal(res.headers['content-range'], `bytes ${start}-${end}/${n}`, range);
      assert.equal(res.headers['content-length'], String(end - start + 1), range);
      assert.ok(res.rawPayload.equals(archive.subarray(start, end + 1)), range);
    }
    const several = await zip(t, id, { range: 'bytes=0-1,5-9' });
    assert.equal(several.statusCode, 200);
    assert.ok(several.rawPayload.equals(archive));
    const past = await zip(t, id, { range: `bytes=${n}-` });
    assert.equal(past.statusCode, 416);
    assert.equal(past.headers['content-range'], `bytes */${n}`);
    assert.equal((await zip(t, id, { range: 'bytes=5-2' })).statusCode, 416);
  });

  test('If-Range, If-None-Match and If-Match go by the strong ETag only', async () => {
    const etag = String((await zip(t, id, {}, 'HEAD')).headers.etag);
    const resumed = await zip(t, id, { range: 'bytes=100-', 'if-range': etag });
    assert.equal(resumed.statusCode, 206);
    assert.ok(resumed.rawPayload.equals(archive.subarray(100)));
    const stale = await zip(t, id, { range: 'bytes=100-', 'if-range': '"other"' });
    assert.equal(stale.statusCode, 200);
    assert.ok(stale.rawPayload.equals(archive));
    // A date cannot vouch for a list of files.
    assert.equal((await zip(t, id, { range: 'bytes=100-', 'if-range': new Date(Date.now() + 1e9).toUTCString() })).statusCode, 200);
    assert.equal((await zip(t, id, { 'if-none-match': etag })).statusCode, 304);
    assert.equal((await zip(t, id, { 'if-match': '"other"' })).statusCode, 412);
  });

  test('a download from the start counts for every file; a resume does not', async () => {
    const counts = () => ids.map((e) => t.store.downloads.countDownloads(e as never));
    const before = counts();
    await zip(t, id, { range: 'bytes=100-', 'user-agent': 'resumer' });
    // Queued in order behind a record, had there been one.
    await t.store.writer.call('ping');
    assert.deepEqual(counts(), before);
    await zip(t, id, { 'user-agent': 'fresh' });
    await waitFor(() => counts().every((n, i) => n === before[i]! + 1), 'one more download of every file');
  });

  test('the recipient page: title, each file with size, SHA-256 and link, and Download all', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/b/${id}` });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /Holiday photos/);
    for (const [i, [name, data]] of Object.entries(files).entries()) {
      assert.ok(res.body.includes(`href="http://localhost:80/-${ids[i]}"`), name);
      assert.ok(res.body.includes(sha(data)), name);
    }
    assert.ok(res.body.includes(`href="http://localhost:80/b/${id}.zip"`));
    assert.match(res.body, /Download all/);
    assert.match(res.body, /sha256sum -c/);
  });

  test('listed in GET /api/bundles', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/bundles', headers: { authorization: BASIC } });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['x-total-count'], '1');
    const [listed] = res.json() as { id: string; title: string; fileCount: number }[];
    assert.deepEqual([listed!.id, listed!.title, listed!.fileCount], [id, 'Holiday photos', 5]);
  });
});

describe('what a bundle holds as files come and go', () => {
  test('a deleted file leaves the zip (a new ETag); all gone is 404; deleting a bundle keeps its files', async () => {
    const a = await put(t, 'a.txt', 'aaa');
    const b = await put(t, 'b.txt', 'bbb');
    const id = await createBundle(t, [a, b, a]);
    const first = await zip(t, id);
    assert.deepEqual(pythonRead(first.rawPayload).members.map((m) => m.name), ['a.txt', 'b.txt']);
    await t.app.inject({ method: 'DELETE', url: `/api/entry/${a}`, headers: { authorization: BASIC } });
    const second = await zip(t, id);
    assert.deepEqual(pythonRead(second.rawPayload).members.map((m) => m.name), ['b.txt']);
    assert.notEqual(second.headers.etag, first.headers.etag);
    const page = await t.app.inject({ method: 'GET', url: `/b/${id}` });
    assert.ok(!page.body.includes('a.txt'));

    const keep = await createBundle(t, [b]);
    const del = await t.app.inject({ method: 'DELETE', url: `/api/bundle/${keep}`, headers: { authorization: BASIC } });
    assert.equal(del.statusCode, 200);
    assert.equal((await t.app.inject({ method: 'GET', url: `/b/${keep}` })).statusCode, 404);
    assert.equal((await t.app.inject({ method: 'GET', url: `/-${b}` })).statusCode, 200);
    assert.equal((await t.app.inject({ method: 'DELETE', url: `/api/bundle/${keep}`, headers: { authorization: BASIC } })).statusCode, 404);

    await t.app.inject({ method: 'DELETE', url: `/api/entry/${b}`, headers: { authorization: BASIC } });
    for (const url of [`/b/${id}`, `/b/${id}.zip`]) {
      const res = await t.app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 404, url);
      assert.equal(res.body, 'bundle not found\n');
    }
  });

  test('bad requests are refused in plain words', async () => {
    const a = await put(t, 'c.txt', 'c');
    const cases: [string, unknown, RegExp][] = [
      ['no files', { entryIds: [] }, /at least one file/],
      ['not JSON', 'nope', /invalid request/],
      ['a malformed ID', { entryIds: ['short'] }, /invalid length/],
      ['an unknown file', { entryIds: [a, 'abcdefghij'] }, /entry not found: abcdefghij/],
      ['a title with control characters', { entryIds: [a], title: 'a\nb' }, /control characters/],
    ];
    for (const [description, body, want] of cases) {
      const res = await t.app.inject({ method: 'POST', url: '/api/bundles', headers: { authorization: BASIC }, payload: typeof body === 'string' ? body : JSON.stringify(body) });
      assert.equal(res.statusCode, 400, description);
      assert.match(res.body, want, description);
    }
    assert.equal((await t.app.inject({ method: 'POST', url: '/api/bundles', payload: JSON.stringify({ entryIds: [a] }) })).statusCode, 401);
    assert.equal((await t.app.inject({ method: 'GET', url: '/b/bad' })).statusCode, 400);
    assert.equal((await t.app.inject({ method: 'GET', url: '/b/abcdefghij.zip' })).statusCode, 404);
  });

  test('a zip waits for digests still being computed', async () => {
    const a = await put(t, 'd.txt', 'd');
    const id = await createBundle(t, [a]);
    // As an upstream file is, before the backfill reaches it.
    const raw = (await import('better-sqlite3')).default(t.dbPath);
    raw.prepare('DELETE FROM entry_digests WHERE entry_id = ?').run(a);
    raw.close();
    const res = await zip(t, id);
    assert.equal(res.statusCode, 503);
    assert.match(res.body, /checksums of 1 file\(s\) are still being computed/);
    assert.ok(res.headers['retry-after']);
  });
});

describe('guests', () => {
  test("a guest bundles the files just uploaded through the link, and nobody else's", async () => {
    const link = await createGuestLink(t.app);
    const upload = async (name: string, data: string) => {
      const form = fileForm(data, name);
      const res = await t.app.inject({ method: 'POST', url: `/api/guest/${link}`, headers: { ...form.headers, accept: 'application/json' }, payload: form.payload });
      return (res.json() as { id: string }).id;
    };
    const mine = [await upload('g1.txt', 'one'), await upload('g2.txt', 'two')];
    const owners = await put(t, 'private.txt', 'secret');
    const bundle = (entryIds: string[]) => t.app.inject({ method: 'POST', url: `/api/guest/${link}/bundle`, payload: JSON.stringify({ entryIds }) });

    const refused = await bundle([mine[0]!, owners]);
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, new RegExp(`entry ${owners} was not just uploaded through this guest link`));
    const made = await bundle(mine);
    assert.equal(made.statusCode, 200, made.body);
    const { id } = made.json() as { id: string };
    assert.deepEqual(pythonRead((await zip(t, id)).rawPayload).members.map((m) => m.name), ['g1.txt', 'g2.txt']);
    // One guest bundle per file: a link cannot mint bundles without end.
    assert.equal((await bundle(mine)).statusCode, 400);
    assert.equal((await t.app.inject({ method: 'POST', url: '/api/guest/abcdefghijkmnopq/bundle', payload: '{}' })).statusCode, 404);
  });
});

describe('ZIP64', () => {
  for (const [description, zipLimits] of [
    ['past the size limit', { maxOffset: 200, maxMembers: 0xffff }],
    ['past the member limit', { maxOffset: 0xffff_ffff, maxMembers: 2 }],
  ] as const) {
    test(`${description}, as readers expect`, async () => {
      const z = await startTestApp({ chunkSize: 5, zipLimits });
      try {
        const data = [randomBytes(150), Buffer.from('second'), randomBytes(99)];
        const ids = [await put(z, 'one.bin', data[0]!), await put(z, 'two.txt', data[1]!), await put(z, 'three.bin', data[2]!)];
        const id = await createBundle(z, ids);
        const res = await zip(z, id);
        assert.equal(res.statusCode, 200);
        const archive = res.rawPayload;
        // The ZIP64 end record and its locator are there.
        assert.ok(archive.includes(Buffer.from([0x50, 0x4b, 0x06, 0x06])));
        assert.ok(archive.includes(Buffer.from([0x50, 0x4b, 0x06, 0x07])));
        const { bad, members } = pythonRead(archive);
        assert.equal(bad, null);
        assert.deepEqual(members.map((m) => m.sha256), data.map((d) => sha(d)));
        if (!needsUnzip.skip) assert.match(unzipTest(archive), /No errors detected/);
        const slice = await zip(z, id, { range: 'bytes=-80' });
        assert.ok(slice.rawPayload.equals(archive.subarray(archive.length - 80)));
      } finally {
        await z.close();
      }
    });
  }
});
