import type { FastifyPluginAsync } from 'fastify';
import type { Clock } from '../../domain/clock.js';
import type { Store } from '../../store/store.js';
import type { ApiDocs } from '../api-docs.js';
import type { Auth } from '../auth.js';
import { acceptFormPosts } from '../form-body.js';
import { requireOwnerPage } from '../page-auth.js';
import { createPages } from '../page-context.js';
import type { BodyOptions } from '../request-body.js';
import type { AssetCatalog } from '../static-assets.js';
import { apiTokenPageRoutes } from './pages-api-tokens.js';
import { bundlePageRoutes } from './pages-bundles.js';
import { filePageRoutes } from './pages-files.js';
import { guestLinkPageRoutes } from './pages-guest-links.js';
import { openApiRoutes } from './openapi.js';
import { publicPageRoutes } from './pages-public.js';
import { sharePageRoutes } from './pages-share.js';
import { systemPageRoutes } from './pages-system.js';

export interface PageRouteOptions {
  auth: Auth;
  store: Store;
  clock: Clock;
  assets: AssetCatalog;
  dbPath: string | undefined;
  docs: ApiDocs;
  body: BodyOptions;
  /** What the upload pages send per request of a resumable upload (PS_UPLOAD_REQUEST_SIZE). */
  uploadRequestBytes: number;
}

/** Every HTML page: the public ones, and the owner's behind a login. */
export const pageRoutes: FastifyPluginAsync<PageRouteOptions> = async (app, { auth, store, clock, assets, dbPath, docs, body, uploadRequestBytes }) => {
  const pages = createPages(auth, assets);
  acceptFormPosts(app);
  await app.register(publicPageRoutes, { auth, store, clock, pages, uploadRequestBytes });
  await app.register(openApiRoutes, { docs, pages });
  await app.register(bundlePageRoutes, { store, clock, pages });
  await app.register(async (owner) => {
    owner.addHook('onRequest', requireOwnerPage(auth));
    await owner.register(filePageRoutes, { store, clock, pages });
    await owner.register(guestLinkPageRoutes, { store, clock, pages });
    await owner.register(systemPageRoutes, { store, clock, pages, dbPath });
    await owner.register(apiTokenPageRoutes, { store, clock, pages });
    await owner.register(sharePageRoutes, { store, clock, pages, body });
  });
};
