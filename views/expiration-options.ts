import { DAY_MS, INFINITE_LIFETIME_DAYS } from '../src/domain/expiration.js';
import { INFINITE_LIFETIME_MS, isInfiniteLifetime, lifetimeName } from '../src/domain/lifetime.js';

export interface ExpirationOption {
  label: string;
  /** Days from the moment of upload; the browser turns them into a date then. */
  days: number;
  selected: boolean;
}

/** Upstream's choices: 1 day, 7 days, 30 days, 1 year, Never. */
export const BUILT_IN_DAYS = [1, 7, 30, 365, INFINITE_LIFETIME_DAYS] as const;

const option = (days: number, selected: boolean): ExpirationOption => ({
  label: lifetimeName(days >= INFINITE_LIFETIME_DAYS ? INFINITE_LIFETIME_MS : days * DAY_MS),
  days,
  selected,
});

/**
 * The owner's choices: the built-in ones plus the settings' default when it is
 * not one of them (in order of length; upstream meant to sort them too), with
 * the default selected, after "1 hour" (issue 15). The page adds "Custom" after these.
 */
export function ownerExpirationOptions(defaultDays: number): ExpirationOption[] {
  const all = new Set<number>([...BUILT_IN_DAYS, defaultDays]);
  return [ONE_HOUR, ...[...all].sort((a, b) => a - b).map((days) => option(days, days === defaultDays))];
}

// Ours (issue 15): a file for a quick hand-over; the server accepts from 5 minutes.
const ONE_HOUR: ExpirationOption = { label: '1 hour', days: 1 / 24, selected: false };

/**
 * A guest's choices: the built-in ones no longer than the link allows, plus the
 * link's own lifetime, which is preselected (picoshare.md §4.4).
 */
export function guestExpirationOptions(lifetimeMs: number): ExpirationOption[] {
  const maxDays = isInfiniteLifetime(lifetimeMs) ? INFINITE_LIFETIME_DAYS : lifetimeMs / DAY_MS;
  const shorter = BUILT_IN_DAYS.filter((days) => days < maxDays).map((days) => option(days, false));
  return [...shorter, { ...option(maxDays, true), label: lifetimeName(lifetimeMs) }];
}
