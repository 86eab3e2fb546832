import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DAY_MS } from '../../src/domain/expiration.js';
import {
  FILE_LIFETIME_FORMAT_MESSAGE,
  formatGoDuration,
  INFINITE_LIFETIME_MS,
  lifetimeName,
  parseFileLifetime,
  parseGoDuration,
  readStoredLifetime,
} from '../../src/domain/lifetime.js';

describe('Go durations', () => {
  for (const [text, ms] of [
    ['24h0m0s', DAY_MS], ['168h', 7 * DAY_MS], ['876000h0m0s', INFINITE_LIFETIME_MS], ['1h30m', 5_400_000],
    ['1.5h', 5_400_000], ['90m', 5_400_000], ['300ms', 300], ['2s', 2000], ['0', 0], ['1us', 0.001], ['1µs', 0.001],
  ] as const) {
    test(`parses ${text}`, () => assert.equal(parseGoDuration(text), ms));
  }
  for (const text of ['', '24', 'h', '1d', '1 h', 'abc', '1h-']) {
    test(`refuses ${JSON.stringify(text)}`, () => assert.equal(parseGoDuration(text), undefined));
  }
  for (const [ms, text] of [[DAY_MS, '24h0m0s'], [30 * DAY_MS, '720h0m0s'], [INFINITE_LIFETIME_MS, '876000h0m0s'], [5_400_000, '1h30m0s'], [90_000, '1m30s']] as const) {
    test(`formats ${text}`, () => assert.equal(formatGoDuration(ms), text));
  }
});

describe('file lifetimes', () => {
  test('at least a day', () => {
    assert.equal(parseFileLifetime('24h0m0s'), DAY_MS);
    assert.throws(() => parseFileLifetime('23h59m'), { message: 'file lifetime must be at least 1 day' });
    assert.throws(() => parseFileLifetime('1 day'), { message: FILE_LIFETIME_FORMAT_MESSAGE });
    assert.throws(() => parseFileLifetime(''), { message: FILE_LIFETIME_FORMAT_MESSAGE });
  });

  test('stored NULL and NEVER mean unlimited', () => {
    assert.equal(readStoredLifetime(null), INFINITE_LIFETIME_MS);
    assert.equal(readStoredLifetime('NEVER'), INFINITE_LIFETIME_MS);
    assert.equal(readStoredLifetime('168h0m0s'), 7 * DAY_MS);
  });

  // Upstream's friendly names (picoshare.md §10.2).
  for (const [days, name] of [[1, '1 day'], [7, '7 days'], [30, '30 days'], [365, '1 year'], [366, '366 days'], [3650, '10 years'], [36500, 'Never']] as const) {
    test(`${days} days is "${name}"`, () => assert.equal(lifetimeName(days * DAY_MS), name));
  }
});
