import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, parseConfig, type Config } from '../../src/config.js';

const parse = (env: Record<string, string>) => parseConfig([], env) as Config;

describe('metrics settings (issue 18)', () => {
  test('off by default', () => {
    const config = parse({});
    assert.equal(config.metricsToken, undefined);
    assert.equal(config.metricsAddr, undefined);
  });

  const good: [string, { host: string; port: number }][] = [
    ['127.0.0.1:9091', { host: '127.0.0.1', port: 9091 }],
    ['[::]:9091', { host: '::', port: 9091 }],
    ['[fdaa::1]:80', { host: 'fdaa::1', port: 80 }],
    ['localhost:0', { host: 'localhost', port: 0 }],
  ];
  for (const [input, want] of good) {
    test(`PS_METRICS_ADDR=${input}`, () => assert.deepEqual(parse({ PS_METRICS_ADDR: input }).metricsAddr, want));
  }

  const bad: [string, Record<string, string>, RegExp][] = [
    ['an address without a port', { PS_METRICS_ADDR: '127.0.0.1' }, /^PS_METRICS_ADDR: must be host:port/],
    ['a port beyond 65535', { PS_METRICS_ADDR: '127.0.0.1:70000' }, /^PS_METRICS_ADDR: must be host:port/],
    ['IPv6 without brackets', { PS_METRICS_ADDR: '::1:9091' }, /^PS_METRICS_ADDR: must be host:port/],
    ['a short token', { PS_METRICS_TOKEN: 'short' }, /^PS_METRICS_TOKEN: must be at least 16 characters/],
  ];
  for (const [description, env, want] of bad) {
    test(`refuses ${description}`, () => {
      assert.throws(() => parseConfig([], env), (err: unknown) => err instanceof ConfigError && want.test(err.message));
    });
  }

  test('a token of 16 characters or more', () => {
    assert.equal(parse({ PS_METRICS_TOKEN: 'x'.repeat(16) }).metricsToken, 'x'.repeat(16));
  });
});
