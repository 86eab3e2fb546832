import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EXPIRATION_FORMAT_MESSAGE, expirationAfterDays, NEVER, parseExpiration } from '../../src/domain/expiration.js';
import { formatTimestamp, parseRfc3339 } from '../../src/domain/time.js';

const NOW = new Date('2026-11-24T12:00:00Z');

describe('parseExpiration', () => {
  const cases: { description: string; input: string; want?: string; wantError?: string }[] = [
    { description: 'UTC', input: '2026-12-01T00:00:00Z', want: '2026-12-01T00:00:00Z' },
    { description: 'fraction from toISOString() is dropped', input: '2026-12-01T00:00:00.999Z', want: '2026-12-01T00:00:00Z' },
    { description: 'numeric offset', input: '2026-12-01T02:00:00+02:00', want: '2026-12-01T00:00:00Z' },
    { description: 'negative offset', input: '2026-11-30T19:00:00-05:00', want: '2026-12-01T00:00:00Z' },
    { description: 'never', input: '2999-12-31T00:00:00Z', want: '2999-12-31T00:00:00Z' },
    { description: 'exactly one hour ahead', input: '2026-11-24T13:00:00Z', want: '2026-11-24T13:00:00Z' },
    { description: 'under an hour ahead', input: '2026-11-24T12:59:59Z', want: '2026-11-24T12:59:59Z' },
    { description: '6 minutes ahead', input: '2026-11-24T12:06:00Z', want: '2026-11-24T12:06:00Z' },
    { description: 'exactly 5 minutes ahead', input: '2026-11-24T12:05:00Z', want: '2026-11-24T12:05:00Z' },
    { description: '4 minutes ahead', input: '2026-11-24T12:04:00Z', wantError: 'expire time must be at least 5 minutes in the future' },
    { description: '2 minutes ahead', input: '2026-11-24T12:02:00Z', wantError: 'expire time must be at least 5 minutes in the future' },
    { description: 'in the past', input: '2020-01-01T00:00:00Z', wantError: 'expire time must be at least 5 minutes in the future' },
    { description: 'the last second of year 9999', input: '9999-12-31T23:59:59Z', want: '9999-12-31T23:59:59Z' },
    { description: 'an offset that makes it year 10000', input: '9999-12-31T23:59:59-23:59', wantError: 'expire time must be before the year 10000' },
    { description: 'empty', input: '', wantError: EXPIRATION_FORMAT_MESSAGE },
    { description: 'garbage', input: 'tomorrow', wantError: EXPIRATION_FORMAT_MESSAGE },
    { description: 'date only', input: '2026-12-01', wantError: EXPIRATION_FORMAT_MESSAGE },
    { description: 'no zone', input: '2026-12-01T00:00:00', wantError: EXPIRATION_FORMAT_MESSAGE },
    { description: 'lower-case t', input: '2026-12-01t00:00:00Z', wantError: EXPIRATION_FORMAT_MESSAGE },
    { description: 'February 30th', input: '2027-02-30T00:00:00Z', wantError: EXPIRATION_FORMAT_MESSAGE },
    { description: 'hour 24', input: '2026-12-01T24:00:00Z', wantError: EXPIRATION_FORMAT_MESSAGE },
  ];
  for (const { description, input, want, wantError } of cases) {
    test(description, () => {
      if (wantError) assert.throws(() => parseExpiration(input, NOW), { name: 'ValidationError', message: wantError });
      else assert.equal(formatTimestamp(parseExpiration(input, NOW)), want);
    });
  }
});

test('leap day parses; a year under 100 stays literal', () => {
  assert.equal(formatTimestamp(parseRfc3339('2028-02-29T10:00:00Z')!), '2028-02-29T10:00:00Z');
  assert.equal(parseRfc3339('0099-01-01T00:00:00Z')!.getUTCFullYear(), 99);
});

test('expirationAfterDays: whole seconds, and 36500 days means never', () => {
  assert.equal(formatTimestamp(expirationAfterDays(30, new Date('2026-11-24T12:00:00.750Z'))), '2026-12-24T12:00:00Z');
  assert.equal(expirationAfterDays(36_500, NOW), NEVER);
});
