import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SECRET, startTestApp, type TestApp } from '../helpers/app.js';

// Issue 12: an IPv6 client is its /64, and failures from everyone together
// slow logins down past a threshold.
const attempt = (t: TestApp, remoteAddress: string, secret = 'guess') =>
  t.app.inject({ method: 'POST', url: '/api/auth', payload: JSON.stringify({ sharedSecretKey: secret }), remoteAddress });

describe('IPv6 clients are grouped by /64', () => {
  test('rotating through one /64 is one client; the next /64 is another', async () => {
    const t = await startTestApp();
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) statuses.push((await attempt(t, `2001:db8:1:2:${i.toString(16)}::${i + 1}`)).statusCode);
      assert.deepEqual(statuses, [...Array<number>(10).fill(401), 429, 429]);
      assert.equal((await attempt(t, '2001:db8:1:2:ffff:ffff:ffff:ffff', SECRET)).statusCode, 429, 'the whole /64 waits');
      assert.equal((await attempt(t, '2001:db8:1:3::1', SECRET)).statusCode, 200, 'a neighbouring /64 does not');
      assert.equal((await attempt(t, '::ffff:192.0.2.1', SECRET)).statusCode, 200);
    } finally {
      await t.close();
    }
  });

  test('IPv4 clients stay one address each', async () => {
    const t = await startTestApp();
    try {
      for (let i = 0; i < 10; i++) assert.equal((await attempt(t, '192.0.2.1')).statusCode, 401);
      assert.equal((await attempt(t, '192.0.2.1', SECRET)).statusCode, 429);
      assert.equal((await attempt(t, '192.0.2.2', SECRET)).statusCode, 200);
    } finally {
      await t.close();
    }
  });
});

describe('a global limit on failures', () => {
  test('past 30 failures in a minute from anywhere, every attempt waits until the minute is over', async () => {
    const t = await startTestApp();
    try {
      // 30 clients, one failure each: none reaches its own limit.
      for (let i = 0; i < 30; i++) assert.equal((await attempt(t, `198.51.100.${i}`)).statusCode, 401);
      t.clock.advance(20_000);
      const blocked = await attempt(t, '203.0.113.1', SECRET);
      assert.equal(blocked.statusCode, 429);
      assert.equal(blocked.headers['retry-after'], '40');
      const basic = await t.app.inject({ method: 'GET', url: '/api/entries', headers: { authorization: `Basic ${Buffer.from(`:${SECRET}`).toString('base64')}` }, remoteAddress: '203.0.113.1' });
      assert.equal(basic.statusCode, 429, 'Basic auth too: a right guess must not show');
      t.clock.advance(40_000);
      assert.equal((await attempt(t, '203.0.113.1', SECRET)).statusCode, 200, 'a minute later the owner logs in');
    } finally {
      await t.close();
    }
  });

  test('29 failures leave everyone alone', async () => {
    const t = await startTestApp();
    try {
      for (let i = 0; i < 29; i++) await attempt(t, `198.51.100.${i}`);
      assert.equal((await attempt(t, '203.0.113.1', SECRET)).statusCode, 200);
    } finally {
      await t.close();
    }
  });
});
