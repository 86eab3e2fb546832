import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { createGuestLink } from '../helpers/guest.js';
import { fileForm, multipart } from '../helpers/multipart.js';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(() => t.close());

const MiB = 1_048_576;
const DAY = 86_400_000;
const guestUpload = (linkId: string, body = fileForm('guest bytes'), headers: Record<string, string> = {}, query = '') =>
  t.app.inject({ method: 'POST', url: `/api/guest/${linkId}${query}`, headers: { ...body.headers, ...headers }, payload: body.payload });
const stored = (linkId: string) => (t.db.prepare('SELECT count(*) AS n FROM entries WHERE guest_link_id = ?').get(linkId) as { n: number }).n;
const iso = (ms: number) => new Date(t.clock.now().getTime() + ms).toISOString();

describe('POST /api/guest/{id}', () => {
  test('an active link takes a file; the answer is the short link as text', async () => {
    const link = await createGuestLink(t.app);
    const res = await guestUpload(link, fileForm('hello guest', 'g.txt', 'text/plain'), { host: 'share.example.com' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'text/plain; charset=utf-8');
    const m = /^http:\/\/share\.example\.com\/-([a-zA-Z2-9]{10})\r\n$/.exec(res.body);
    assert.ok(m, res.body);
    const entry = t.store.entries.findEntry(m[1] as never, t.clock.now())!;
    assert.deepEqual([entry.guestLinkId, entry.filename, entry.expirationTime!.toISOString()], [link, 'g.txt', '2999-12-31T00:00:00.000Z']);
  });

  test('Accept: exactly application/json gets JSON; anything else gets text', async () => {
    const link = await createGuestLink(t.app);
    const json = await guestUpload(link, undefined, { accept: 'application/json' });
    assert.match(json.body, /^\{"id":"[a-zA-Z2-9]{10}"\}\n$/);
    for (const accept of ['*/*', 'text/html', 'application/json, text/plain']) {
      assert.match((await guestUpload(link, undefined, { accept })).body, /^http:\/\/.*\r\n$/, accept);
    }
    assert.match((await guestUpload(link)).body, /\r\n$/);
  });

  const inactive: {
    description: string;
    spec?: () => Parameters<typeof createGuestLink>[1];
    setup: (id: string) => Promise<void> | void;
    teardown?: () => void;
  }[] = [
    { description: 'disabled', setup: async (id) => void (await t.store.writer.call('setGuestLinkDisabled', id as never, true)) },
    {
      description: 'URL expired',
      spec: () => ({ urlExpirationTime: iso(2 * 3_600_000) }),
      setup: () => t.clock.advance(2 * 3_600_000),
      teardown: () => t.clock.advance(-2 * 3_600_000),
    },
    {
      description: 'upload count reached (2 of 2)',
      spec: () => ({ maxFileUploads: 2 }),
      setup: async (id) => {
        for (let i = 0; i < 2; i++) assert.equal((await guestUpload(id)).statusCode, 200);
      },
    },
  ];
  for (const { description, spec, setup, teardown } of inactive) {
    test(`401 when the link is ${description}, nothing stored`, async () => {
      const link = await createGuestLink(t.app, spec?.());
      await setup(link);
      try {
        const before = t.count('entries');
        const res = await guestUpload(link, fileForm(randomBytes(500_000)));
        assert.equal(res.statusCode, 401);
        assert.equal(res.body, 'Guest link is no longer active\n');
        assert.equal(t.count('entries'), before);
        await t.store.writer.call('ping');
        assert.equal((t.db.prepare('SELECT count(*) AS n FROM entries_data WHERE id NOT IN (SELECT id FROM entries)').get() as { n: number }).n, 0);
      } finally {
        teardown?.();
      }
    });
  }

  test('a deleted or expired file frees its slot', async () => {
    const link = await createGuestLink(t.app, { maxFileUploads: 1, fileLifetime: '24h' });
    assert.equal((await guestUpload(link)).statusCode, 200);
    assert.equal((await guestUpload(link)).statusCode, 401);
    t.clock.advance(DAY);
    try {
      assert.equal((await guestUpload(link)).statusCode, 200, 'the first file expired');
    } finally {
      t.clock.advance(-DAY);
    }
  });

  test('bad IDs: 400 for malformed, 404 for unknown', async () => {
    const long = await guestUpload('abcdefghijkmnopqr');
    assert.equal(long.statusCode, 400);
    assert.match(long.body, /^Invalid guest link ID: guest link ID \(abcdefghijkmnopqr\) has invalid length: got 17, want 16\n$/);
    const illegal = await guestUpload('abcdefghijkmnop0');
    assert.equal(illegal.statusCode, 400);
    assert.match(illegal.body, /contains invalid character: 0/);
    const unknown = await guestUpload('abcdefghijkmnopq');
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.body, 'Invalid guest link ID\n');
  });

  test('notes are refused', async () => {
    const link = await createGuestLink(t.app);
    const before = t.count('entries');
    const res = await guestUpload(link, multipart([{ name: 'file', filename: 'a.txt', data: 'x' }, { name: 'note', data: 'hi' }]));
    assert.equal(res.statusCode, 400);
    assert.equal(res.body, 'invalid request: guest uploads cannot have file notes\n');
    assert.equal(t.count('entries'), before);
    assert.equal((await guestUpload(link, multipart([{ name: 'file', filename: 'a.txt', data: 'x' }, { name: 'note', data: '' }]))).statusCode, 200, 'an empty note is no note');
  });

  test('the size cap counts file bytes: at the cap 200, one byte over 413 and nothing stored', async () => {
    const link = await createGuestLink(t.app, { maxFileBytes: MiB });
    assert.equal((await guestUpload(link, fileForm(randomBytes(MiB)))).statusCode, 200);
    const before = [t.count('entries'), t.count('entries_data')];
    const over = await guestUpload(link, fileForm(randomBytes(MiB + 1)));
    assert.equal(over.statusCode, 413);
    assert.equal(over.body, `file too large: this guest link accepts files up to ${MiB} bytes\n`);
    assert.deepEqual([t.count('entries'), t.count('entries_data')], before);
    // A body far beyond the cap is refused before it is read.
    const huge = await t.app.inject({ method: 'POST', url: `/api/guest/${link}`, headers: { 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(50 * MiB) }, payload: 'x' });
    assert.equal(huge.statusCode, 413);
  });

  describe('expiration', () => {
    const cases: { lifetime: string; query?: string; want?: string | 'never'; error?: RegExp }[] = [
      { lifetime: '876000h0m0s', want: 'never' },
      { lifetime: '720h0m0s', want: 'now+30d' },
      { lifetime: '876000h0m0s', query: '', want: 'never' },
      { lifetime: '24h0m0s', query: 'now+1d', want: 'now+1d' },
      { lifetime: '8760h0m0s', query: 'now+365d', want: 'now+365d' },
      { lifetime: '720h0m0s', query: 'now+30d', want: 'now+30d' },
      { lifetime: '876000h0m0s', query: '2999-12-31T00:00:00Z', want: 'never' },
      { lifetime: '168h0m0s', query: 'now+8d', error: /^Invalid expiration: requested expiration time of \S+ is beyond guest link's limit: \S+\n$/ },
      { lifetime: '168h0m0s', query: 'yesterday', error: /^Invalid expiration: unrecognized format/ },
    ];
    const resolve = (text: string) => (text.startsWith('now+') ? iso(Number(text.slice(4, -1)) * DAY) : text);
    for (const { lifetime, query, want, error } of cases) {
      test(`lifetime ${lifetime}, expiration ${query === undefined ? 'absent' : JSON.stringify(query)}`, async () => {
        const link = await createGuestLink(t.app, { fileLifetime: lifetime });
        const q = query === undefined ? '' : `?expiration=${encodeURIComponent(resolve(query))}`;
        const res = await guestUpload(link, undefined, { accept: 'application/json' }, q);
        if (error) {
          assert.equal(res.statusCode, 400);
          assert.match(res.body, error);
          return;
        }
        assert.equal(res.statusCode, 200, res.body);
        const entry = t.store.entries.findEntry((res.json() as { id: string }).id as never, t.clock.now())!;
        assert.equal(entry.expirationTime!.toISOString(), want === 'never' ? '2999-12-31T00:00:00.000Z' : resolve(want!));
      });
    }
  });
});

describe('guests with curl -T (PUT /g/{id}/{filename})', () => {
  test('stores through the link', async () => {
    const link = await createGuestLink(t.app, { maxFileUploads: 1, maxFileBytes: MiB });
    const res = await t.app.inject({ method: 'PUT', url: `/g/${link}/notes.txt`, payload: 'from curl' });
    assert.equal(res.statusCode, 201, res.body);
    assert.match(res.body, /^http:\/\/localhost:80\/-[a-zA-Z2-9]{10}\/notes\.txt\n$/);
    assert.equal(stored(link), 1);
    assert.equal((await t.app.inject({ method: 'PUT', url: `/g/${link}/again.txt`, payload: 'x' })).statusCode, 401);
  });

  test('the size cap holds with and without Content-Length', async () => {
    const link = await createGuestLink(t.app, { maxFileBytes: MiB });
    const before = t.count('entries_data');
    assert.equal((await t.app.inject({ method: 'PUT', url: `/g/${link}/big.bin`, payload: randomBytes(MiB + 1) })).statusCode, 413);
    const { Readable } = await import('node:stream');
    const chunked = await t.app.inject({ method: 'PUT', url: `/g/${link}/big.bin`, payload: Readable.from([randomBytes(MiB), randomBytes(10)]) });
    assert.equal(chunked.statusCode, 413);
    assert.equal(t.count('entries_data'), before);
  });
});

describe('concurrency (decision U5)', () => {
  test('20 concurrent uploads on a link limited to 3 store exactly 3', async () => {
    const link = await createGuestLink(t.app, { maxFileUploads: 3 });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as { port: number };
    const body = fileForm(randomBytes(400_000));
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        fetch(`http://127.0.0.1:${port}/api/guest/${link}`, { method: 'POST', headers: body.headers, body: body.payload }).then((r) => r.status),
      ),
    );
    assert.equal(results.filter((s) => s === 200).length, 3);
    assert.equal(results.filter((s) => s === 401).length, 17);
    assert.equal(stored(link), 3);
    await t.store.writer.call('ping');
    assert.equal((t.db.prepare('SELECT count(*) AS n FROM entries_data WHERE id NOT IN (SELECT id FROM entries)').get() as { n: number }).n, 0);
  });
});
