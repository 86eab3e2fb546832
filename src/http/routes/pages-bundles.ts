import type { FastifyPluginAsync } from 'fastify';
import type { Clock } from '../../domain/clock.js';
import type { Store } from '../../store/store.js';
import { bundlePage } from '../../../views/pages/bundle.js';
import { findBundleView } from '../bundle-archive.js';
import { HttpError } from '../errors.js';
import type { Pages } from '../page-context.js';
import { bundleIdParam } from '../params.js';

export interface BundlePageOptions {
  store: Store;
  clock: Clock;
  pages: Pages;
}

/** `/b/{id}`: a bundle's page, open to anyone with the link (issue 17). */
export const bundlePageRoutes: FastifyPluginAsync<BundlePageOptions> = async (app, { store, clock, pages }) => {
  app.get('/b/:id', async (request, reply) => {
    const view = findBundleView(store, bundleIdParam(request), clock.now());
    if (!view) throw new HttpError(404, 'bundle not found');
    const ctx = await pages.context(request, reply);
    return pages.send(reply, ctx, bundlePage(ctx, { ...view, origin: request.downloadOrigin }));
  });
};
