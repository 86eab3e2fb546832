// Expirations as the API takes them: RFC 3339 instants.

/** Upstream's "never expires". */
export const NEVER = '2999-12-31T00:00:00Z';
/** Lifetimes this long (100 years) mean never. */
export const INFINITE_DAYS = 36500;

const DAY_MS = 24 * 60 * 60 * 1000;

/** The instant `days` from now, or NEVER for an unlimited lifetime. */
export const expirationAfterDays = (days) =>
  days >= INFINITE_DAYS ? NEVER : new Date(Date.now() + days * DAY_MS).toISOString();

/** Midnight at the start of a date input's day, in the visitor's time zone. */
export function localMidnight(dateInputValue) {
  const [year, month, day] = dateInputValue.split('-').map(Number);
  return new Date(year, month - 1, day).toISOString();
}
