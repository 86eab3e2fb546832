import type { FastifyPluginAsync } from 'fastify';
import type { Clock } from '../../domain/clock.js';
import { timeRowidKey } from '../../domain/page.js';
import type { Store } from '../../store/store.js';
import { guestLinkNewPage } from '../../../views/pages/guest-link-new.js';
import { guestLinksPage } from '../../../views/pages/guest-links.js';
import type { Pages } from '../page-context.js';
import { pageLinks, pageQuery } from '../paging.js';
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
    const page = store.guestLinks.listGuestLinks(now, pageQuery(request, timeRowidKey));
    const view = { links: page.items, paging: pageLinks(request, page), now, origin: origin(request) };
    return pages.send(reply, ctx, guestLinksPage(ctx, view));
  });

  app.get('/guest-links/new', async (request, reply) => {
    const ctx = await pages.context(request, reply);
    return pages.send(reply, ctx, guestLinkNewPage(ctx));
  });
};
