// Byte ranges (RFC 9110 §14), with upstream's answers where the RFC leaves room.

export type RangeResult =
  | { kind: 'full' }
  | { kind: 'partial'; start: number; end: number }
  | { kind: 'unsatisfiable' };

const FULL: RangeResult = { kind: 'full' };
const UNSATISFIABLE: RangeResult = { kind: 'unsatisfiable' };
// Go trims the spaces around each number too.
const SPEC = /^(\d*)\s*-\s*(\d*)$/;

/**
 * Which bytes of a `size`-byte file a Range header asks for. A single range
 * answers 206; several answer 200 with the whole file (decision D2); a range
 * unit other than bytes is ignored (RFC 9110 §14.2); a malformed bytes range or
 * one that starts past the end answers 416, as upstream does.
 */
export function parseRange(header: string | undefined, size: number): RangeResult {
  if (header === undefined) return FULL;
  const m = /^\s*bytes\s*=(.*)$/i.exec(header);
  if (!m) return FULL;
  const ranges: { start: number; end: number }[] = [];
  for (const text of m[1]!.split(',')) {
    const spec = text.trim();
    if (spec === '') continue;
    const parts = SPEC.exec(spec);
    if (!parts || (parts[1] === '' && parts[2] === '')) return UNSATISFIABLE;
    const [, first, last] = parts as unknown as [string, string, string];
    if (first === '') {
      // Suffix: the last N bytes. Zero of them is nothing to send.
      const length = Math.min(Number(last), size);
      if (length > 0) ranges.push({ start: size - length, end: size - 1 });
      continue;
    }
    const start = Number(first);
    const end = last === '' ? size - 1 : Number(last);
    if (end < start) return UNSATISFIABLE;
    if (start >= size) continue;
    ranges.push({ start, end: Math.min(end, size - 1) });
  }
  if (ranges.length === 0) return UNSATISFIABLE;
  if (ranges.length > 1) return FULL;
  return { kind: 'partial', ...ranges[0]! };
}
