import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DAY_MS } from '../../src/domain/expiration.js';
import { INFINITE_LIFETIME_MS } from '../../src/domain/lifetime.js';
import { guestExpirationOptions, ownerExpirationOptions } from '../../views/expiration-options.js';

const shown = (options: { label: string; selected: boolean }[]) => options.map((o) => (o.selected ? `[${o.label}]` : o.label));

describe('ownerExpirationOptions', () => {
  const cases = [
    { description: 'default 30 days (upstream seed)', days: 30, want: ['1 hour', '1 day', '7 days', '[30 days]', '1 year', 'Never'] },
    { description: 'a built-in default adds nothing', days: 365, want: ['1 hour', '1 day', '7 days', '30 days', '[1 year]', 'Never'] },
    { description: 'never', days: 36_500, want: ['1 hour', '1 day', '7 days', '30 days', '1 year', '[Never]'] },
    { description: 'a custom default is inserted in order', days: 5, want: ['1 hour', '1 day', '[5 days]', '7 days', '30 days', '1 year', 'Never'] },
    { description: 'ten years', days: 3650, want: ['1 hour', '1 day', '7 days', '30 days', '1 year', '[10 years]', 'Never'] },
  ];
  for (const { description, days, want } of cases) test(description, () => assert.deepEqual(shown(ownerExpirationOptions(days)), want));
});

describe('guestExpirationOptions', () => {
  const cases = [
    { description: '7-day link', lifetime: 7 * DAY_MS, want: ['1 day', '[7 days]'] },
    { description: 'unlimited link', lifetime: INFINITE_LIFETIME_MS, want: ['1 day', '7 days', '30 days', '1 year', '[Never]'] },
    { description: '30-day link', lifetime: 30 * DAY_MS, want: ['1 day', '7 days', '[30 days]'] },
    { description: 'a lifetime that is not built in is offered itself', lifetime: 3 * DAY_MS, want: ['1 day', '[3 days]'] },
  ];
  for (const { description, lifetime, want } of cases) test(description, () => assert.deepEqual(shown(guestExpirationOptions(lifetime)), want));
});
