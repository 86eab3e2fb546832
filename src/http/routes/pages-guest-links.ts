import type { FastifyPluginAsync } from 'fastify';
import type { Clock } from '../../domain/clock.js';
import type { Store } from '../../store/store.js';
import { guestLinkNewPage } from '../../../views/pages/guest-link-new.js';
import { guestLinksPage } from '../../../views/pages/guest-links.js';
import type { Pages } from '../page-context.js';
import { origin } from '../responses.js';

export interface GuestLinkPageOptions {
  store: Store;
  clock: Clock;
  pages: Pages;
}

/** The owner's guest link list and creation form. */
export const guestLinkPageRoutes: FastifyPluginAsync<GuestLinkPageOptions> = async (app, { store, clock, pages }) => {
  app.get('/guest-links', async (request, reply) => {
    const ctx = await pages.context(request, reply);
    const now = clock.now();
    return pages.send(reply, ctx, guestLinksPage(ctx, { links: store.guestLinks.listGuestLinks(now), now, origin: origin(request) }));
  });

  app.get('/guest-links/new', async (request, reply) => {
    const ctx = await pages.context(request, reply);
    return pages.send(reply, ctx, guestLinkNewPage(ctx));
  });
};
