import type { FastifyPluginAsync } from 'fastify';
import type { Clock } from '../../domain/clock.js';
import { expirationAfterDays, parseExpiration } from '../../domain/expiration.js';
import { parseFilename } from '../../domain/filename.js';
import type { Store } from '../../store/store.js';
import { acceptStreamedBodies } from '../body-parsers.js';
import type { GcPacer } from '../gc-pacer.js';
import { receiveRawBody } from '../raw-body.js';
import { fullLink, sendJson } from '../responses.js';
import { queryParam, withPrefix } from '../schemas.js';

export interface RawUploadRouteOptions {
  store: Store;
  clock: Clock;
  gcPacer: GcPacer;
}

/**
 * `curl -u :PASS -T file.iso https://host/` sends PUT /file.iso: the body is
 * the file, the path its name (decision U6).
 */
export const rawUploadRoutes: FastifyPluginAsync<RawUploadRouteOptions> = async (app, { store, clock, gcPacer }) => {
  acceptStreamedBodies(app);

  app.put('/:filename', async (request, reply) => {
    const { filename: rawName } = request.params as { filename: string };
    const filename = await withPrefix('invalid request: ', () => parseFilename(rawName));
    const requested = queryParam(request, 'expiration');
    const now = clock.now();
    const expiration =
      requested !== undefined
        ? await withPrefix('Invalid expiration URL parameter: ', () => parseExpiration(requested, now))
        : expirationAfterDays(store.settings.defaultLifetimeDays(), now);

    const upload = store.uploads.begin();
    await withPrefix('invalid request: ', () => receiveRawBody(request, upload, gcPacer));
    const entry = await upload.commit({
      filename,
      contentType: request.headers['content-type'] ?? '',
      expirationTime: expiration,
      guestLinkId: null,
      note: null,
    });
    request.log.info({ entryId: entry.id, bytes: entry.size }, 'entry stored');
    const url = fullLink(request, entry.id, entry.filename);
    reply.code(201);
    if ((request.headers.accept ?? '').includes('application/json')) return sendJson(reply, { id: entry.id, url });
    return reply.type('text/plain; charset=utf-8').send(`${url}\n`);
  });
};

