import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { Clock } from '../../domain/clock.js';
import { sha256Hex, type Digest } from '../../domain/digest.js';
import type { Entry } from '../../domain/entry.js';
import { downloadsLeft, type EntryLimitState } from '../../domain/entry-limits.js';
import type { PassphraseHasher } from '../../domain/passphrase-hash.js';
import { parseUploadOptions } from '../../domain/upload-options.js';
import { NEVER, parseExpiration } from '../../domain/expiration.js';
import { formatTimestamp } from '../../domain/time.js';
import { parseFilename } from '../../domain/filename.js';
import { parseNote } from '../../domain/note.js';
import { timeIdKey, timeRowidKey } from '../../domain/page.js';
import { removeEntry } from '../../store/entry-removal.js';
import type { Store } from '../../store/store.js';
import { badRequest, downloadJson, entryIdParams, entryJson as entrySchema, expirationQuery, idJson, notFound, ok, pageHeaders, pageQuerySchema, uploadErrors } from '../api-schemas.js';
import { acceptJsonOfAnyType, acceptStreamedBodies, parseJson } from '../body-parsers.js';
import { entryIdParam } from '../params.js';
import { HttpError } from '../errors.js';
import { declaredLength, type BodyOptions } from '../request-body.js';
import { receiveMultipart } from '../multipart.js';
import { pageQuery, searchQuery, setPageHeaders } from '../paging.js';
import { sendJson } from '../responses.js';
import { entryLimitsOf, LIMIT_FIELDS, multipartUploadOptions } from '../upload-limits.js';
import { limitChanges, limitEditFields } from '../limit-edits.js';
import { optionalString, parseWith, queryParam, withPrefix, withPrefixAsync } from '../schemas.js';

export interface EntryRouteOptions {
  store: Store;
  clock: Clock;
  body: BodyOptions;
  hasher: PassphraseHasher;
}

const editBody = z.object({ filename: optionalString, expiration: optionalString, note: optionalString, ...limitEditFields });
const uploadForm = z.object({
  file: z.string().meta({ contentMediaType: 'application/octet-stream' }).describe('The file; its part\'s filename names it.'),
  note: z.string().optional().describe('A note for the owner, shown in the file list.'),
  maxDownloads: z.string().regex(/^\d+$/).optional().describe('Whole downloads allowed, 1 to 1000; none means unlimited.'),
  passphrase: z.string().optional().describe('Recipients must give it to download; it is stored only as a scrypt hash.'),
});
const downloadsQuery = pageQuerySchema.extend({ unique: z.enum(['true', 'false']).optional().describe('`true`: one row per client IP and user agent.') });
const searchSchema = pageQuerySchema.extend({ q: z.string().max(255).optional().describe('Only files whose name or note contains this text.') });

const NO_LIMITS: EntryLimitState = { maxDownloads: null, downloadsCounted: 0, passphraseProtected: false };

const entryJson = (entry: Entry, downloads: number, digest: Digest | undefined, limits: EntryLimitState = NO_LIMITS) => ({
  id: entry.id,
  filename: entry.filename,
  size: entry.size,
  contentType: entry.contentType,
  uploadTime: formatTimestamp(entry.uploadTime),
  expirationTime: entry.expirationTime && formatTimestamp(entry.expirationTime),
  note: entry.note,
  guestLinkId: entry.guestLinkId,
  downloadCount: downloads,
  // Null until known: upstream's files get theirs from the backfill (issue 17).
  sha256: digest ? sha256Hex(digest) : null,
  maxDownloads: limits.maxDownloads,
  downloadsLeft: downloadsLeft(limits),
  passphraseProtected: limits.passphraseProtected,
});

/** The owner's file API: upload, edit, delete (upstream A3-A5). */
export const entryRoutes: FastifyPluginAsync<EntryRouteOptions> = async (app, { store, clock, body, hasher }) => {
  await app.register(async (uploads) => {
    acceptStreamedBodies(uploads);

    uploads.post('/api/entry', {
      config: {
        scope: 'upload',
        api: {
          tag: 'files',
          summary: 'Upload a file (multipart)',
          query: expirationQuery(true, 'When the file expires; 2999-12-31T00:00:00Z for never.'),
          body: { multipart: uploadForm },
          responses: { 200: { description: 'Stored.', json: idJson }, ...uploadErrors },
        },
      },
    }, async (request, reply) => {
      const expiration = withPrefix('Invalid expiration URL parameter: ', () =>
        parseExpiration(queryParam(request, 'expiration') ?? '', clock.now()),
      );
      const upload = store.uploads.begin({ client: request.clientIp, path: 'multipart', declaredBytes: declaredLength(request) });
      const file = await withPrefixAsync('invalid request: ', () =>
        receiveMultipart(request, {
          upload,
          body,
          fields: ['note', ...LIMIT_FIELDS],
          checkField: (name, value) => {
            if (name === 'note') parseNote(value);
            else parseUploadOptions({ [name]: value });
          },
        }),
      );
      try {
        const options = withPrefix('invalid request: ', () => parseUploadOptions(multipartUploadOptions(file.fields)));
        const entry = await upload.commit(
          {
            filename: file.filename,
            contentType: file.contentType,
            expirationTime: expiration,
            guestLinkId: null,
            note: parseNote(file.fields.get('note')),
          },
          null,
          await entryLimitsOf(options, hasher),
        );
        request.log.info({ entryId: entry.id, bytes: entry.size }, 'entry stored');
        return sendJson(reply, { id: entry.id });
      } finally {
        // A no-op once committed; otherwise deletes what was written.
        await upload.abort();
      }
    });
  });

  await app.register(async (edits) => {
    acceptJsonOfAnyType(edits);

    edits.get('/api/entries', {
      config: {
        scope: 'files',
        api: {
          tag: 'files',
          summary: 'List files, newest first',
          query: searchSchema,
          responses: { 200: { description: 'A page of files.', json: z.array(entrySchema), headers: pageHeaders }, 400: badRequest },
        },
      },
    }, async (request, reply) => {
      const page = store.entries.listEntries(clock.now(), { ...pageQuery(request, timeIdKey), search: searchQuery(request) });
      const ids = page.items.map((e) => e.id);
      const counts = store.downloads.downloadCounts(ids);
      const digests = store.digests.digestsOf(ids);
      const limits = store.limits.limitsOf(ids);
      setPageHeaders(request, reply, page);
      return sendJson(reply, page.items.map((e) => entryJson(e, counts.get(e.id) ?? 0, digests.get(e.id), limits.get(e.id))));
    });

    edits.get('/api/entry/:id/downloads', {
      config: {
        scope: 'files',
        api: {
          tag: 'files',
          summary: 'A file\'s download history, newest first',
          params: entryIdParams,
          query: downloadsQuery,
          responses: { 200: { description: 'A page of downloads.', json: z.array(downloadJson), headers: pageHeaders }, 400: badRequest, 404: notFound('file') },
        },
      },
    }, async (request, reply) => {
      const id = entryIdParam(request);
      const query = pageQuery(request, timeRowidKey);
      if (!store.entries.findEntry(id, clock.now())) throw new HttpError(404, 'entry not found');
      const page = store.downloads.listDownloads(id, { ...query, unique: queryParam(request, 'unique') === 'true' });
      setPageHeaders(request, reply, page);
      return sendJson(
        reply,
        page.items.map((d) => ({ time: formatTimestamp(d.time), clientIp: d.clientIp, userAgent: d.userAgent })),
      );
    });

    edits.put('/api/entry/:id', {
      config: {
        scope: 'files',
        api: {
          tag: 'files',
          summary: 'Edit a file\'s name, expiration and note',
          description: 'An empty or missing expiration means never. Any content type is read as JSON.',
          params: entryIdParams,
          body: { json: editBody },
          responses: { 200: ok(), 400: badRequest, 404: notFound('file') },
        },
      },
    }, async (request, reply) => {
      const id = entryIdParam(request);
      const { changes, limits } = withPrefix('Bad request: ', () => {
        const body = parseWith(editBody, parseJson(request.body));
        return {
          changes: {
            filename: parseFilename(body.filename),
            // No expiration means "never", as upstream's edit form sends it.
            expirationTime: body.expiration === '' ? NEVER : parseExpiration(body.expiration, clock.now()),
            note: parseNote(body.note),
          },
          limits: body,
        };
      });
      // An expired file is gone (decision D1), even before cleanup deletes it.
      if (!store.entries.findEntry(id, clock.now())) throw new HttpError(404, 'Invalid entry ID');
      const limitUpdate = await withPrefixAsync('Bad request: ', () => limitChanges(limits, hasher));
      const updated = await store.writer.call('updateEntry', id, changes);
      if (updated && limitUpdate) await store.writer.call('updateEntryLimits', id, limitUpdate);
      if (!updated) throw new HttpError(404, 'Invalid entry ID');
      return reply.send();
    });

    edits.delete('/api/entry/:id', {
      config: {
        scope: 'files',
        api: { tag: 'files', summary: 'Delete a file', description: 'Deleting a file that does not exist succeeds.', params: entryIdParams, responses: { 200: ok(), 400: badRequest } },
      },
    }, async (request, reply) => {
      const id = entryIdParam(request);
      const removed = await removeEntry(store.writer, id);
      if (removed.rows > 0) request.log.info({ entryId: id, ...removed }, 'entry deleted');
      return reply.send();
    });
  });
};
