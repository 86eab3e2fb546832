import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { ValidationError } from '../domain/errors.js';
import { decodeCursor, encodeCursor, parseLimit, type Page, type PageQuery } from '../domain/page.js';
import { origin } from './responses.js';
import { queryParam } from './schemas.js';

// Paging travels beside the body (issue 10): the JSON stays the array that
// upstream's clients read, now its first page, and the rest is reached through
// `?limit=&cursor=`, an RFC 8288 `Link: <…>; rel="next"` and `X-Total-Count`.

/** `?limit=` and `?cursor=` of a request, 400 when malformed. */
export function pageQuery<K>(request: FastifyRequest, key: z.ZodType<K>): PageQuery<K> {
  const cursor = queryParam(request, 'cursor');
  return { limit: parseLimit(queryParam(request, 'limit')), after: cursor === undefined ? null : decodeCursor(cursor, key) };
}

/** The longest search text: a filename's own limit (255 bytes) is shorter. */
const MAX_SEARCH_LENGTH = 255;

/** `?q=`, trimmed; undefined when absent or blank. */
export function searchQuery(request: FastifyRequest): string | undefined {
  const q = queryParam(request, 'q')?.trim();
  if (q !== undefined && q.length > MAX_SEARCH_LENGTH) throw new ValidationError('search text too long');
  return q || undefined;
}

/** This request's URL with its cursor replaced (removed when `cursor` is null). */
export function pageUrl(request: FastifyRequest, cursor: string | null): string {
  const url = new URL(request.url, 'http://x');
  if (cursor === null) url.searchParams.delete('cursor');
  else url.searchParams.set('cursor', cursor);
  return `${url.pathname}${url.search}`;
}

export const nextCursor = (page: Page<unknown, readonly unknown[]>): string | null => page.next && encodeCursor(page.next);

/** Where a page sits and the URLs of the first and next pages, for a page's navigation. */
export function pageLinks(request: FastifyRequest, page: Page<unknown, readonly unknown[]>) {
  const next = nextCursor(page);
  return {
    offset: page.offset,
    total: page.total,
    firstHref: queryParam(request, 'cursor') === undefined ? undefined : pageUrl(request, null),
    nextHref: next === null ? undefined : pageUrl(request, next),
  };
}

/** The out-of-band paging headers of a JSON list. */
export function setPageHeaders(request: FastifyRequest, reply: FastifyReply, page: Page<unknown, readonly unknown[]>): void {
  const links: string[] = [];
  const next = nextCursor(page);
  if (next !== null) links.push(`<${origin(request)}${pageUrl(request, next)}>; rel="next"`);
  if (queryParam(request, 'cursor') !== undefined) links.push(`<${origin(request)}${pageUrl(request, null)}>; rel="first"`);
  if (links.length > 0) reply.header('link', links.join(', '));
  reply.header('x-total-count', String(page.total));
}
