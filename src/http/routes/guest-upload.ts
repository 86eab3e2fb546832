import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Clock } from '../../domain/clock.js';
import { GuestLinkInactiveError, TooLargeError, ValidationError } from '../../domain/errors.js';
import { NEVER, parseExpiration } from '../../domain/expiration.js';
import { parseFilename } from '../../domain/filename.js';
import { isGuestLinkActive, type GuestLink } from '../../domain/guest-link.js';
import { isInfiniteLifetime } from '../../domain/lifetime.js';
import type { PassphraseHasher } from '../../domain/passphrase-hash.js';
import { parseUploadOptions, type RawUploadOptions } from '../../domain/upload-options.js';
import { formatTimestamp, truncateToSeconds } from '../../domain/time.js';
import type { Entry } from '../../domain/entry.js';
import { guestUploadEvent } from '../../notify/file-events.js';
import type { Notifier } from '../../notify/notifier.js';
import type { Store } from '../../store/store.js';
import { textError } from '../api-docs.js';
import { createdJson, expirationQuery, filenameParams, guestLinkIdParams, uploadErrors } from '../api-schemas.js';
import { acceptStreamedBodies } from '../body-parsers.js';
import { ByteLimit } from '../byte-limit.js';
import { HttpError } from '../errors.js';
import { declaredLength, type BodyOptions } from '../request-body.js';
import { receiveMultipart } from '../multipart.js';
import { guestLinkIdParam } from '../params.js';
import { storeRawUpload } from '../raw-body.js';
import { fullLink, sendCreated, sendJson, shortLink } from '../responses.js';
import { queryParam, withPrefix, withPrefixAsync } from '../schemas.js';
import { guestEntryLimits, LIMIT_FIELDS, multipartUploadOptions, rawUploadOptions } from '../upload-limits.js';

export interface GuestUploadRouteOptions {
  store: Store;
  clock: Clock;
  body: BodyOptions;
  /** Tells the owner about each guest upload (issue 18). */
  notifier?: Pick<Notifier, 'notify'>;
  hasher: PassphraseHasher;
}

// Multipart framing around a guest's file is a few hundred bytes; a body this
// much bigger than the cap cannot hold an acceptable file and is refused unread.
const MULTIPART_SLACK_BYTES = 1024 * 1024;

const tooLarge = (link: GuestLink) => `file too large: this guest link accepts files up to ${link.maxFileBytes} bytes`;

/** The expiration a guest asked for, within the link's file lifetime (upstream A11). */
export function guestExpiration(link: GuestLink, requested: string | undefined, now: Date): Date {
  const infinite = isInfiniteLifetime(link.fileLifetimeMs);
  const limit = truncateToSeconds(new Date(now.getTime() + link.fileLifetimeMs));
  if (requested === undefined || requested === '') return infinite ? NEVER : limit;
  return withPrefix('Invalid expiration: ', () => {
    const expiration = parseExpiration(requested, now);
    if (!infinite && expiration > limit) {
      throw new ValidationError(
        `requested expiration time of ${formatTimestamp(expiration)} is beyond guest link's limit: ${formatTimestamp(limit)}`,
      );
    }
    return expiration;
  });
}

/** Upstream answers curl users with the short link as text, and JSON only on an exact Accept. */
function sendGuestResult(request: FastifyRequest, reply: FastifyReply, id: string): FastifyReply {
  if (request.headers.accept === 'application/json') return sendJson(reply, { id });
  return reply.type('text/plain; charset=utf-8').send(`${shortLink(request, id as never)}\r\n`);
}

/** Public uploads through a guest link: POST /api/guest/{id} and PUT /g/{id}/{filename}. */
export const guestUploadRoutes: FastifyPluginAsync<GuestUploadRouteOptions> = async (app, { store, clock, body, notifier, hasher }) => {
  // Queued, so the guest's answer never waits for the owner's receiver.
  const notify = (request: FastifyRequest, entry: Entry, link: GuestLink) =>
    notifier?.notify(guestUploadEvent(entry, link, fullLink(request, entry.id, entry.filename)));

  acceptStreamedBodies(app);

  /**
   * A guest's limit and passphrase. The link's default download limit applies
   * when the guest sets none, and caps what the guest sets (issue 15).
   */
  const guestLimits = (link: GuestLink, raw: RawUploadOptions) => guestEntryLimits(store.limits.guestLinkMaxDownloads(link.id), raw, hasher);

  /**
   * Validates the link and takes one of its upload slots. Synchronous from the
   * lookup to uploads.begin(), so concurrent requests can't claim the same
   * slot; the commit re-checks in the database (decision U5).
   */
  function claimSlot(request: FastifyRequest, declaredFileBytes: (link: GuestLink) => boolean) {
    const id = guestLinkIdParam(request);
    const now = clock.now();
    const found = store.guestLinks.findGuestLink(id, now);
    if (!found) throw new HttpError(404, 'Invalid guest link ID');
    const { link, filesUploaded } = found;
    if (!isGuestLinkActive(link, filesUploaded + store.uploads.activeThrough(id), now)) throw new GuestLinkInactiveError();
    const expirationTime = guestExpiration(link, queryParam(request, 'expiration'), now);
    if (link.maxFileBytes !== null && declaredFileBytes(link)) throw new TooLargeError(tooLarge(link));
    return { link, expirationTime, upload: store.uploads.begin({ client: request.clientIp, path: 'guest', guestLinkId: id, declaredBytes: declaredLength(request) }) };
  }

  const limits = (link: GuestLink) => () => (link.maxFileBytes === null ? [] : [new ByteLimit(link.maxFileBytes, tooLarge(link))]);

  const guestErrors = { ...uploadErrors, 401: textError('Guest link is no longer active'), 404: textError('Invalid guest link ID') };
  const uploadForm = z.object({ file: z.string().meta({ contentMediaType: 'application/octet-stream' }).describe('The file; its part\'s filename names it.') });

  app.post('/api/guest/:id', {
    config: {
      api: {
        tag: 'guest uploads',
        summary: 'Upload a file through a guest link (multipart)',
        description: 'Public: the guest link ID is the credential.',
        params: guestLinkIdParams,
        query: expirationQuery(false, 'When the file expires, within the link\'s file lifetime; the longest allowed without it.'),
        body: { multipart: uploadForm },
        responses: {
          200: { description: 'Stored: the short link and CRLF, or JSON `{"id"}` with `Accept: application/json`.', text: true, json: z.object({ id: z.string() }) },
          ...guestErrors,
        },
      },
    },
  }, async (request, reply) => {
    const { link, expirationTime, upload } = claimSlot(request, (l) => (declaredLength(request) ?? 0) > l.maxFileBytes! + MULTIPART_SLACK_BYTES);
    try {
      const file = await withPrefixAsync('invalid request: ', () =>
        receiveMultipart(request, {
          upload,
          body,
          filters: limits(link),
          fields: ['note', ...LIMIT_FIELDS],
          checkField: (name, value) => {
            if (name === 'note' && value !== '') throw new ValidationError('guest uploads cannot have file notes');
            if (name !== 'note') parseUploadOptions({ [name]: value });
          },
        }),
      );
      const entry = await upload.commit(
        { filename: file.filename, contentType: file.contentType, expirationTime, guestLinkId: link.id, note: null },
        link.maxFileUploads,
        await guestLimits(link, multipartUploadOptions(file.fields)),
      );
      request.log.info({ entryId: entry.id, bytes: entry.size, guestLinkId: link.id }, 'entry stored');
      notify(request, entry, link);
      return sendGuestResult(request, reply, entry.id);
    } finally {
      // Frees the slot; a no-op once committed.
      await upload.abort();
    }
  });

  app.put('/g/:id/:filename', {
    config: {
      api: {
        tag: 'guest uploads',
        summary: 'Upload a file through a guest link as the raw body',
        description: 'Public: the guest link ID is the credential.',
        params: guestLinkIdParams.extend(filenameParams.shape),
        query: expirationQuery(false, 'When the file expires, within the link\'s file lifetime.'),
        body: { binary: 'The file\'s bytes.' },
        responses: {
          201: { description: 'Stored: the download link and a newline, or JSON with `Accept: application/json`.', text: true, json: createdJson },
          ...guestErrors,
        },
      },
    },
  }, async (request, reply) => {
    const { filename: rawName } = request.params as { filename: string };
    const filename = withPrefix('invalid request: ', () => parseFilename(rawName));
    // Here Content-Length is the file's size, so an oversized file is refused unread.
    const { link, expirationTime, upload } = claimSlot(request, (l) => (declaredLength(request) ?? 0) > l.maxFileBytes!);
    try {
      const entryLimits = await guestLimits(link, rawUploadOptions(request));
      const entry = await storeRawUpload(
        request,
        upload,
        body,
        { filename, expirationTime, guestLinkId: link.id },
        { maxUploads: link.maxFileUploads, filters: limits(link)() },
        entryLimits,
      );
      notify(request, entry, link);
      return sendCreated(request, reply, entry);
    } finally {
      await upload.abort();
    }
  });
};
