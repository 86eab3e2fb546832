import type { FastifyReply, FastifyRequest } from 'fastify';
import type { EntryId } from '../domain/ids.js';

/** JSON as upstream writes it: compact, newline-terminated, no charset. */
export function sendJson(reply: FastifyReply, value: unknown): FastifyReply {
  return reply.type('application/json').send(`${JSON.stringify(value)}\n`);
}

export const origin = (request: FastifyRequest): string => `${request.protocol}://${request.host}`;

/** The short link every client gets for a file. */
export const shortLink = (request: FastifyRequest, id: EntryId): string => `${origin(request)}/-${id}`;

/** The link with the filename, which makes `wget` and `curl -O` save under the right name. */
export const fullLink = (request: FastifyRequest, id: EntryId, filename: string): string =>
  `${shortLink(request, id)}/${encodeURIComponent(filename)}`;
