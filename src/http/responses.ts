import type { FastifyReply, FastifyRequest } from 'fastify';
import type { EntryId } from '../domain/ids.js';

/**
 * JSON as upstream writes it: compact, newline-terminated, no charset. Sent as
 * bytes because Fastify adds `charset=utf-8` to JSON it sends as a string.
 */
export function sendJson(reply: FastifyReply, value: unknown): FastifyReply {
  return reply.header('content-type', 'application/json').send(Buffer.from(`${JSON.stringify(value)}\n`));
}

export const origin = (request: FastifyRequest): string => `${request.protocol}://${request.host}`;

/** The short link every client gets for a file. */
export const shortLink = (request: FastifyRequest, id: EntryId): string => `${origin(request)}/-${id}`;

/** The link with the filename, which makes `wget` and `curl -O` save under the right name. */
export const fullLink = (request: FastifyRequest, id: EntryId, filename: string): string =>
  `${shortLink(request, id)}/${encodeURIComponent(filename)}`;
