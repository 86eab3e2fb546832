import type { FastifyPluginAsync } from 'fastify';
import type { Clock } from '../../domain/clock.js';
import type { Entry } from '../../domain/entry.js';
import { expirationAfterDays } from '../../domain/expiration.js';
import type { Store } from '../../store/store.js';
import { sharedPage } from '../../../views/pages/shared.js';
import { acceptStreamedBodies } from '../body-parsers.js';
import { receiveMultipartFiles } from '../multipart.js';
import type { Pages } from '../page-context.js';
import type { BodyOptions } from '../request-body.js';
import { withPrefixAsync } from '../schemas.js';

export interface SharePageOptions {
  store: Store;
  clock: Clock;
  pages: Pages;
  body: BodyOptions;
}

// A share from a phone's gallery is a handful of photos; more is not a share.
const MAX_SHARED_FILES = 20;

/**
 * The Web Share Target (site.webmanifest's share_target, issue 14): Android's
 * "Share → PicoShare" posts the shared files here as multipart/form-data, one
 * `file` part each. They are stored as uploads of the owner's, with the
 * default lifetime from the settings, and the answer is a page of their links.
 * Registered among the owner's pages, so a visitor without a session is sent
 * to the login page.
 */
export const sharePageRoutes: FastifyPluginAsync<SharePageOptions> = async (app, { store, clock, pages, body }) => {
  acceptStreamedBodies(app);

  app.post('/share', async (request, reply) => {
    const expirationTime = expirationAfterDays(store.settings.defaultLifetimeDays(), clock.now());
    const entries: Entry[] = [];
    await withPrefixAsync('invalid request: ', () =>
      receiveMultipartFiles(request, {
        body,
        fields: [],
        maxFiles: MAX_SHARED_FILES,
        begin: () => store.uploads.begin({ client: request.clientIp, path: 'multipart' }),
        store: async (file, upload) => {
          const entry = await upload.commit({ ...file, expirationTime, guestLinkId: null, note: null });
          request.log.info({ entryId: entry.id, bytes: entry.size }, 'entry stored');
          entries.push(entry);
        },
      }),
    );
    const ctx = await pages.context(request, reply);
    return pages.send(reply, ctx, sharedPage(ctx, entries));
  });

  // Where logging in from a share comes back to: the shared files did not
  // survive the redirect, so the upload page is the place to go on.
  app.get('/share', async (_request, reply) => reply.redirect('/', 303));
};
