import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FailureRateLimiter } from '../../src/http/rate-limit.js';
import { SECRET, startTestApp, type TestApp } from '../helpers/app.js';
import { FixedClock } from '../helpers/clock.js';

// Issue 12: an IPv6 client is its /64, and failures from everyone together
// slow logins down past a threshold.
const attempt = (t: TestApp, remoteAddress: string, secret = 'guess') =>
  t.app.inject({ method: 'POST', url: '/api/auth', payload: JSON.stringify({ sharedSecretKey: secret }), remoteAddress });

describe('IPv6 clients are grouped by /64', () => {
  test('rotating through one /64 is one client; the next /64 is another', async () => {
    const t = await startTestApp();
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await attempt(t, `2001:db8:1:2:${i.toString(16)}::${i + 1}`)).statusCode);
      assert.deepEqual(statuses, [...Array<number>(5).fill(401), 429, 429]);
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
      for (let i = 0; i < 5; i++) assert.equal((await attempt(t, '192.0.2.1')).statusCode, 401);
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

describe('progressive delays per client (issue 14)', () => {
  test('five free tries, then waits that double up to a cap, and a success forgets them', async () => {
    const t = await startTestApp();
    try {
      const ip = '192.0.2.7';
      for (let left = 4; left >= 1; left--) {
        const res = await attempt(t, ip);
        assert.equal(res.statusCode, 401);
        assert.equal(res.body, 'incorrect shared secret\n', "upstream's body");
        assert.equal(res.headers['retry-after'], undefined, `no wait yet, ${left} left`);
      }
      const first = await attempt(t, ip);
      assert.equal(first.statusCode, 401);
      assert.equal(first.headers['retry-after'], '30', 'the fifth failure starts a half-minute wait');
      const waiting = await attempt(t, ip, SECRET);
      assert.equal(waiting.statusCode, 429, 'even the right passphrase waits');
      assert.equal(waiting.headers['retry-after'], '30');
      const waits: string[] = [];
      let wait = 30;
      for (let i = 0; i < 7; i++) {
        t.clock.advance(wait * 1000);
        const res = await attempt(t, ip);
        assert.equal(res.statusCode, 401, 'once the wait is over, the next try is judged');
        wait = Number(res.headers['retry-after']);
        waits.push(String(wait));
      }
      assert.deepEqual(waits, ['60', '120', '240', '480', '900', '900', '900'], 'doubling, capped at 15 minutes');
      t.clock.advance(900_000);
      assert.equal((await attempt(t, ip, SECRET)).statusCode, 200);
      const fresh = await attempt(t, ip);
      assert.equal(fresh.headers['retry-after'], undefined, 'a success forgets the failures');
    } finally {
      await t.close();
    }
  });

  test('an hour without failures starts the client afresh', async () => {
    const t = await startTestApp();
    try {
      for (let i = 0; i < 5; i++) await attempt(t, '192.0.2.8');
      t.clock.advance(60 * 60_000);
      assert.equal((await attempt(t, '192.0.2.8')).headers['retry-after'], undefined);
    } finally {
      await t.close();
    }
  });

  test('the clients remembered are capped; the least recently failing are forgotten', () => {
    const limiter = new FailureRateLimiter(new FixedClock(new Date('2026-01-01T00:00:00Z')));
    for (let i = 0; i < 5; i++) limiter.recordFailure('10.0.0.1');
    for (let i = 0; i < 10_000; i++) limiter.recordFailure(`10.1.${i >> 8}.${i & 255}`);
    assert.equal(limiter.size, 10_000);
    assert.equal(limiter.attemptsLeft('10.0.0.1'), 5, 'the oldest client was forgotten');
    assert.equal(limiter.attemptsLeft('10.1.39.15'), 4, 'the newest is remembered');
  });
});
