import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { login, SECRET, startTestApp, type TestApp } from '../helpers/app.js';
import { HTML } from './pages-support.js';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(() => t.close());

const form = (url: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  t.app.inject({
    method: 'POST',
    url,
    headers: { ...HTML, 'content-type': 'application/x-www-form-urlencoded', ...headers },
    payload: new URLSearchParams(fields).toString(),
  });

describe('POST /login', () => {
  test('the right passphrase starts a session and goes to the page asked for', async () => {
    const res = await form('/login', { passphrase: SECRET, next: '/files' });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/files');
    const cookie = String(res.headers['set-cookie']).split(';')[0]!;
    assert.match(String(res.headers['set-cookie']), /^sharedSecret=[^;]+; Path=\/; Max-Age=2592000; HttpOnly; SameSite=Strict$/);
    assert.equal((await t.app.inject({ method: 'GET', url: '/files', headers: { cookie } })).statusCode, 200);
  });

  test('next can only point into this site', async () => {
    // Non-ASCII and control characters cannot go in a Location header at all.
    for (const next of ['//evil.example/x', '/\\evil.example', 'https://evil.example/', '', '/€', '/a\r\nSet-Cookie: x=y']) {
      const res = await form('/login', { passphrase: SECRET, next });
      assert.equal(res.headers.location, '/', next);
    }
  });

  test('a wrong or missing passphrase shows the form again with a message', async () => {
    const wrong = await form('/login', { passphrase: 'nope', next: '/' });
    assert.equal(wrong.statusCode, 401);
    assert.equal(wrong.headers['content-type'], 'text/html; charset=utf-8');
    assert.match(wrong.body, /That passphrase is not correct\./);
    assert.equal(wrong.headers['set-cookie'], undefined);
    const empty = await form('/login', { passphrase: '', next: '/' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /Enter the passphrase\./);
  });

  test('the form counts down the free tries, then says how long to wait, in words', async () => {
    const from = { remoteAddress: '192.0.2.44' };
    const wrong = () => t.app.inject({ method: 'POST', url: '/login', ...from, headers: { ...HTML, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'passphrase=nope&next=%2F' });
    const messages: string[] = [];
    for (let i = 0; i < 5; i++) messages.push(/class="alert-message">([^<]*)</.exec((await wrong()).body)?.[1] ?? '');
    assert.deepEqual(messages, [
      'That passphrase is not correct. 4 attempts left before you have to wait between tries.',
      'That passphrase is not correct. 3 attempts left before you have to wait between tries.',
      'That passphrase is not correct. 2 attempts left before you have to wait between tries.',
      'That passphrase is not correct. 1 attempt left before you have to wait between tries.',
      'That passphrase is not correct. Wait about 30 seconds before trying again.',
    ]);
    const refused = await wrong();
    assert.equal(refused.statusCode, 429);
    assert.equal(refused.headers['retry-after'], '30');
    assert.match(refused.body, /Too many failed attempts\. Try again in about 30 seconds\./);
    t.clock.advance(30_000);
    await wrong();
    t.clock.advance(60_000);
    await wrong();
    assert.match((await wrong()).body, /Try again in about 2 minutes\./);
    t.clock.advance(120_000);
    assert.equal((await t.app.inject({ method: 'POST', url: '/login', ...from, headers: { ...HTML, 'content-type': 'application/x-www-form-urlencoded' }, payload: `passphrase=${SECRET}&next=%2F` })).statusCode, 303);
  });

  test('a body that is not a form is refused', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/login', headers: { 'content-type': 'application/json' }, payload: '{"passphrase":"x"}' });
    assert.equal(res.statusCode, 400);
  });
});

describe('POST /settings', () => {
  let cookie: string;
  before(async () => {
    cookie = await login(t.app);
  });
  const days = () => t.store.settings.defaultLifetimeDays();

  test('needs the owner', async () => {
    const res = await form('/settings', { amount: '5', unit: 'days' });
    assert.equal(res.statusCode, 303);
    assert.match(String(res.headers.location), /^\/login\?next=/);
  });

  const cases: { description: string; fields: Record<string, string>; want: number }[] = [
    { description: 'days', fields: { amount: '5', unit: 'days' }, want: 5 },
    { description: 'years', fields: { amount: '10', unit: 'years' }, want: 3650 },
    { description: 'forever wins over the amount', fields: { forever: 'on', amount: '7', unit: 'days' }, want: 36_500 },
    { description: 'forever without the (disabled) fields', fields: { forever: 'on' }, want: 36_500 },
  ];
  for (const { description, fields, want } of cases) {
    test(`saves ${description}, then shows the form again`, async () => {
      const res = await form('/settings', fields, { cookie });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/settings?saved');
      assert.equal(days(), want);
      const page = await t.app.inject({ method: 'GET', url: '/settings?saved', headers: { cookie } });
      assert.match(page.body, /Settings saved\./);
    });
  }

  for (const fields of [{ amount: '0', unit: 'days' }, { amount: '3651', unit: 'days' }, { amount: '11', unit: 'years' }, { amount: '1.5', unit: 'days' }, { amount: 'x', unit: 'days' }]) {
    test(`refuses ${fields.amount} ${fields.unit} and keeps the old value`, async () => {
      const before = days();
      const res = await form('/settings', fields, { cookie });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /class="alert alert-error"/);
      assert.equal(days(), before);
    });
  }

  test('the form shows the stored value in the largest whole unit', async () => {
    await form('/settings', { amount: '2', unit: 'years' }, { cookie });
    const body = (await t.app.inject({ method: 'GET', url: '/settings', headers: { cookie } })).body;
    assert.match(body, /id="default-expiration" name="amount" value="2"/);
    assert.match(body, /<option value="years" selected>years<\/option>/);
  });

  test('a form posted from another site is refused', async () => {
    const res = await form('/settings', { amount: '5', unit: 'days' }, { cookie, origin: 'https://evil.example' });
    assert.equal(res.statusCode, 403);
  });
});
