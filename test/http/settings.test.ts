import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BASIC, startTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(() => t.close());

const put = (payload: string) => t.app.inject({ method: 'PUT', url: '/api/settings', headers: { authorization: BASIC }, payload });
// Upstream's two fields; ours (issue 18) are tested in test/notify/.
const get = async () => {
  const { defaultExpirationDays, defaultNeverExpire } = (await t.app.inject({ method: 'GET', url: '/api/settings', headers: { authorization: BASIC } })).json();
  return { defaultExpirationDays, defaultNeverExpire };
};
const rawUpload = async () => {
  const res = await t.app.inject({ method: 'PUT', url: '/f.txt', headers: { authorization: BASIC, accept: 'application/json' }, payload: 'x' });
  return t.store.entries.findEntry((res.json() as { id: string }).id as never, t.clock.now())!.expirationTime!.toISOString();
};

describe('settings', () => {
  test('defaults to 30 days, as upstream seeds it', async () => {
    assert.deepEqual(await get(), { defaultExpirationDays: 30, defaultNeverExpire: false });
  });

  test('7 days is stored and applies to uploads without an expiration', async () => {
    assert.equal((await put('{"defaultExpirationDays":7,"defaultNeverExpire":false}')).statusCode, 200);
    assert.deepEqual(await get(), { defaultExpirationDays: 7, defaultNeverExpire: false });
    assert.equal(await rawUpload(), '2026-12-01T12:00:00.000Z');
  });

  test('never means 36500 days, and files that never expire', async () => {
    assert.equal((await put('{"defaultExpirationDays":0,"defaultNeverExpire":true}')).statusCode, 200);
    assert.deepEqual(await get(), { defaultExpirationDays: 36_500, defaultNeverExpire: true });
    assert.equal(await rawUpload(), '2999-12-31T00:00:00.000Z');
  });

  const bad: [string, string, RegExp][] = [
    ['0 days', '{"defaultExpirationDays":0}', /^Invalid request: file lifetime must be at least 1 days\n$/],
    ['missing field', '{}', /^Invalid request: file lifetime must be at least 1 days\n$/],
    ['3651 days', '{"defaultExpirationDays":3651}', /^Invalid request: file lifetime must be at most 10 years\n$/],
    ['a string', '{"defaultExpirationDays":"7"}', /^Invalid request: defaultExpirationDays: /],
    ['beyond uint16', '{"defaultExpirationDays":70000}', /^Invalid request: defaultExpirationDays: /],
    ['not JSON', 'seven', /^Invalid request: /],
  ];
  for (const [description, payload, message] of bad) {
    test(`400 for ${description}, setting unchanged`, async () => {
      const before = await get();
      const res = await put(payload);
      assert.equal(res.statusCode, 400);
      assert.match(res.body, message);
      assert.deepEqual(await get(), before);
    });
  }

  test('needs a session', async () => {
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/settings' })).statusCode, 401);
    assert.equal((await t.app.inject({ method: 'PUT', url: '/api/settings', payload: '{"defaultExpirationDays":1}' })).statusCode, 401);
  });
});
