import { z } from 'zod';
import { ValidationError } from './errors.js';

// Lists are paged by key (keyset pagination, issue 10): a page is "the next
// `limit` rows after this sort key", so each request reads a bounded number of
// rows whatever the table holds, and a cursor stays valid when its row is
// deleted: it names a position in the order, not a row.

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

/** What one request asks for: at most `limit` rows after `after` (the start when null). */
export interface PageQuery<K> {
  limit: number;
  after: K | null;
}

export interface Page<T, K> {
  items: T[];
  /** Rows in the whole list (after any search). */
  total: number;
  /** Rows before this page, for "101–200 of N". */
  offset: number;
  /** The key to continue after; null on the last page. */
  next: K | null;
}

/** Sort keys. Timestamps are the stored RFC 3339 text, which sorts as it reads. */
export const timeIdKey = z.tuple([z.string().max(40), z.string().max(40)]);
export const timeRowidKey = z.tuple([z.string().max(40), z.number().int()]);
export type TimeIdKey = z.infer<typeof timeIdKey>;
export type TimeRowidKey = z.infer<typeof timeRowidKey>;

/** An opaque cursor: the key as base64url JSON, so clients never build one. */
export const encodeCursor = (key: readonly unknown[]): string => Buffer.from(JSON.stringify(key)).toString('base64url');

const MAX_CURSOR_LENGTH = 200;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

export function decodeCursor<K>(text: string, schema: z.ZodType<K>): K {
  if (text.length > MAX_CURSOR_LENGTH || !BASE64URL.test(text)) throw new ValidationError('invalid cursor');
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw new ValidationError('invalid cursor');
  }
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationError('invalid cursor');
  return result.data;
}

/** `?limit=`: absent means the default; anything but a whole number in range is refused. */
export function parseLimit(text: string | undefined): number {
  if (text === undefined) return DEFAULT_PAGE_SIZE;
  const limit = /^\d{1,7}$/.test(text) ? Number(text) : NaN;
  if (!(limit >= 1 && limit <= MAX_PAGE_SIZE)) {
    throw new ValidationError(`invalid limit: must be a whole number from 1 to ${MAX_PAGE_SIZE}`);
  }
  return limit;
}

/** Rows fetched one past the limit: the extra one only says whether a next page exists. */
export function toPage<R, T, K>(rows: R[], limit: number, map: (row: R) => T, keyOf: (row: R) => K, counts: { total: number; offset: number }): Page<T, K> {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  return { items: kept.map(map), ...counts, next: more ? keyOf(kept[kept.length - 1]!) : null };
}

/** A LIKE pattern for "contains `text`", `\` escaping LIKE's own wildcards. */
export const containsPattern = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
