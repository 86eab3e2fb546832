// Conditional requests (RFC 9110 §13): the evaluation order of §13.2.2.

export interface Validators {
  /** Strong entity tag, quotes included. */
  etag: string;
  /** Second precision, as HTTP dates are. */
  lastModified: Date;
}

export type Precondition = 'proceed' | 'not-modified' | 'failed';

interface ConditionalHeaders {
  'if-match'?: string | undefined;
  'if-none-match'?: string | undefined;
  'if-modified-since'?: string | undefined;
  'if-unmodified-since'?: string | undefined;
  'if-range'?: string | undefined;
}

const TAGS = /(W\/)?"[^"]*"/g;

function tagList(header: string): { weak: boolean; opaque: string }[] {
  return [...header.matchAll(TAGS)].map((m) => ({ weak: m[1] !== undefined, opaque: m[0].replace(/^W\//, '') }));
}

const isStar = (header: string): boolean => header.trim() === '*';

function httpDate(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const ms = Date.parse(header);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

const seconds = (date: Date): number => Math.floor(date.getTime() / 1000);

export function evaluatePreconditions(headers: ConditionalHeaders, v: Validators): Precondition {
  const ifMatch = headers['if-match'];
  if (ifMatch !== undefined) {
    // Strong comparison: a weak tag never matches.
    if (!isStar(ifMatch) && !tagList(ifMatch).some((t) => !t.weak && t.opaque === v.etag)) return 'failed';
  } else {
    const since = httpDate(headers['if-unmodified-since']);
    if (since !== undefined && seconds(v.lastModified) > since) return 'failed';
  }
  const ifNoneMatch = headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    // Weak comparison. Only GET and HEAD reach here, so a match is a 304.
    if (isStar(ifNoneMatch) || tagList(ifNoneMatch).some((t) => t.opaque === v.etag)) return 'not-modified';
  } else {
    const since = httpDate(headers['if-modified-since']);
    if (since !== undefined && seconds(v.lastModified) <= since) return 'not-modified';
  }
  return 'proceed';
}

/** Whether a Range may be honoured: no If-Range, or one that still matches (§13.1.5). */
export function rangeStillValid(headers: ConditionalHeaders, v: Validators): boolean {
  const ifRange = headers['if-range']?.trim();
  if (ifRange === undefined) return true;
  if (ifRange.startsWith('"') || ifRange.startsWith('W/')) return ifRange === v.etag;
  return httpDate(ifRange) === seconds(v.lastModified);
}
