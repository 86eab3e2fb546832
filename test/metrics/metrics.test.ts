import assert from 'node:assert/strict';
import { request } from 'node:http';
import { PassThrough } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { Cleanup } from '../../src/store/cleanup.js';
import { BASIC, silentLog, startTestApp, type TestApp } from '../helpers/app.js';
import { createGuestLink } from '../helpers/guest.js';
import { fileForm } from '../helpers/multipart.js';
import { histogramCounts, parseMetrics, sample, scrape, type Family } from '../helpers/prometheus.js';
import { waitFor } from '../helpers/wait.js';

const TOKEN = 'metrics-token-0123456789';
const DAY = 86_400_000;

let t: TestApp;
before(async () => {
  t = await startTestApp({ metricsToken: TOKEN, chunkSize: 5 });
});
after(() => t.close());

const metrics = () => scrape(t.app, TOKEN);
/** How much each named sample moved across `action`. */
async function moved(action: () => Promise<unknown>, names: [string, Record<string, string>?][]): Promise<number[]> {
  const before = await metrics();
  await action();
  const after = await metrics();
  return names.map(([name, labels]) => sample(after, name, labels) - sample(before, name, labels));
}

const upload = async (data: string, expiration = '2999-12-31T00:00:00Z') => {
  const form = fileForm(data, 'm.txt', 'text/plain');
  const res = await t.app.inject({ method: 'POST', url: `/api/entry?expiration=${expiration}`, headers: { ...form.headers, authorization: BASIC }, payload: form.payload });
  assert.equal(res.statusCode, 200, res.body);
  return (res.json() as { id: string }).id;
};

describe('metrics', () => {
  test('an upload counts once, with its bytes, and shows in the stored totals', async () => {
    const deltas = await moved(() => upload('twelve bytes'), [
      ['picoshare_uploads_completed_total', { path: 'multipart' }],
      ['picoshare_uploaded_bytes_total', { path: 'multipart' }],
      ['picoshare_uploads_failed_total', { path: 'multipart' }],
      ['picoshare_uploads_in_progress', { path: 'multipart' }],
      ['picoshare_stored_files'],
      ['picoshare_stored_bytes'],
    ]);
    assert.deepEqual(deltas, [1, 12, 0, 0, 1, 12]);
  });

  test('a raw PUT counts under path="raw"', async () => {
    const deltas = await moved(
      () => t.app.inject({ method: 'PUT', url: '/r.txt', headers: { authorization: BASIC }, payload: 'raw!' }),
      [['picoshare_uploads_completed_total', { path: 'raw' }], ['picoshare_uploaded_bytes_total', { path: 'raw' }]],
    );
    assert.deepEqual(deltas, [1, 4]);
  });

  test('an upload under way is in progress until it ends', async () => {
    const body = new PassThrough();
    const answer = t.app.inject({ method: 'PUT', url: '/slow.txt', headers: { authorization: BASIC, 'content-length': '10' }, payload: body });
    body.write('hello');
    await waitFor(async () => sample(await metrics(), 'picoshare_uploads_in_progress', { path: 'raw' }) === 1, 'the upload to be in progress');
    body.end('world');
    assert.equal((await answer).statusCode, 201);
    assert.equal(sample(await metrics(), 'picoshare_uploads_in_progress', { path: 'raw' }), 0);
  });

  test('a failed guest upload counts as failed, not completed, and stores nothing', async () => {
    const link = await createGuestLink(t.app, { maxFileBytes: 1_048_576 });
    const form = fileForm('x'.repeat(1_048_577));
    const deltas = await moved(
      async () => {
        const res = await t.app.inject({ method: 'POST', url: `/api/guest/${link}`, headers: form.headers, payload: form.payload });
        assert.equal(res.statusCode, 413);
      },
      [
        ['picoshare_uploads_failed_total', { path: 'guest' }],
        ['picoshare_uploads_completed_total', { path: 'guest' }],
        ['picoshare_uploads_in_progress', { path: 'guest' }],
        ['picoshare_stored_files'],
      ],
    );
    assert.deepEqual(deltas, [1, 0, 0, 0]);
  });

  test('a download counts with its bytes; HEAD and a 304 are not downloads', async () => {
    const id = await upload('0123456789abcdef');
    const get = (headers: Record<string, string> = {}, method: 'GET' | 'HEAD' = 'GET') => t.app.inject({ method, url: `/-${id}`, headers });
    const deltas = await moved(
      async () => {
        assert.equal((await get()).body, '0123456789abcdef');
        assert.equal((await get({ range: 'bytes=4-7' })).statusCode, 206);
        assert.equal((await get({}, 'HEAD')).statusCode, 200);
        const etag = String((await get({}, 'HEAD')).headers.etag);
        assert.equal((await get({ 'if-none-match': etag })).statusCode, 304);
      },
      [['picoshare_downloads_completed_total'], ['picoshare_downloaded_bytes_total'], ['picoshare_downloads_failed_total'], ['picoshare_downloads_in_progress']],
    );
    assert.deepEqual(deltas, [2, 16 + 4, 0, 0]);
  });

  test('request durations are labelled by route pattern, never by URL', async () => {
    const id = await upload('x');
    await t.app.inject({ method: 'GET', url: `/-${id}` });
    await t.app.inject({ method: 'GET', url: '/no/such/page' });
    const text = (await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } })).body;
    const family = parseMetrics(text).find((f) => f.name === 'picoshare_http_request_duration_seconds')!;
    assert.equal(family.type, 'HISTOGRAM');
    const series = histogramCounts(text, 'picoshare_http_request_duration_seconds');
    const routes = new Set(series.map((s) => s.labels.route));
    assert.ok(routes.has('/-:id'), [...routes].join(' '));
    assert.ok(routes.has('unmatched'));
    assert.ok(![...routes].some((r) => r?.includes(id) || r?.includes('no/such')), [...routes].join(' '));
    const downloads = series.find((s) => s.labels.route === '/-:id' && s.labels.method === 'GET' && s.labels.status_class === '2xx');
    assert.ok(downloads && downloads.count >= 1);
  });

  test('a cleanup run counts what it deleted', async () => {
    const id = await upload('expires soon', new Date(t.clock.now().getTime() + DAY).toISOString());
    const cleanup = new Cleanup({
      writer: t.store.writer, uploads: t.store.uploads, clock: t.clock, log: silentLog, dbPath: t.dbPath, vacuum: false, litestream: false,
      onReport: (report) => t.metrics.cleanupFinished(report),
    });
    const deltas = await moved(
      async () => {
        t.clock.advance(2 * DAY);
        await cleanup.run();
      },
      [
        ['picoshare_cleanup_runs_total'],
        ['picoshare_cleanup_deleted_files_total', { reason: 'expired' }],
        ['picoshare_cleanup_deleted_bytes_total', { reason: 'expired' }],
        ['picoshare_stored_files'],
        ['picoshare_stored_bytes'],
      ],
    );
    assert.deepEqual(deltas, [1, 1, 12, -1, -12]);
    assert.equal(t.store.entries.findEntry(id as never, t.clock.now()), undefined);
  });

  test("wrong passphrases and the limiter's refusals are counted", async () => {
    const attempt = () => t.app.inject({ method: 'POST', url: '/api/auth', headers: { 'x-forwarded-for': '1.2.3.4' }, payload: JSON.stringify({ sharedSecretKey: 'wrong' }) });
    const deltas = await moved(
      async () => {
        // Five free tries, the fifth starting a wait (issue 14), then a refusal.
        for (let i = 0; i < 5; i++) assert.equal((await attempt()).statusCode, 401);
        assert.equal((await attempt()).statusCode, 429);
      },
      [['picoshare_login_failures_total'], ['picoshare_rate_limited_total', { limiter: 'login' }]],
    );
    assert.deepEqual(deltas, [5, 1]);
  });

  test('the output parses, follows the naming conventions and includes the process figures', async () => {
    const families: Family[] = await metrics();
    const names = new Set(families.map((f) => f.name));
    for (const name of [
      'nodejs_eventloop_lag_p99_seconds', 'nodejs_eventloop_lag_max_seconds', 'nodejs_heap_size_used_bytes',
      'process_resident_memory_bytes', 'process_cpu_seconds_total', 'picoshare_stored_files',
    ]) {
      assert.ok(names.has(name), name);
    }
    for (const family of families.filter((f) => f.name.startsWith('picoshare_'))) {
      assert.ok(family.help.length > 0, family.name);
      if (family.type === 'COUNTER') assert.match(family.name, /_total$/);
      if (family.name.includes('bytes')) assert.match(family.name, /_bytes(_total)?$/);
    }
  });
});

describe('access to /metrics', () => {
  const get = (headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url: '/metrics', headers });

  test('the right bearer token gets the text format, uncached', async () => {
    const res = await get({ authorization: `Bearer ${TOKEN}` });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/plain; version=0\.0\.4/);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.ok(parseMetrics(res.body).length > 10);
  });

  const refused: [string, Record<string, string>][] = [
    ['no Authorization', {}],
    ['a wrong token', { authorization: 'Bearer metrics-token-0123456780' }],
    ['a prefix of the token', { authorization: `Bearer ${TOKEN.slice(0, -1)}` }],
    ['the passphrase by Basic auth', { authorization: BASIC }],
    ['the token by Basic auth', { authorization: `Basic ${Buffer.from(`:${TOKEN}`).toString('base64')}` }],
  ];
  for (const [description, headers] of refused) {
    test(`401 for ${description}, nothing about the metrics`, async () => {
      const res = await get(headers);
      assert.equal(res.statusCode, 401);
      assert.equal(res.body, 'Authentication required\n');
      assert.equal(res.headers['www-authenticate'], 'Bearer realm="metrics"');
    });
  }

  test('off unless a token is configured: 404, even with a session', async () => {
    const plain = await startTestApp();
    try {
      const res = await plain.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: BASIC } });
      assert.equal(res.statusCode, 404);
    } finally {
      await plain.close();
    }
  });
});

describe('a download cut off by its client', () => {
  test('counts as failed, with the bytes sent before it, and leaves nothing in progress', async () => {
    const own = await startTestApp({ metricsToken: TOKEN });
    try {
      // Far more than the socket buffers hold, so the body is still being sent when the client goes.
      const size = 16 * 1_048_576;
      const put = await own.app.inject({ method: 'PUT', url: '/big.bin', headers: { authorization: BASIC, accept: 'application/json' }, payload: Buffer.alloc(size, 7) });
      const { id } = put.json() as { id: string };
      const address = await own.app.listen({ port: 0, host: '127.0.0.1' });
      await new Promise<void>((resolve, reject) => {
        const req = request(`${address}/-${id}`, (res) => {
          res.once('data', () => {
            req.destroy();
            resolve();
          });
        });
        req.on('error', (err) => ((err as { code?: string }).code === 'ECONNRESET' ? undefined : reject(err)));
        req.end();
      });
      await waitFor(async () => sample(await scrape(own.app, TOKEN), 'picoshare_downloads_failed_total') === 1, 'the download to end as failed');
      const families = await scrape(own.app, TOKEN);
      assert.equal(sample(families, 'picoshare_downloads_completed_total'), 0);
      assert.equal(sample(families, 'picoshare_downloads_in_progress'), 0);
      const sent = sample(families, 'picoshare_downloaded_bytes_total');
      assert.ok(sent > 0 && sent < size, `${sent} bytes`);
    } finally {
      await own.close();
    }
  });
});
