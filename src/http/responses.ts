import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Entry } from '../domain/entry.js';
import type { EntryId } from '../domain/ids.js';

/**
 * JSON as upstream writes it: compact, newline-terminated, no charset. Sent as
 * bytes because Fastify adds `charset=utf-8` to JSON it sends as a string.
 */
export function sendJson(reply: FastifyReply, value: unknown): FastifyReply {
  return reply.header('content-type', 'application/json').send(Buffer.from(`${JSON.stringify(value)}\n`));
}

export const origin = (request: FastifyRequest): string => `${request.protocol}://${request.host}`;

/** The short link every client gets for a file, on the download host when there is one. */
export const shortLink = (request: FastifyRequest, id: EntryId): string => `${request.downloadOrigin}/-${id}`;

/** The link with the filename, which makes `wget` and `curl -O` save under the right name. */
export const fullLink = (request: FastifyRequest, id: EntryId, filename: string): string =>
  `${shortLink(request, id)}/${encodeURIComponent(filename)}`;

/** 201 with the full link for `curl -T` users, or JSON `{"id","url"}` for programs (decision U6). */
export function sendCreated(request: FastifyRequest, reply: FastifyReply, entry: Entry): FastifyReply {
  const url = fullLink(request, entry.id, entry.filename);
  reply.code(201);
  if ((request.headers.accept ?? '').includes('application/json')) return sendJson(reply, { id: entry.id, url });
  return reply.type('text/plain; charset=utf-8').send(`${url}\n`);
}
