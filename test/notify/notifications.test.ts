import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { BASIC, startTestApp, type TestApp } from '../helpers/app.js';
import { createGuestLink } from '../helpers/guest.js';
import { fileForm } from '../helpers/multipart.js';
import { sample, scrape } from '../helpers/prometheus.js';
import { startReceiver, status, type Receiver } from '../helpers/receiver.js';
import { waitFor } from '../helpers/wait.js';

const TOKEN = 'metrics-token-0123456789';
const RETRIES = [10, 20, 40];

const TIMEOUT_MS = 300;
const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

// One app for most tests (starting one is slow on a busy machine); each test
// sets its own receivers and compares counters with their values before it.
let shared: TestApp;
before(async () => {
  shared = await startTestApp({ metricsToken: TOKEN, notifier: { retryDelaysMs: RETRIES, timeoutMs: TIMEOUT_MS } });
});
after(() => shared.close());
let baseline = new Map<string, number>();
async function setup(): Promise<TestApp> {
  await configure(shared, { webhookUrl: null, ntfyUrl: null, notifyPrivateAddresses: false });
  const families = await scrape(shared.app, TOKEN);
  baseline = new Map();
  for (const channel of ['webhook', 'ntfy']) {
    for (const what of ['sent', 'failed', 'dropped', 'refused']) {
      baseline.set(`${channel}/${what}`, sample(families, 'picoshare_notifications_total', { channel, outcome: what }));
    }
  }
  return shared;
}

async function receiver(...args: Parameters<typeof startReceiver>): Promise<Receiver> {
  const r = await startReceiver(...args);
  open.push(r);
  return r;
}

const configure = async (t: TestApp, body: Record<string, unknown>) => {
  const res = await t.app.inject({ method: 'PUT', url: '/api/settings', headers: { authorization: BASIC }, payload: JSON.stringify(body) });
  assert.equal(res.statusCode, 200, res.body);
};

const guestUpload = async (t: TestApp, link: string, data = 'guest bytes', filename = 'report é.txt') => {
  const form = fileForm(data, filename, 'text/plain');
  const res = await t.app.inject({ method: 'POST', url: `/api/guest/${link}`, headers: { ...form.headers, host: 'share.example.com', accept: 'application/json' }, payload: form.payload });
  assert.equal(res.statusCode, 200, res.body);
  return (res.json() as { id: string }).id;
};

/** How many notifications ended so since setup(). */
const outcome = async (t: TestApp, channel: string, what: string) =>
  sample(await scrape(t.app, TOKEN), 'picoshare_notifications_total', { channel, outcome: what }) - (t === shared ? baseline.get(`${channel}/${what}`)! : 0);

describe('notifications of guest uploads', () => {
  test('the webhook gets the file as JSON and ntfy a titled message', async () => {
    const t = await setup();
    const hook = await receiver();
    const ntfy = await receiver();
    await configure(t, { webhookUrl: `${hook.url}/hook`, ntfyUrl: `${ntfy.url}/my-topic`, notifyPrivateAddresses: true });
    const link = await createGuestLink(t.app, { label: 'From Alice' });
    const id = await guestUpload(t, link);
    await waitFor(() => hook.received.length === 1 && ntfy.received.length === 1, 'both notifications');

    const [got] = hook.received;
    assert.equal(got!.method, 'POST');
    assert.equal(got!.url, '/hook');
    assert.equal(got!.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(got!.body), {
      event: 'guest-upload',
      id,
      name: 'report é.txt',
      size: 11,
      link: `http://share.example.com/-${id}/report%20%C3%A9.txt`,
      guestLinkId: link,
      guestLinkLabel: 'From Alice',
      time: t.clock.now().toISOString(),
    });

    const [message] = ntfy.received;
    assert.equal(message!.url, '/my-topic');
    assert.equal(message!.headers.title, 'PicoShare: New guest upload');
    assert.equal(message!.headers.click, `http://share.example.com/-${id}/report%20%C3%A9.txt`);
    assert.equal(message!.body, 'report é.txt (11 bytes) was uploaded via guest link "From Alice".');
    await waitFor(async () => (await outcome(t, 'webhook', 'sent')) === 1 && (await outcome(t, 'ntfy', 'sent')) === 1, 'both counted as sent');
  });

  test('the download that uses up a limit tells the owner, once (issue 15)', async () => {
    const t = await setup();
    const hook = await receiver();
    await configure(t, { webhookUrl: hook.url, notifyPrivateAddresses: true });
    const form = fileForm('limited bytes', 'twice.txt');
    const res = await t.app.inject({ method: 'POST', url: '/api/entry?expiration=2999-12-31T00:00:00Z', headers: { ...form.headers, authorization: BASIC, accept: 'application/json' }, payload: form.payload });
    const { id } = res.json() as { id: string };
    assert.equal((await t.app.inject({ method: 'PUT', url: `/api/entry/${id}`, headers: { authorization: BASIC }, payload: { filename: 'twice.txt', maxDownloads: 2 } })).statusCode, 200);
    const left = async () => {
      const list = await t.app.inject({ method: 'GET', url: '/api/entries', headers: { authorization: BASIC } });
      return (list.json() as { id: string; downloadsLeft: number | null }[]).find((e) => e.id === id)?.downloadsLeft;
    };
    for (const want of [1, 0]) {
      assert.equal((await t.app.inject({ method: 'GET', url: `/-${id}` })).statusCode, 200);
      await waitFor(async () => (await left()) === want, `${want} downloads left`);
    }
    await waitFor(() => hook.received.length === 1, 'the notification');
    const got = JSON.parse(hook.received[0]!.body) as { event: string; id: string; name: string; size: number };
    assert.deepEqual({ event: got.event, id: got.id, name: got.name, size: got.size }, { event: 'download-limit', id, name: 'twice.txt', size: 13 });
    assert.equal((await t.app.inject({ method: 'GET', url: `/-${id}` })).statusCode, 410);
    await waitFor(async () => (await outcome(t, 'webhook', 'sent')) === 1, 'counted as sent');
    assert.equal(hook.received.length, 1, 'a refused download sends nothing more');
  });

  test("the owner's own uploads notify no one", async () => {
    const t = await setup();
    const hook = await receiver();
    await configure(t, { webhookUrl: hook.url, notifyPrivateAddresses: true });
    const form = fileForm('mine');
    assert.equal((await t.app.inject({ method: 'POST', url: '/api/entry?expiration=2999-12-31T00:00:00Z', headers: { ...form.headers, authorization: BASIC }, payload: form.payload })).statusCode, 200);
    // A guest upload after it is the first notification the receiver sees.
    await guestUpload(t, await createGuestLink(t.app), 'guest', 'g.txt');
    await waitFor(() => hook.received.length === 1, 'the notification');
    assert.equal(JSON.parse(hook.received[0]!.body).name, 'g.txt');
  });

  test('answers of 500 are retried with backoff until one succeeds', async () => {
    const t = await setup();
    const hook = await receiver((_req, res, n) => {
      res.statusCode = n <= 2 ? 500 : 204;
      res.end();
    });
    await configure(t, { webhookUrl: hook.url, notifyPrivateAddresses: true });
    await guestUpload(t, await createGuestLink(t.app));
    await waitFor(async () => (await outcome(t, 'webhook', 'sent')) === 1, 'the third attempt to succeed');
    assert.equal(hook.received.length, 3);
    assert.equal(new Set(hook.received.map((r) => r.body)).size, 1, 'the same payload each time');
    assert.equal(await outcome(t, 'webhook', 'failed'), 0);
  });

  test('gives up after the last retry, and tries nothing more', async () => {
    const t = await setup();
    const hook = await receiver(status(503));
    await configure(t, { webhookUrl: hook.url, notifyPrivateAddresses: true });
    await guestUpload(t, await createGuestLink(t.app));
    await waitFor(async () => (await outcome(t, 'webhook', 'failed')) === 1, 'the notification to be given up');
    assert.equal(hook.received.length, 1 + RETRIES.length);
  });

  test('a 4xx answer is not retried', async () => {
    const t = await setup();
    const hook = await receiver(status(404));
    await configure(t, { webhookUrl: hook.url, notifyPrivateAddresses: true });
    await guestUpload(t, await createGuestLink(t.app));
    await waitFor(async () => (await outcome(t, 'webhook', 'failed')) === 1, 'the refusal');
    assert.equal(hook.received.length, 1);
  });

  test('a receiver that never answers times out and is retried', async () => {
    const t = await setup();
    const hook = await receiver(() => {});
    await configure(t, { webhookUrl: hook.url, notifyPrivateAddresses: true });
    await guestUpload(t, await createGuestLink(t.app));
    await waitFor(async () => (await outcome(t, 'webhook', 'failed')) === 1, 'every attempt to time out');
    assert.equal(hook.received.length, 1 + RETRIES.length);
  });

  test('sending never holds up the upload, and a full queue drops rather than holds', async () => {
    const t = await startTestApp({ metricsToken: TOKEN, notifier: { queueSize: 1, timeoutMs: 600_000 } });
    open.push(t);
    // Holds every request open for longer than the test may run: an upload
    // that waited for its notification would never be answered.
    const hook = await receiver(() => {});
    await configure(t, { webhookUrl: hook.url, notifyPrivateAddresses: true });
    const link = await createGuestLink(t.app);
    for (let i = 0; i < 3; i++) await guestUpload(t, link);
    assert.equal(await outcome(t, 'webhook', 'dropped'), 2);
    await waitFor(() => hook.received.length === 1, 'the one queued notification');
    assert.equal(await outcome(t, 'webhook', 'sent') + (await outcome(t, 'webhook', 'failed')), 0, 'still waiting for its answer');
  });
});

describe('private addresses', () => {
  for (const [description, url] of [
    ['127.0.0.1', (r: Receiver) => r.url],
    ['localhost, resolved by DNS', (r: Receiver) => `http://localhost:${r.port}/`],
    ['an IPv4-mapped IPv6 literal', (r: Receiver) => `http://[::ffff:127.0.0.1]:${r.port}/`],
  ] as const) {
    test(`${description} is refused unless notifyPrivateAddresses`, async () => {
      const t = await setup();
      const hook = await receiver();
      await configure(t, { webhookUrl: url(hook) });
      await guestUpload(t, await createGuestLink(t.app));
      await waitFor(async () => (await outcome(t, 'webhook', 'refused')) === 1, 'the refusal');
      assert.equal(hook.received.length, 0);
    });
  }

  test('a redirect to a private address is refused at that hop', async () => {
    // The receiver counts as public here, so the first hop goes out; its
    // redirect points at another loopback address, which does not.
    const t = await startTestApp({ metricsToken: TOKEN, notifier: { retryDelaysMs: RETRIES, isPublic: (ip) => ip === '127.0.0.1' } });
    open.push(t);
    const target = await receiver();
    const hook = await receiver((_req, res) => {
      res.writeHead(307, { location: `http://127.0.0.2:${target.port}/` }).end();
    });
    await configure(t, { webhookUrl: hook.url });
    const res = await t.app.inject({ method: 'POST', url: '/api/settings/notifications/test', headers: { authorization: BASIC } });
    assert.equal(res.statusCode, 200);
    const [result] = (res.json() as { results: { channel: string; ok: boolean; detail: string }[] }).results;
    assert.deepEqual({ ...result, detail: undefined }, { channel: 'webhook', ok: false, detail: undefined });
    assert.match(result!.detail, /127\.0\.0\.2 is a private or special address/);
    assert.equal(hook.received.length, 1);
    assert.equal(target.received.length, 0);
  });

  test('redirects among allowed addresses are followed, with a cap', async () => {
    const t = await setup();
    const target = await receiver();
    const hops = await receiver((req, res) => {
      const n = Number(req.url.slice(1)) || 0;
      res.writeHead(308, { location: n < 2 ? `/${n + 1}` : `${target.url}/end` }).end();
    });
    const loop = await receiver((_req, res) => res.writeHead(302, { location: '/again' }).end());
    await configure(t, { webhookUrl: hops.url, ntfyUrl: loop.url, notifyPrivateAddresses: true });
    const res = await t.app.inject({ method: 'POST', url: '/api/settings/notifications/test', headers: { authorization: BASIC } });
    const results = (res.json() as { results: { channel: string; ok: boolean; detail: string }[] }).results;
    assert.deepEqual(results, [
      { channel: 'webhook', ok: true, detail: 'answered 200' },
      { channel: 'ntfy', ok: false, detail: 'more than 3 redirects' },
    ]);
    // 308 keeps the POST and its body.
    assert.equal(target.received[0]!.method, 'POST');
    assert.equal(JSON.parse(target.received[0]!.body).event, 'test');
  });
});

describe('settings for notifications', () => {
  test('PUT /api/settings stores them beside the lifetime; GET shows them', async () => {
    const t = await setup();
    await configure(t, { defaultExpirationDays: 7, defaultNeverExpire: false });
    await configure(t, { webhookUrl: 'https://hooks.example.com/x', ntfyUrl: null });
    const get = async () => (await t.app.inject({ method: 'GET', url: '/api/settings', headers: { authorization: BASIC } })).json();
    assert.deepEqual(await get(), {
      defaultExpirationDays: 7, defaultNeverExpire: false, webhookUrl: 'https://hooks.example.com/x', ntfyUrl: null, notifyPrivateAddresses: false,
    });
    await configure(t, { defaultExpirationDays: 3, defaultNeverExpire: false });
    assert.equal((await get()).webhookUrl, 'https://hooks.example.com/x', 'upstream-shaped bodies leave them alone');
    await configure(t, { webhookUrl: '' });
    assert.equal((await get()).webhookUrl, null);
  });

  const bad: [string, Record<string, unknown>, RegExp][] = [
    ['a file: URL', { webhookUrl: 'file:///etc/passwd' }, /^Invalid request: webhookUrl: must be an http or https URL\n$/],
    ['not a URL', { ntfyUrl: 'ntfy topic' }, /^Invalid request: ntfyUrl: must be an http or https URL\n$/],
    ['a number', { webhookUrl: 5 }, /^Invalid request: webhookUrl: /],
    ['a string for the boolean', { notifyPrivateAddresses: 'yes' }, /^Invalid request: notifyPrivateAddresses: /],
  ];
  for (const [description, body, message] of bad) {
    test(`400 for ${description}`, async () => {
      const t = await setup();
      const res = await t.app.inject({ method: 'PUT', url: '/api/settings', headers: { authorization: BASIC }, payload: JSON.stringify(body) });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, message);
    });
  }

  test('the test button answers 400 when nothing is configured, and needs a session', async () => {
    const t = await setup();
    const res = await t.app.inject({ method: 'POST', url: '/api/settings/notifications/test', headers: { authorization: BASIC } });
    assert.equal(res.statusCode, 400);
    assert.equal(res.body, 'no notification URL is set\n');
    assert.equal((await t.app.inject({ method: 'POST', url: '/api/settings/notifications/test' })).statusCode, 401);
  });
});
