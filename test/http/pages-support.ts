import type { FastifyInstance } from 'fastify';
import { BASIC } from '../helpers/app.js';
import { multipart } from '../helpers/multipart.js';

/** Stores a file through the API (as the owner); returns its ID. */
export async function uploadEntry(app: FastifyInstance, filename: string, options: { note?: string; expiration?: string } = {}): Promise<string> {
  const parts = [{ name: 'file', filename, contentType: 'text/plain', data: `contents of ${filename}` }];
  if (options.note !== undefined) parts.unshift({ name: 'note', data: options.note } as (typeof parts)[number]);
  const { payload, headers } = multipart(parts);
  const expiration = encodeURIComponent(options.expiration ?? '2999-12-31T00:00:00Z');
  const res = await app.inject({ method: 'POST', url: `/api/entry?expiration=${expiration}`, headers: { ...headers, authorization: BASIC }, payload });
  if (res.statusCode !== 200) throw new Error(`upload failed: ${res.statusCode} ${res.body}`);
  return (res.json() as { id: string }).id;
}

/** A browser's request for a page: it asks for HTML. */
export const HTML = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
