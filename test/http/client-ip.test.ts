import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { normalizeIp } from '../../src/http/client-ip.js';
import type { ProxyTrust } from '../../src/http/client-ip.js';
import { BASIC, SECRET, startTestApp, type TestApp } from '../helpers/app.js';
import { fileForm } from '../helpers/multipart.js';
import { waitFor } from '../helpers/wait.js';

// Issue 12: with PS_BEHIND_PROXY, which address is the client's. The chain a
// request carries here: the client wrote `X-Forwarded-For: <forged>`, then
// each proxy appended the address it received the request from.
const PROXY_A = '10.0.0.5';
const PROXY_B = '10.0.0.6';

interface Case {
  description: string;
  trust: ProxyTrust;
  socket: string;
  xff?: string;
  want: string;
}

const cases: Case[] = [
  { description: 'off: the socket, whatever the header says', trust: false, socket: '203.0.113.9', xff: '1.2.3.4', want: '203.0.113.9' },
  { description: 'off: an IPv4-mapped socket address is plain IPv4', trust: false, socket: '::ffff:203.0.113.9', want: '203.0.113.9' },
  { description: '1 hop: the address the proxy appended, not the forged one', trust: 1, socket: PROXY_A, xff: '1.2.3.4, 198.51.100.7', want: '198.51.100.7' },
  { description: '1 hop: a forged non-IP appended by nobody is never used', trust: 1, socket: PROXY_A, xff: '198.51.100.7, <script>', want: PROXY_A },
  { description: '1 hop: no header, the socket', trust: 1, socket: PROXY_A, want: PROXY_A },
  { description: '1 hop: IPv6 is normalised', trust: 1, socket: PROXY_A, xff: '2001:DB8:0:0::1', want: '2001:db8::1' },
  { description: '1 hop: IPv4-mapped IPv6 is IPv4', trust: 1, socket: PROXY_A, xff: '::ffff:198.51.100.7', want: '198.51.100.7' },
  { description: '2 hops: two proxies appended', trust: 2, socket: PROXY_B, xff: '6.6.6.6, 198.51.100.7, 10.0.0.5', want: '198.51.100.7' },
  { description: '2 hops: an invalid entry stops at the last valid one', trust: 2, socket: PROXY_B, xff: 'garbage, 10.0.0.5', want: PROXY_A },
  { description: '2 hops: fewer entries than hops, the leftmost', trust: 2, socket: PROXY_B, xff: '198.51.100.7', want: '198.51.100.7' },
  { description: 'CIDR list: trusted proxies are skipped', trust: ['10.0.0.0/8', 'fdaa::/16'], socket: PROXY_B, xff: '6.6.6.6, 198.51.100.7, 10.0.0.5', want: '198.51.100.7' },
  { description: 'CIDR list: an IPv6 proxy network', trust: ['10.0.0.0/8', 'fdaa::/16'], socket: 'fdaa:0:1::3', xff: '6.6.6.6, 2001:db8::7', want: '2001:db8::7' },
  { description: 'CIDR list: an untrusted socket ignores the header', trust: ['10.0.0.0/8'], socket: '203.0.113.9', xff: '1.2.3.4', want: '203.0.113.9' },
  { description: 'CIDR list: a forged non-IP after trusted hops', trust: ['10.0.0.0/8'], socket: PROXY_B, xff: 'evil, 10.0.0.5', want: PROXY_A },
  { description: 'address list: one exact proxy', trust: ['10.0.0.6'], socket: PROXY_B, xff: '6.6.6.6, 198.51.100.7', want: '198.51.100.7' },
];

describe('the client address with each proxy setting', () => {
  for (const { description, trust, socket, xff, want } of cases) {
    test(description, async () => {
      const t = await startTestApp({ behindProxy: trust });
      try {
        const up = await t.app.inject({ method: 'POST', url: '/api/entry?expiration=2999-12-31T00:00:00Z', headers: { ...fileForm('x').headers, authorization: BASIC }, payload: fileForm('x').payload });
        const id = (up.json() as { id: string }).id;
        const headers: Record<string, string> = xff === undefined ? {} : { 'x-forwarded-for': xff };
        assert.equal((await t.app.inject({ method: 'GET', url: `/-${id}`, headers, remoteAddress: socket })).statusCode, 200);
        // History rows are written after the answer.
        await waitFor(() => t.count('downloads') === 1, 'the history row');
        const history = await t.app.inject({ method: 'GET', url: `/api/entry/${id}/downloads`, headers: { authorization: BASIC } });
        assert.deepEqual((history.json() as { clientIp: string }[]).map((d) => d.clientIp), [want]);
      } finally {
        await t.close();
      }
    });
  }
});

describe('rate limits cannot be dodged by writing X-Forwarded-For', () => {
  for (const trust of [false, 1, 2, ['10.0.0.0/8']] as ProxyTrust[]) {
    test(`${JSON.stringify(trust)}: thirty forged addresses are one client`, async () => {
      const t = await startTestApp({ behindProxy: trust });
      // With two trusted hops there are two proxies: the second is 10.0.0.4.
      const chain = (forwarded: string) => (trust === 2 ? `${forwarded}, 10.0.0.4` : forwarded);
      try {
        const statuses: number[] = [];
        for (let i = 0; i < 12; i++) {
          // The proxy at 10.0.0.5 appends the attacker's real address.
          const res = await t.app.inject({
            method: 'POST',
            url: '/api/auth',
            payload: '{"sharedSecretKey":"guess"}',
            remoteAddress: '10.0.0.5',
            headers: { 'x-forwarded-for': chain(`10.9.9.${i}, 198.51.100.7`) },
          });
          statuses.push(res.statusCode);
        }
        // The fifth wrong passphrase starts a wait (issue 14): every later try waits too.
        assert.deepEqual(statuses, [...Array<number>(5).fill(401), ...Array<number>(7).fill(429)]);
        // The owner, from elsewhere, still logs in.
        const owner = await t.app.inject({
          method: 'POST',
          url: '/api/auth',
          payload: JSON.stringify({ sharedSecretKey: SECRET }),
          remoteAddress: trust === false ? '203.0.113.1' : '10.0.0.5',
          headers: { 'x-forwarded-for': chain('203.0.113.1') },
        });
        assert.equal(owner.statusCode, 200);
      } finally {
        await t.close();
      }
    });
  }

  test('off: the forged owner address does not lock the owner out', async () => {
    const t = await startTestApp();
    try {
      for (let i = 0; i < 10; i++) {
        await t.app.inject({ method: 'POST', url: '/api/auth', payload: '{"sharedSecretKey":"x"}', remoteAddress: '198.51.100.7', headers: { 'x-forwarded-for': '203.0.113.1' } });
      }
      const owner = await t.app.inject({ method: 'POST', url: '/api/auth', payload: JSON.stringify({ sharedSecretKey: SECRET }), remoteAddress: '203.0.113.1' });
      assert.equal(owner.statusCode, 200);
    } finally {
      await t.close();
    }
  });
});

describe('proxy headers for scheme and host', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ behindProxy: 1 });
  });
  after(() => t.close());

  test('1 hop: links and cookies follow X-Forwarded-Proto and -Host', async () => {
    const res = await t.app.inject({
      method: 'PUT',
      url: '/a.txt',
      payload: 'x',
      remoteAddress: '10.0.0.5',
      headers: { authorization: BASIC, 'x-forwarded-proto': 'https', 'x-forwarded-host': 'share.example.com' },
    });
    assert.match(res.body, /^https:\/\/share\.example\.com\/-\w{10}\/a\.txt\n$/);
  });

  test('off: the same headers are ignored', async () => {
    const off = await startTestApp();
    try {
      const res = await off.app.inject({ method: 'PUT', url: '/a.txt', payload: 'x', headers: { authorization: BASIC, host: 'h', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil' } });
      assert.match(res.body, /^http:\/\/h\/-/);
    } finally {
      await off.close();
    }
  });
});

describe('normalizeIp', () => {
  for (const [input, want] of [
    ['192.0.2.1', '192.0.2.1'],
    [' 192.0.2.1 ', '192.0.2.1'],
    ['::ffff:192.0.2.1', '192.0.2.1'],
    ['::FFFF:c000:0201', '192.0.2.1'],
    ['2001:0DB8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['fe80::1%eth0', 'fe80::1'],
    ['192.0.2.1:8080', undefined],
    ['unknown', undefined],
    ['', undefined],
    ['999.1.1.1', undefined],
  ] as const) {
    test(`normalizeIp(${JSON.stringify(input)}) → ${JSON.stringify(want)}`, () => assert.equal(normalizeIp(input), want));
  }
});
