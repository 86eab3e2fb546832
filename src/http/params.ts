import type { FastifyRequest } from 'fastify';
import { parseBundleId, parseEntryId, parseGuestLinkId, type BundleId, type EntryId, type GuestLinkId } from '../domain/ids.js';
import { HttpError } from './errors.js';
import { withPrefix } from './schemas.js';

// Upstream's router matches `{id}` to one or more characters: an empty one is no route at all.
function idOf(request: FastifyRequest): string {
  const { id } = request.params as { id: string };
  if (id === '') throw new HttpError(404, '404 page not found');
  return id;
}

/** The `{id}` of an entry route, or 400 `bad entry ID: …` as upstream answers. */
export const entryIdParam = (request: FastifyRequest): EntryId =>
  withPrefix('bad entry ID: ', () => parseEntryId(idOf(request)));

/** The `{id}` of a guest link route, or 400 `Invalid guest link ID: …`. */
export const guestLinkIdParam = (request: FastifyRequest): GuestLinkId =>
  withPrefix('Invalid guest link ID: ', () => parseGuestLinkId(idOf(request)));

/** The `{id}` of a bundle route, or 400 `bad bundle ID: …`. */
export const bundleIdParam = (request: FastifyRequest): BundleId =>
  withPrefix('bad bundle ID: ', () => parseBundleId(idOf(request)));
