import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatDate, formatExpiration, formatLongTime, formatPercent, formatSize } from '../../views/format.js';

// The test runner may run in any zone; these dates are built in local time so
// that the expectations hold everywhere.
const local = (y: number, m: number, d: number, h = 0, min = 0) => new Date(y, m - 1, d, h, min);

describe('formatSize', () => {
  const cases = [
    { input: 0, want: '0 B' },
    { input: 24, want: '24 B' },
    { input: 1023, want: '1023 B' },
    { input: 1024, want: '1.00 kB' },
    { input: 1536, want: '1.50 kB' },
    { input: 50 * 1024 * 1024, want: '50.00 MB' },
    { input: 3 * 1024 ** 4, want: '3.00 TB' },
  ];
  for (const { input, want } of cases) test(`${input} bytes → ${want}`, () => assert.equal(formatSize(input), want));
});

describe('formatExpiration', () => {
  const now = local(2026, 3, 5, 12);
  const cases = [
    { description: 'never (sentinel)', input: new Date(Date.UTC(2999, 11, 31)), want: 'Never' },
    { description: 'never (old databases store NULL)', input: null, want: 'Never' },
    { description: 'thirty days out', input: local(2026, 4, 4, 12), want: '2026-04-04 (30 days)' },
    { description: 'one day out, singular', input: local(2026, 3, 6, 12), want: '2026-03-06 (1 day)' },
    { description: 'days rounded', input: local(2026, 3, 12, 23), want: '2026-03-12 (7 days)' },
    { description: 'in the past', input: local(2026, 3, 3, 12), want: '2026-03-03 (2 days ago)' },
  ];
  for (const { description, input, want } of cases) test(description, () => assert.equal(formatExpiration(input, now), want));
});

test('formatDate and formatLongTime use upstream’s formats', () => {
  assert.equal(formatDate(local(2026, 3, 5)), '2026-03-05');
  assert.equal(formatLongTime(local(2026, 3, 5, 15, 7)), 'March 5, 2026 at 3:07 PM');
  assert.equal(formatLongTime(local(2026, 12, 25, 0, 30)), 'December 25, 2026 at 12:30 AM');
  assert.equal(formatLongTime(local(2026, 1, 1, 12, 0)), 'January 1, 2026 at 12:00 PM');
});

test('formatPercent rounds and survives an empty whole', () => {
  assert.equal(formatPercent(1, 3), '33%');
  assert.equal(formatPercent(5, 0), '0%');
});
