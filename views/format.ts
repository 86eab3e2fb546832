import { DAY_MS, isNever } from '../src/domain/expiration.js';

// Dates on pages are in the server's local time zone, as upstream shows them
// (run the server with TZ set to the owner's zone).

const pad = (n: number): string => String(n).padStart(2, '0');

/** `2026-03-05`. */
export const formatDate = (date: Date): string =>
  `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * `March 5, 2026 at 3:07 PM`, upstream's format; the browser rewrites it in the
 * visitor's own zone, this is what shows without JavaScript.
 */
export function formatLongTime(date: Date): string {
  const hours = date.getHours() % 12 || 12;
  const meridiem = date.getHours() < 12 ? 'AM' : 'PM';
  return `${MONTHS[date.getMonth()]} ${date.getDate()}, ${date.getFullYear()} at ${hours}:${pad(date.getMinutes())} ${meridiem}`;
}

const days = (n: number): string => `${n} ${n === 1 ? 'day' : 'days'}`;

/** `Never`, `2026-03-05 (30 days)` or, for a date gone by, `2026-03-05 (2 days ago)`. */
export function formatExpiration(expiration: Date | null, now: Date): string {
  if (expiration === null || isNever(expiration)) return 'Never';
  const left = Math.round((expiration.getTime() - now.getTime()) / DAY_MS);
  return `${formatDate(expiration)} (${left < 0 ? `${days(-left)} ago` : days(left)})`;
}

const UNITS = 'kMGTPE';

/** Upstream's sizes: `24 B`, then base 1024 with two decimals: `1.00 kB`, `50.00 MB`. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  let unit = 0;
  let value = bytes / 1024;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(2)} ${UNITS[unit]}B`;
}

/** `42%`, rounded as upstream's `%.0f%%`. */
export const formatPercent = (part: number, whole: number): string =>
  `${whole > 0 ? Math.round((part / whole) * 100) : 0}%`;

/** A wait as a person says it: `about 30 seconds`, `about a minute`, `about 2 minutes`. */
export function formatWait(seconds: number): string {
  if (seconds < 45) return `about ${Math.max(5, Math.ceil(seconds / 5) * 5)} seconds`;
  if (seconds < 90) return 'about a minute';
  return `about ${Math.round(seconds / 60)} minutes`;
}
