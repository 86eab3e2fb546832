import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../domain/clock.js';
import { GuestLinkInactiveError, TooLargeError, ValidationError } from '../../domain/errors.js';
import { expirationAfterDays, parseExpiration } from '../../domain/expiration.js';
import { isGuestLinkActive, type GuestLink } from '../../domain/guest-link.js';
import { parseEntryId, type EntryId } from '../../domain/ids.js';
import type { PassphraseHasher } from '../../domain/passphrase-hash.js';
import { parseUploadOptions } from '../../domain/upload-options.js';
import type { TusUpload } from '../../domain/tus-upload.js';
import type { Store } from '../../store/store.js';
import { acceptStreamedBodies } from '../body-parsers.js';
import { HttpError } from '../errors.js';
import { guestLinkIdParam } from '../params.js';
import { declaredLength, type BodyOptions } from '../request-body.js';
import { origin } from '../responses.js';
import { withPrefix } from '../schemas.js';
import { tusApi } from '../tus/api.js';
import { parseUploadChecksum } from '../tus/checksum.js';
import { parseUploadMetadata, tusFileOf, type MetadataRules } from '../tus/metadata.js';
import { receivePatch, tooLargeFor } from '../tus/patch-body.js';
import {
  byteCountHeader,
  creationLength,
  hasUploadBody,
  requireTusVersion,
  sendCapabilities,
  TUS_VERSION,
  uploadHeaders,
} from '../tus/protocol.js';
import { entryLimitsOf, guestEntryLimits, metadataUploadOptions } from '../upload-limits.js';
import { guestExpiration } from './guest-upload.js';

export interface TusRouteOptions {
  store: Store;
  clock: Clock;
  body: BodyOptions;
  /** Hashes a file's passphrase (issue 15) before the upload is recorded. */
  hasher: PassphraseHasher;
  /** Registered under /api/guest/{id}/tus: the link in the path is the uploader's authority. */
  guest: boolean;
}

/** Who is uploading: the owner, or a guest through one link. */
interface Uploader {
  link: GuestLink | null;
  /** The link's stored files plus its uploads in progress, this one's included. */
  slotsTaken: number;
}

const notFound = () => new HttpError(404, 'upload not found');

/**
 * Resumable uploads, tus 1.0.0 (issue 13): POST creates, HEAD tells the
 * offset, PATCH appends, DELETE terminates. The upload's ID is the entry ID the
 * finished file gets. Implemented here rather than with @tus/server so that
 * every request goes through our admission, body pipeline, limits and auth.
 */
export const tusRoutes: FastifyPluginAsync<TusRouteOptions> = async (app, { store, clock, body, hasher, guest }) => {
  acceptStreamedBodies(app);
  app.addHook('onSend', async (_request, reply) => {
    reply.header('tus-resumable', TUS_VERSION);
  });

  function uploader(request: FastifyRequest): Uploader {
    if (!guest) return { link: null, slotsTaken: 0 };
    const found = store.guestLinks.findGuestLink(guestLinkIdParam(request), clock.now());
    if (!found) throw new HttpError(404, 'Invalid guest link ID');
    return { link: found.link, slotsTaken: found.filesUploaded + store.uploads.activeThrough(found.link.id) };
  }

  /** The upload in the path, if it exists, has not expired and belongs to this endpoint. */
  function findUpload(request: FastifyRequest, who: Uploader): TusUpload {
    const { uploadId } = request.params as { uploadId: string };
    let id: EntryId;
    try {
      id = parseEntryId(uploadId);
    } catch {
      throw notFound();
    }
    const upload = store.tus.find(id);
    if (!upload || upload.guestLinkId !== (who.link?.id ?? null)) throw notFound();
    return upload;
  }

  const location = (request: FastifyRequest, id: EntryId) => `${origin(request)}${request.url.split('?')[0]!.replace(/\/$/, '')}/${id}`;

  function metadataRules(link: GuestLink | null): MetadataRules {
    const now = clock.now();
    if (link) return { guest: true, expiration: (requested) => guestExpiration(link, requested, now) };
    return {
      guest: false,
      expiration: (requested) =>
        requested === undefined
          ? expirationAfterDays(store.settings.defaultLifetimeDays(), now)
          : withPrefix('Invalid expiration: ', () => parseExpiration(requested, now)),
    };
  }

  /** Streams this request's body into the upload; completes it on its last byte. Returns the offset. */
  async function append(request: FastifyRequest, upload: TusUpload, link: GuestLink | null): Promise<number> {
    const checksum = parseUploadChecksum(request.headers['upload-checksum'] as string | undefined);
    const declared = declaredLength(request);
    const cap = upload.length ?? link?.maxFileBytes ?? Number.POSITIVE_INFINITY;
    const message = tooLargeFor(link?.maxFileBytes ?? null, upload.length);
    // Refused unread: nothing of a body that cannot fit is stored.
    if (declared !== undefined && upload.offset + declared > cap) throw new TooLargeError(message);
    const write = await store.tus.open(upload, { client: request.clientIp, declaredBytes: declared, verify: checksum !== undefined });
    const offset = await receivePatch(request, write, body, { maxBytes: cap - upload.offset, tooLargeMessage: message, checksum });
    if (upload.length === null || offset < upload.length) {
      await write.suspend();
      return offset;
    }
    const entry = await write.complete(link?.maxFileUploads ?? null);
    request.log.info({ entryId: entry.id, bytes: entry.size, guestLinkId: entry.guestLinkId }, 'entry stored');
    return offset;
  }

  const withUploadHeaders = (reply: FastifyReply, upload: TusUpload) => uploadHeaders(reply, upload, store.tus.expiresAt(upload));
  // The owner's endpoint opens to API tokens of the upload scope (issue 16); a guest link is its own credential.
  const api = tusApi(guest);
  const config = (op: keyof typeof api) => ({ config: { api: api[op], ...(guest ? {} : { scope: 'upload' as const }) } });

  app.options('/', config('options'), async (request, reply) => {
    const { link } = uploader(request);
    return sendCapabilities(reply, link?.maxFileBytes ?? null);
  });

  app.post('/', config('post'), async (request, reply) => {
    requireTusVersion(request);
    const who = uploader(request);
    const { link } = who;
    if (link && !isGuestLinkActive(link, who.slotsTaken, clock.now())) throw new GuestLinkInactiveError();
    const length = creationLength(request);
    if (length === 0) throw new ValidationError('file must be non-empty');
    if (link?.maxFileBytes != null && length !== null && length > link.maxFileBytes) {
      throw new TooLargeError(tooLargeFor(link.maxFileBytes, null));
    }
    const metadata = withPrefix('invalid Upload-Metadata: ', () => parseUploadMetadata(request.headers['upload-metadata'] as string | undefined));
    const file = withPrefix('invalid Upload-Metadata: ', () => tusFileOf(metadata, metadataRules(link)));
    // Download limit and passphrase (issue 15), by the same rules as the other paths; hashed now, never stored in clear.
    const options = metadataUploadOptions(metadata);
    file.limits = link
      ? await guestEntryLimits(store.limits.guestLinkMaxDownloads(link.id), options, hasher)
      : await entryLimitsOf(withPrefix('invalid Upload-Metadata: ', () => parseUploadOptions(options)), hasher);
    // Hashing waited: the link is looked at afresh, so its check and the slot's taking stay together below.
    const fresh = uploader(request);
    if (fresh.link && !isGuestLinkActive(fresh.link, fresh.slotsTaken, clock.now())) throw new GuestLinkInactiveError();
    // Synchronous from the link's check to here: concurrent creations can't share a slot (decision U5).
    let upload = await store.tus.create({ client: request.clientIp, guestLinkId: link?.id ?? null, length, file });
    reply.code(201).header('location', location(request, upload.id));
    if (hasUploadBody(request)) {
      try {
        upload = { ...upload, offset: await append(request, upload, link) };
      } catch (err) {
        // The client never learns this upload's URL: nothing could resume it.
        await store.tus.terminate(upload).catch(() => {});
        throw err;
      }
      reply.header('upload-offset', String(upload.offset));
    }
    request.log.info({ uploadId: upload.id, length, guestLinkId: upload.guestLinkId }, 'resumable upload created');
    return withUploadHeaders(reply, upload).send();
  });

  app.head('/:uploadId', config('head'), async (request, reply) => {
    requireTusVersion(request);
    const upload = findUpload(request, uploader(request));
    return withUploadHeaders(reply, upload).header('upload-offset', String(upload.offset)).code(200).send();
  });

  app.patch('/:uploadId', config('patch'), async (request, reply) => {
    requireTusVersion(request);
    const who = uploader(request);
    let upload = findUpload(request, who);
    // Its own slot is among those taken; the link must still have room for it.
    if (who.link && !isGuestLinkActive(who.link, who.slotsTaken - 1, clock.now())) throw new GuestLinkInactiveError();
    if (!hasUploadBody(request)) throw new HttpError(415, `Content-Type must be application/offset+octet-stream`);
    const offset = byteCountHeader(request, 'upload-offset');
    if (offset === undefined) throw new HttpError(400, 'Upload-Offset header is required');
    if (offset !== upload.offset) {
      throw new HttpError(409, `wrong Upload-Offset: the upload is at ${upload.offset} bytes`, { 'upload-offset': String(upload.offset) });
    }
    const length = byteCountHeader(request, 'upload-length');
    if (length !== undefined && length !== upload.length) {
      if (upload.length !== null) throw new HttpError(400, 'Upload-Length cannot change once set');
      if (length < upload.offset || length === 0) throw new HttpError(400, 'invalid Upload-Length: less than the bytes already sent');
      if (who.link?.maxFileBytes != null && length > who.link.maxFileBytes) throw new TooLargeError(tooLargeFor(who.link.maxFileBytes, null));
      upload = await store.tus.setLength(upload, length);
    }
    const newOffset = await append(request, upload, who.link);
    return withUploadHeaders(reply, { ...upload, offset: newOffset }).header('upload-offset', String(newOffset)).code(204).send();
  });

  app.delete('/:uploadId', config('delete'), async (request, reply) => {
    requireTusVersion(request);
    const upload = findUpload(request, uploader(request));
    await store.tus.terminate(upload);
    request.log.info({ uploadId: upload.id }, 'resumable upload terminated');
    return reply.code(204).send();
  });
};
