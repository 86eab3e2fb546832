import type { FastifyPluginAsync } from 'fastify';
import type { Clock } from '../../domain/clock.js';
import { GuestLinkInactiveError } from '../../domain/errors.js';
import { isGuestLinkActive } from '../../domain/guest-link.js';
import type { Store } from '../../store/store.js';
import { createBundle } from '../bundle-create.js';
import { HttpError } from '../errors.js';
import { guestLinkIdParam } from '../params.js';
import { sendJson } from '../responses.js';
import { bundleBody, bundleRoutesBodyLimit, bundleUrl, parseBundleRequest } from './bundles.js';
import { acceptJsonOfAnyType } from '../body-parsers.js';
import { badRequest, bundleCreatedJson, guestLinkIdParams, notFound } from '../api-schemas.js';
import { textError } from '../api-docs.js';

export interface GuestBundleRouteOptions {
  store: Store;
  clock: Clock;
}

/**
 * POST /api/guest/{id}/bundle: a guest who uploaded several files at once gets
 * one link for them all (issue 17), made only of files just uploaded through
 * this link (see createBundle).
 */
export const guestBundleRoutes: FastifyPluginAsync<GuestBundleRouteOptions> = async (app, { store, clock }) => {
  acceptJsonOfAnyType(app, bundleRoutesBodyLimit);

  app.post('/api/guest/:id/bundle', {
    config: {
      api: {
        tag: 'guest uploads',
        summary: 'Put files just uploaded through a guest link behind one link',
        description: 'Public: the guest link ID is the credential. Only files uploaded through this link in the last hour, each in at most one guest bundle.',
        params: guestLinkIdParams,
        body: { json: bundleBody },
        responses: {
          200: { description: 'The new bundle.', json: bundleCreatedJson },
          400: badRequest,
          401: textError('The guest link is no longer active.'),
          404: notFound('guest link'),
        },
      },
    },
  }, async (request, reply) => {
    const linkId = guestLinkIdParam(request);
    const now = clock.now();
    const found = store.guestLinks.findGuestLink(linkId, now);
    if (!found) throw new HttpError(404, 'Invalid guest link ID');
    // A full link has just taken its last file: still fine to bundle them.
    if (!isGuestLinkActive(found.link, 0, now)) throw new GuestLinkInactiveError();
    const { entryIds, title } = parseBundleRequest(request);
    const id = await createBundle(store, clock, { entryIds, title, guestLinkId: linkId });
    request.log.info({ bundleId: id, files: entryIds.length, guestLinkId: linkId }, 'bundle created');
    return sendJson(reply, { id, url: bundleUrl(request, id) });
  });
};
