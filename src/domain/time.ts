// Timestamps are stored as RFC 3339 in UTC at second precision with a `Z` suffix,
// as upstream writes them: fixed width, so SQL can compare them as strings.

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Parses an RFC 3339 date-time as Go's time.Parse(time.RFC3339, …) does: the
 * browser's toISOString() output and numeric offsets are accepted, fractions of a
 * second are dropped. Returns null when the text is not a valid date-time.
 */
export function parseRfc3339(text: string): Date | null {
  const m = RFC3339.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number, number, number, number, number, number,
  ];
  const zone = m[8]!;
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return null;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth) return null;
  let offsetMinutes = 0;
  if (zone !== 'Z') {
    const oh = Number(zone.slice(1, 3));
    const om = Number(zone.slice(4, 6));
    if (oh > 23 || om > 59) return null;
    offsetMinutes = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const utc = Date.UTC(year, month - 1, day, hour, minute, second) - offsetMinutes * 60_000;
  const date = new Date(utc);
  // Date.UTC maps years 0-99 to 1900-1999; RFC 3339 years are literal.
  if (year < 100) date.setUTCFullYear(date.getUTCFullYear() - 1900);
  return date;
}

/** `2006-01-02T15:04:05Z`: the storage and wire format. */
export function formatTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A stored timestamp back to a Date; stored values are always valid. */
export function parseTimestamp(text: string): Date {
  const date = parseRfc3339(text);
  if (!date) throw new Error(`malformed stored timestamp: ${text}`);
  return date;
}

/** The same instant with its fraction of a second dropped. */
export function truncateToSeconds(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}
