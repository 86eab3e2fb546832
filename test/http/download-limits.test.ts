import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { get as httpGet, type IncomingHttpHeaders } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { BASIC, startTestApp, type TestApp } from '../helpers/app.js';
import { multipart } from '../helpers/multipart.js';
import { waitFor } from '../helpers/wait.js';

let t: TestApp;
let base: string;

const SMALL = randomBytes(1000);
// Far more than loopback sockets buffer, so a client that stops reading early
// has really not received the rest.
const BIG = randomBytes(24 * 1024 * 1024);

async function upload(data: Buffer, maxDownloads: number): Promise<string> {
  const body = multipart([
    { name: 'maxDownloads', data: String(maxDownloads) },
    { name: 'file', filename: 'video.webm', contentType: 'video/webm', data },
  ]);
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/entry?expiration=2999-12-31T00:00:00Z',
    headers: { ...body.headers, authorization: BASIC },
    payload: body.payload,
  });
  assert.equal(res.statusCode, 200, res.body);
  return (res.json() as { id: string }).id;
}

interface Got {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A GET or HEAD over a real socket, read to the end. */
function fetchFile(id: string, headers: Record<string, string>, method: 'GET' | 'HEAD' = 'GET'): Promise<Got> {
  return new Promise((resolve, reject) => {
    const req = httpGet(`${base}/-${id}`, { headers, method }, (res) => {
      const pieces: Buffer[] = [];
      res.on('data', (d: Buffer) => pieces.push(d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(pieces) }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

/** A GET that hangs up after receiving at least `bytes`; resolves with how many arrived. */
function abortedGet(id: string, headers: Record<string, string>, bytes: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpGet(`${base}/-${id}`, { headers }, (res) => {
      assert.equal(res.statusCode, 200);
      let received = 0;
      res.on('data', (d: Buffer) => {
        received += d.length;
        if (received >= bytes) {
          req.destroy();
          resolve(received);
        }
      });
    });
    req.on('error', (err) => (req.destroyed ? undefined : reject(err)));
  });
}

async function limits(id: string): Promise<{ maxDownloads: number | null; downloadsLeft: number | null }> {
  const res = await t.app.inject({ method: 'GET', url: '/api/entries?limit=100', headers: { authorization: BASIC } });
  const entry = (res.json() as { id: string; maxDownloads: number | null; downloadsLeft: number | null }[]).find((e) => e.id === id)!;
  return { maxDownloads: entry.maxDownloads, downloadsLeft: entry.downloadsLeft };
}

/** Waits until the file's stored count says `left`, then checks it stays there after a write round trip. */
async function expectLeft(id: string, left: number): Promise<void> {
  await waitFor(async () => (await limits(id)).downloadsLeft === left, `${left} downloads left`);
  await t.store.writer.call('ping');
  assert.equal((await limits(id)).downloadsLeft, left);
}

/** Waits until a transfer's hold on a download is given back: a fresh client may start again. */
const released = (id: string) => waitFor(async () => (await fetchFile(id, { 'user-agent': 'probe' }, 'HEAD')).status === 200, 'hold released');

const ua = (name: string) => ({ 'user-agent': name });

before(async () => {
  t = await startTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
});
after(() => t.close());

describe('counting downloads (issue 15)', () => {
  const SIZE = SMALL.length;
  const cases: { description: string; limit: number; run: (id: string) => Promise<void>; left: number }[] = [
    {
      description: 'a full GET counts',
      limit: 3,
      run: async (id) => {
        const got = await fetchFile(id, ua('a'));
        assert.equal(got.status, 200);
        assert.ok(got.body.equals(SMALL));
      },
      left: 2,
    },
    {
      description: 'full GETs one after another each count, until the limit',
      limit: 2,
      run: async (id) => {
        assert.equal((await fetchFile(id, ua('a'))).status, 200);
        assert.equal((await fetchFile(id, ua('a'))).status, 200);
        assert.equal((await fetchFile(id, ua('b'))).status, 410);
      },
      left: 0,
    },
    {
      description: 'range pieces from one client that cover the file count once',
      limit: 3,
      run: async (id) => {
        for (const range of ['bytes=0-99', 'bytes=500-', 'bytes=100-499']) {
          assert.equal((await fetchFile(id, { ...ua('a'), range })).status, 206);
        }
      },
      left: 2,
    },
    {
      description: 'pieces from two clients do not count',
      limit: 3,
      run: async (id) => {
        assert.equal((await fetchFile(id, { ...ua('a'), range: 'bytes=0-499' })).status, 206);
        assert.equal((await fetchFile(id, { ...ua('b'), range: 'bytes=500-' })).status, 206);
      },
      left: 3,
    },
    {
      description: 'HEAD and 304 do not count',
      limit: 3,
      run: async (id) => {
        const head = await fetchFile(id, ua('a'), 'HEAD');
        assert.equal(head.status, 200);
        const revalidated = await fetchFile(id, { ...ua('a'), 'if-none-match': String(head.headers.etag) });
        assert.equal(revalidated.status, 304);
      },
      left: 3,
    },
    {
      description: "a video player's seeking does not count",
      limit: 3,
      run: async (id) => {
        for (const range of ['bytes=400-', 'bytes=900-', 'bytes=200-300']) {
          assert.equal((await fetchFile(id, { ...ua('player'), range })).status, 206);
        }
      },
      left: 3,
    },
    {
      description: 'once used up, 410 download limit reached, also to HEAD',
      limit: 1,
      run: async (id) => {
        assert.equal((await fetchFile(id, ua('a'))).status, 200);
        await expectLeft(id, 0);
        for (const [headers, method] of [[ua('b'), 'GET'], [{ ...ua('b'), range: 'bytes=10-' }, 'GET'], [ua('a'), 'HEAD']] as const) {
          const got = await fetchFile(id, headers, method);
          assert.equal(got.status, 410);
          if (method === 'GET') assert.equal(got.body.toString(), 'download limit reached\n');
        }
      },
      left: 0,
    },
  ];
  for (const { description, limit, run, left } of cases) {
    test(description, async () => {
      const id = await upload(SMALL, limit);
      assert.deepEqual(await limits(id), { maxDownloads: limit, downloadsLeft: limit });
      await run(id);
      await expectLeft(id, left);
    });
  }
  assert.ok(SIZE > 900);

  test('an aborted GET does not count, and gives its hold back', async () => {
    const id = await upload(BIG, 1);
    await abortedGet(id, ua('a'), 64 * 1024);
    await released(id);
    await expectLeft(id, 1);
    const whole = await fetchFile(id, ua('b'));
    assert.equal(whole.status, 200);
    assert.equal(whole.body.length, BIG.length);
    await expectLeft(id, 0);
  });

  test('a client resumes its own interrupted download past the limit, within 10 minutes', async () => {
    const id = await upload(BIG, 1);
    const got = await abortedGet(id, ua('resumer'), 64 * 1024);
    await released(id);
    assert.equal((await fetchFile(id, ua('other'))).status, 200);
    await expectLeft(id, 0);
    assert.equal((await fetchFile(id, ua('third'))).status, 410);
    const rest = await fetchFile(id, { ...ua('resumer'), range: `bytes=${got}-` });
    assert.equal(rest.status, 206);
    assert.ok(rest.body.equals(BIG.subarray(got)));
    // Its download is complete now: it may not start over.
    assert.equal((await fetchFile(id, { ...ua('resumer'), range: `bytes=${got}-` })).status, 410);
  });

  test('a client fetching in ranges one after another finishes past the limit; a stranger may not start', async () => {
    const id = await upload(SMALL, 1);
    assert.equal((await fetchFile(id, { ...ua('pieces'), range: 'bytes=0-499' })).status, 206);
    assert.equal((await fetchFile(id, ua('other'))).status, 200);
    await expectLeft(id, 0);
    assert.equal((await fetchFile(id, { ...ua('stranger'), range: 'bytes=500-' })).status, 410);
    const rest = await fetchFile(id, { ...ua('pieces'), range: 'bytes=500-' });
    assert.equal(rest.status, 206);
    assert.ok(rest.body.equals(SMALL.subarray(500)));
  });

  test('a resume after 10 minutes is refused once the limit is reached', async () => {
    const id = await upload(BIG, 1);
    const got = await abortedGet(id, ua('late'), 64 * 1024);
    await released(id);
    assert.equal((await fetchFile(id, ua('other'))).status, 200);
    await expectLeft(id, 0);
    t.clock.advance(11 * 60_000);
    assert.equal((await fetchFile(id, { ...ua('late'), range: `bytes=${got}-` })).status, 410);
  });

  test('12 concurrent full downloads of a file limited to 3: exactly 3 whole files, the rest 410', async () => {
    const id = await upload(BIG, 3);
    const results = await Promise.all(Array.from({ length: 12 }, () => fetchFile(id, ua('same'))));
    const whole = results.filter((r) => r.status === 200);
    assert.equal(whole.length, 3);
    for (const r of whole) assert.ok(r.body.equals(BIG));
    assert.deepEqual(results.filter((r) => r.status !== 200).map((r) => r.status), Array(9).fill(410));
    await expectLeft(id, 0);
  });

  test('the count survives a restart of the counter: it is stored', async () => {
    const id = await upload(SMALL, 2);
    assert.equal((await fetchFile(id, ua('a'))).status, 200);
    await expectLeft(id, 1);
    const row = t.db.prepare('SELECT max_downloads, downloads_counted FROM entry_limits WHERE entry_id = ?').get(id);
    assert.deepEqual(row, { max_downloads: 2, downloads_counted: 1 });
  });
});
