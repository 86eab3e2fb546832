import { DAY_MS, INFINITE_LIFETIME_DAYS } from './expiration.js';
import { ValidationError } from './errors.js';

// Guest links store their file lifetime as a Go duration string (`24h0m0s`),
// as upstream writes it; `876000h0m0s` (100 years of 365 days) means unlimited.

export const INFINITE_LIFETIME_MS = INFINITE_LIFETIME_DAYS * DAY_MS;

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1e3, m: 6e4, h: 3.6e6 };
const PART = /(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;

/** Go's time.ParseDuration, in milliseconds; undefined when the text is not one. */
export function parseGoDuration(text: string): number | undefined {
  let rest = text;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') return undefined;
  let total = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < rest.length) {
    const m = PART.exec(rest);
    if (!m) return undefined;
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
  }
  return sign * total;
}

/** Go's Duration.String() for whole seconds or more: `24h0m0s`, `1h30m0s`, `90s` → `1m30s`. */
export function formatGoDuration(ms: number): string {
  const totalSeconds = ms / 1000;
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = Number((totalSeconds % 60).toFixed(9));
  if (hours > 0) return `${hours}h${minutes}m${seconds}s`;
  if (minutes > 0) return `${minutes}m${seconds}s`;
  return `${seconds}s`;
}

export const FILE_LIFETIME_FORMAT_MESSAGE =
  'unrecognized format for file life time, must be in 1ns, 1us (or 1µs), 1ms, 1s, 1m, 1h format';

/** A guest link's file lifetime: a Go duration of at least a day. */
export function parseFileLifetime(text: string): number {
  const ms = parseGoDuration(text);
  if (ms === undefined) throw new ValidationError(FILE_LIFETIME_FORMAT_MESSAGE);
  if (ms < DAY_MS) throw new ValidationError('file lifetime must be at least 1 day');
  return ms;
}

/** A stored lifetime; NULL and 'NEVER' (written by old upstream versions) mean unlimited. */
export function readStoredLifetime(text: string | null): number {
  const ms = text === null ? undefined : parseGoDuration(text);
  return ms === undefined || ms <= 0 ? INFINITE_LIFETIME_MS : ms;
}

export const isInfiniteLifetime = (ms: number): boolean => ms >= INFINITE_LIFETIME_MS;

/** `Never`, `1 year`, `10 years`, `1 day`, `366 days`, as upstream names lifetimes. */
export function lifetimeName(ms: number): string {
  if (isInfiniteLifetime(ms)) return 'Never';
  const days = Math.round(ms / DAY_MS);
  if (days % 365 === 0) {
    const years = days / 365;
    return `${years} year${years === 1 ? '' : 's'}`;
  }
  return `${days} day${days === 1 ? '' : 's'}`;
}
