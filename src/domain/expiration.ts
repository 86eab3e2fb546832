import { ValidationError } from './errors.js';
import { parseRfc3339, truncateToSeconds } from './time.js';

/** Upstream's "never expires": a date far enough away to sort after any real one. */
export const NEVER = new Date(Date.UTC(2999, 11, 31));

const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
// Upstream requires an hour; links that live for minutes are asked for
// (PicoShare #703, issue 15), and anything shorter is more likely a mistake.
export const MIN_LIFETIME_MS = 5 * 60_000;

export const EXPIRATION_FORMAT_MESSAGE =
  'unrecognized format for expiration time, must be in 2006-01-02T15:04:05Z07:00 format';

export const isNever = (date: Date): boolean => date.getTime() >= NEVER.getTime();

/** An absolute expiration chosen by a client: RFC 3339, at least five minutes away. */
export function parseExpiration(raw: string, now: Date): Date {
  const date = parseRfc3339(raw);
  if (!date) throw new ValidationError(EXPIRATION_FORMAT_MESSAGE);
  if (date.getTime() < now.getTime() + MIN_LIFETIME_MS) {
    throw new ValidationError('expire time must be at least 5 minutes in the future');
  }
  // A far offset pushes year 9999 into 10000, which the schema's datetime() checks refuse.
  if (date.getUTCFullYear() > 9999) throw new ValidationError('expire time must be before the year 10000');
  return truncateToSeconds(date);
}

/** Upstream stores an unlimited lifetime as 100 years of 365 days. */
export const INFINITE_LIFETIME_DAYS = 36_500;

/** The longest default lifetime the settings accept short of never (upstream A10). */
export const MAX_DEFAULT_LIFETIME_DAYS = 3650;

/** When a file given a lifetime of `days` expires; an unlimited lifetime never does. */
export function expirationAfterDays(days: number, now: Date): Date {
  return days >= INFINITE_LIFETIME_DAYS ? NEVER : truncateToSeconds(new Date(now.getTime() + days * DAY_MS));
}
