import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { Clock } from '../../domain/clock.js';
import { parseMaxDownloads } from '../../domain/entry-limits.js';
import { parseExpiration } from '../../domain/expiration.js';
import { isGuestLinkActive, parseLabel, parseMaxFileBytes, parseMaxFileUploads, type GuestLink } from '../../domain/guest-link.js';
import { newGuestLinkId } from '../../domain/ids.js';
import { formatGoDuration, INFINITE_LIFETIME_MS, lifetimeName, parseFileLifetime } from '../../domain/lifetime.js';
import { timeRowidKey } from '../../domain/page.js';
import { formatTimestamp, truncateToSeconds } from '../../domain/time.js';
import type { GuestLinkWithUsage } from '../../store/guest-links.js';
import type { Store } from '../../store/store.js';
import { badRequest, guestLinkIdParams, guestLinkJson, idJson, notFound, ok, pageHeaders, pageQuerySchema } from '../api-schemas.js';
import type { ApiOperation } from '../api-docs.js';
import { acceptJsonOfAnyType, parseJson } from '../body-parsers.js';
import { HttpError } from '../errors.js';
import { pageQuery, setPageHeaders } from '../paging.js';
import { guestLinkIdParam } from '../params.js';
import { sendJson } from '../responses.js';
import { parseWith, withPrefix } from '../schemas.js';

export interface GuestLinkRouteOptions {
  store: Store;
  clock: Clock;
}

// Field types as Go decodes them upstream: the byte cap is unsigned, the count
// a signed integer whose sign the rules below check.
const createBody = z.object({
  label: z.string().nullish(),
  urlExpirationTime: z.string().nullish(),
  // Upstream before 1.4.5 called the URL expiration this and had no file lifetime.
  expirationTime: z.string().nullish(),
  fileLifetime: z.string().nullish(),
  maxFileBytes: z.number().int().nonnegative().nullish(),
  maxFileUploads: z.number().int().nullish(),
  // Ours (issue 15): the download limit every file uploaded through the link gets.
  maxDownloads: z.number().nullish(),
});

// Attempts at an unused ID; see Uploads.begin for why a bound is enough.
const MAX_ID_ATTEMPTS = 10;

function toJson({ link, filesUploaded }: GuestLinkWithUsage, now: Date, maxDownloads: number | null) {
  return {
    id: link.id,
    label: link.label,
    maxFileBytes: link.maxFileBytes,
    maxFileUploads: link.maxFileUploads,
    creationTime: formatTimestamp(link.creationTime),
    urlExpirationTime: formatTimestamp(link.urlExpiration),
    fileLifetime: formatGoDuration(link.fileLifetimeMs),
    fileLifetimeName: lifetimeName(link.fileLifetimeMs),
    isDisabled: link.isDisabled,
    filesUploaded,
    isActive: isGuestLinkActive(link, filesUploaded, now),
    maxDownloads,
  };
}

const doc = (api: Omit<ApiOperation, 'tag'>) => ({ scope: 'admin' as const, api: { tag: 'guest links', ...api } });

/** Guest links for the owner: upstream A6-A9, plus a JSON list. */
export const guestLinkRoutes: FastifyPluginAsync<GuestLinkRouteOptions> = async (app, { store, clock }) => {
  acceptJsonOfAnyType(app);

  app.get('/api/guest-links', {
    config: doc({ summary: 'List guest links, newest first', query: pageQuerySchema, responses: { 200: { description: 'A page of guest links.', json: z.array(guestLinkJson), headers: pageHeaders }, 400: badRequest } }),
  }, async (request, reply) => {
    const now = clock.now();
    const page = store.guestLinks.listGuestLinks(now, pageQuery(request, timeRowidKey));
    const defaults = store.limits.guestLinkDefaults(page.items.map((l) => l.link.id));
    setPageHeaders(request, reply, page);
    return sendJson(reply, page.items.map((l) => toJson(l, now, defaults.get(l.link.id) ?? null)));
  });

  // One link's state, for the list page to refresh a row whatever page it is on.
  app.get('/api/guest-links/:id', {
    config: doc({ summary: 'One guest link', params: guestLinkIdParams, responses: { 200: { description: 'The link.', json: guestLinkJson }, 400: badRequest, 404: notFound('guest link') } }),
  }, async (request, reply) => {
    const id = guestLinkIdParam(request);
    const now = clock.now();
    const found = store.guestLinks.findGuestLink(id, now);
    if (!found) throw new HttpError(404, `Guest link with ID ${id} not found`);
    return sendJson(reply, toJson(found, now, store.limits.guestLinkMaxDownloads(id)));
  });

  app.post('/api/guest-links', {
    config: doc({
      summary: 'Create a guest link',
      description: 'Any content type is read as JSON.',
      body: { json: createBody },
      responses: { 200: { description: 'Created.', json: idJson }, 400: badRequest },
    }),
  }, async (request, reply) => {
    const now = clock.now();
    // Upstream's order: the body decodes, then label, URL expiration, file
    // lifetime, size cap, upload cap; the first failure wins.
    let maxDownloads: number | null = null;
    const link = withPrefix('Invalid request: ', (): Omit<GuestLink, 'id'> => {
      const body = parseWith(createBody, parseJson(request.body));
      const legacy = body.urlExpirationTime == null && body.expirationTime != null;
      const parsed = {
        label: parseLabel(body.label ?? ''),
        urlExpiration: parseExpiration((legacy ? body.expirationTime : body.urlExpirationTime) ?? '', now),
        fileLifetimeMs: legacy && body.fileLifetime == null ? INFINITE_LIFETIME_MS : parseFileLifetime(body.fileLifetime ?? ''),
        maxFileBytes: parseMaxFileBytes(body.maxFileBytes ?? null),
        maxFileUploads: parseMaxFileUploads(body.maxFileUploads ?? null),
        creationTime: truncateToSeconds(now),
        isDisabled: false,
      };
      maxDownloads = parseMaxDownloads(body.maxDownloads);
      return parsed;
    });
    for (let attempt = 0; attempt < MAX_ID_ATTEMPTS; attempt++) {
      const id = newGuestLinkId();
      if (store.guestLinks.findGuestLink(id, now)) continue;
      if (maxDownloads === null) await store.writer.call('insertGuestLink', { ...link, id });
      else await store.writer.call('insertLimitedGuestLink', { ...link, id }, maxDownloads);
      request.log.info({ guestLinkId: id }, 'guest link created');
      return sendJson(reply, { id });
    }
    throw new Error('could not find an unused guest link ID');
  });

  app.delete('/api/guest-links/:id', {
    config: doc({ summary: 'Delete a guest link', description: 'Files uploaded through it stay.', params: guestLinkIdParams, responses: { 200: ok(), 400: badRequest } }),
  }, async (request, reply) => {
    await store.writer.call('deleteGuestLink', guestLinkIdParam(request));
    return reply.send();
  });

  for (const action of ['enable', 'disable'] as const) {
    app.put(`/api/guest-links/:id/${action}`, {
      config: doc({ summary: `${action === 'enable' ? 'Enable' : 'Disable'} a guest link`, params: guestLinkIdParams, responses: { 204: ok(), 400: badRequest, 404: notFound('guest link') } }),
    }, async (request, reply) => {
      const id = guestLinkIdParam(request);
      if (!(await store.writer.call('setGuestLinkDisabled', id, action === 'disable'))) {
        throw new HttpError(404, `Guest link with ID ${id} not found`);
      }
      return reply.code(204).send();
    });
  }
};
