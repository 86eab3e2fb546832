import type { FastifyRequest } from 'fastify';
import { parseEntryId, type EntryId } from '../domain/ids.js';
import { withPrefix } from './schemas.js';

/** The `{id}` of an entry route, or 400 `bad entry ID: …` as upstream answers. */
export function entryIdParam(request: FastifyRequest): Promise<EntryId> {
  const { id } = request.params as { id: string };
  return withPrefix('bad entry ID: ', () => parseEntryId(id));
}
