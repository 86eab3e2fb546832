import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Clock } from '../../domain/clock.js';
import type { Entry } from '../../domain/entry.js';
import { timeIdKey, timeRowidKey } from '../../domain/page.js';
import type { Store } from '../../store/store.js';
import { downloadsPage } from '../../../views/pages/downloads.js';
import { fileDeletePage } from '../../../views/pages/file-delete.js';
import { fileEditPage } from '../../../views/pages/file-edit.js';
import { fileInfoPage } from '../../../views/pages/file-info.js';
import { filesPage } from '../../../views/pages/files.js';
import { HttpError } from '../errors.js';
import type { Pages } from '../page-context.js';
import { pageLinks, pageQuery, searchQuery } from '../paging.js';
import { entryIdParam } from '../params.js';
import { queryParam } from '../schemas.js';

const BUNDLES_SHOWN = 20;

export interface FilePageOptions {
  store: Store;
  clock: Clock;
  pages: Pages;
}

/** The owner's file pages: list, information, edit, delete, download history. */
export const filePageRoutes: FastifyPluginAsync<FilePageOptions> = async (app, { store, clock, pages }) => {
  /** The `{id}` entry: 400 for a malformed ID, 404 for an unknown or expired one (upstream §1.5). */
  const entryOf = (request: FastifyRequest): Entry => {
    const entry = store.entries.findEntry(entryIdParam(request), clock.now());
    if (!entry) throw new HttpError(404, 'entry not found');
    return entry;
  };

  app.get('/files', async (request, reply) => {
    const query = searchQuery(request);
    const paging = pageQuery(request, timeIdKey);
    const ctx = await pages.context(request, reply);
    const now = clock.now();
    const page = store.entries.listEntries(now, { ...paging, search: query });
    // Counted for this page's rows only: one indexed query, bounded by the page size.
    const ids = page.items.map((e) => e.id);
    const downloads = store.downloads.downloadCounts(ids);
    const limits = store.limits.limitsOf(ids);
    // The newest bundles beside the files; all of them through GET /api/bundles.
    const bundles = store.bundles.listBundles(now, { limit: BUNDLES_SHOWN, after: null }).items;
    const view = { entries: page.items, downloads, paging: pageLinks(request, page), query, now, origin: request.downloadOrigin, bundles, limits };
    return pages.send(reply, ctx, filesPage(ctx, view));
  });

  app.get('/files/:id/info', async (request, reply) => {
    const entry = entryOf(request);
    const now = clock.now();
    const guestLink = entry.guestLinkId === null ? undefined : store.guestLinks.findGuestLink(entry.guestLinkId, now)?.link;
    const ctx = await pages.context(request, reply);
    return pages.send(reply, ctx, fileInfoPage(ctx, {
        entry,
        downloads: store.downloads.countDownloads(entry.id),
        guestLink,
        now,
        digest: store.digests.findDigest(entry.id),
        limits: store.limits.limitsOf([entry.id]).get(entry.id),
      }));
  });

  app.get('/files/:id/edit', async (request, reply) => {
    const entry = entryOf(request);
    const ctx = await pages.context(request, reply);
    return pages.send(reply, ctx, fileEditPage(ctx, { entry, now: clock.now(), limits: store.limits.limitsOf([entry.id]).get(entry.id) }));
  });

  app.get('/files/:id/confirm-delete', async (request, reply) => {
    const entry = entryOf(request);
    const ctx = await pages.context(request, reply);
    return pages.send(reply, ctx, fileDeletePage(ctx, entry));
  });

  app.get('/files/:id/downloads', async (request, reply) => {
    const entry = entryOf(request);
    const unique = queryParam(request, 'unique') === 'true';
    const page = store.downloads.listDownloads(entry.id, { ...pageQuery(request, timeRowidKey), unique });
    const ctx = await pages.context(request, reply);
    return pages.send(reply, ctx, downloadsPage(ctx, {
        entry,
        unique,
        downloads: page.items,
        paging: pageLinks(request, page),
        limits: store.limits.limitsOf([entry.id]).get(entry.id),
      }));
  });
};
