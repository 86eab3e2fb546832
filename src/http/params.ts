import type { FastifyRequest } from 'fastify';
import { parseEntryId, parseGuestLinkId, type EntryId, type GuestLinkId } from '../domain/ids.js';
import { withPrefix } from './schemas.js';

const idOf = (request: FastifyRequest): string => (request.params as { id: string }).id;

/** The `{id}` of an entry route, or 400 `bad entry ID: …` as upstream answers. */
export const entryIdParam = (request: FastifyRequest): EntryId =>
  withPrefix('bad entry ID: ', () => parseEntryId(idOf(request)));

/** The `{id}` of a guest link route, or 400 `Invalid guest link ID: …`. */
export const guestLinkIdParam = (request: FastifyRequest): GuestLinkId =>
  withPrefix('Invalid guest link ID: ', () => parseGuestLinkId(idOf(request)));
