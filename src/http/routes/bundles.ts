import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { bundleEntryIds, parseBundleTitle, type BundleSummary } from '../../domain/bundle.js';
import type { Clock } from '../../domain/clock.js';
import { parseEntryId, type BundleId, type EntryId } from '../../domain/ids.js';
import { timeIdKey } from '../../domain/page.js';
import { formatTimestamp } from '../../domain/time.js';
import type { Store } from '../../store/store.js';
import type { ApiOperation } from '../api-docs.js';
import { badRequest, bundleCreatedJson, bundleIdParams, bundleJson as bundleJsonSchema, notFound, ok, pageHeaders, pageQuerySchema } from '../api-schemas.js';
import { acceptJsonOfAnyType, parseJson } from '../body-parsers.js';
import { createBundle } from '../bundle-create.js';
import { HttpError } from '../errors.js';
import { pageQuery, setPageHeaders } from '../paging.js';
import { bundleIdParam } from '../params.js';
import { origin, sendJson } from '../responses.js';
import { parseWith, withPrefix } from '../schemas.js';

export interface BundleRouteOptions {
  store: Store;
  clock: Clock;
}

// A bundle of the largest size, as JSON: its IDs and their quotes and commas.
export const bundleRoutesBodyLimit = 2 * 1024 * 1024;

export const bundleBody = z.object({
  entryIds: z.array(z.string().max(64)).max(100_000),
  title: z.string().nullish(),
});

/** A bundle request's entries and title, or 400. */
export function parseBundleRequest(request: FastifyRequest): { entryIds: EntryId[]; title: string | null } {
  return withPrefix('invalid request: ', () => {
    const body = parseWith(bundleBody, parseJson(request.body));
    return { entryIds: bundleEntryIds(body.entryIds.map(parseEntryId)), title: parseBundleTitle(body.title) };
  });
}

export const bundleUrl = (request: FastifyRequest, id: BundleId): string => `${origin(request)}/b/${id}`;

const bundleJson = (b: BundleSummary) => ({
  id: b.id,
  title: b.title,
  createdTime: formatTimestamp(b.createdTime),
  fileCount: b.fileCount,
  guestLinkId: b.guestLinkId,
});

// Bundles are about files: a token of the files scope manages them (issue 16).
const doc = (api: Omit<ApiOperation, 'tag'>) => ({ scope: 'files' as const, api: { tag: 'bundles', ...api } });

/** The owner's bundles (issue 17): many files behind one link. */
export const bundleRoutes: FastifyPluginAsync<BundleRouteOptions> = async (app, { store, clock }) => {
  acceptJsonOfAnyType(app, bundleRoutesBodyLimit);

  app.post('/api/bundles', {
    config: doc({
      summary: 'Put files behind one link',
      description: 'GET /b/{id} is the recipients\' page, /b/{id}.zip every file as one stored zip.',
      body: { json: bundleBody },
      responses: { 200: { description: 'The new bundle.', json: bundleCreatedJson }, 400: badRequest },
    }),
  }, async (request, reply) => {
    const { entryIds, title } = parseBundleRequest(request);
    const id = await createBundle(store, clock, { entryIds, title, guestLinkId: null });
    request.log.info({ bundleId: id, files: entryIds.length }, 'bundle created');
    return sendJson(reply, { id, url: bundleUrl(request, id) });
  });

  app.get('/api/bundles', {
    config: doc({ summary: 'List bundles, newest first', query: pageQuerySchema, responses: { 200: { description: 'A page of bundles.', json: z.array(bundleJsonSchema), headers: pageHeaders }, 400: badRequest } }),
  }, async (request, reply) => {
    const page = store.bundles.listBundles(clock.now(), pageQuery(request, timeIdKey));
    setPageHeaders(request, reply, page);
    return sendJson(reply, page.items.map(bundleJson));
  });

  app.delete('/api/bundle/:id', {
    config: doc({ summary: 'Delete a bundle; its files stay', params: bundleIdParams, responses: { 200: ok(), 400: badRequest, 404: notFound('bundle') } }),
  }, async (request, reply) => {
    const id = bundleIdParam(request);
    if (!(await store.writer.call('deleteBundle', id))) throw new HttpError(404, 'bundle not found');
    request.log.info({ bundleId: id }, 'bundle deleted');
    return reply.send();
  });
};
