import type { Transform } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { guessContentType, uploadContentType } from '../domain/content-type.js';
import type { Entry } from '../domain/entry.js';
import type { EntryLimits } from '../domain/entry-limits.js';
import { ValidationError } from '../domain/errors.js';
import type { UploadMetadata, Upload } from '../store/uploads.js';
import { expectedSha256 } from './digest-fields.js';
import { pipeBody, type BodyOptions } from './request-body.js';
import { withPrefixAsync } from './schemas.js';

/**
 * Streams a request body, as `curl -T` sends it, into an upload. On failure the
 * upload is aborted (decision U3) and the rest of the body discarded.
 */
async function receiveRawBody(request: FastifyRequest, upload: Upload, options: BodyOptions, filters: Transform[]): Promise<void> {
  // The request itself stays out of pipeline(): destroying it would reset the
  // socket under the error answer.
  const body = pipeBody(request.raw, filters[0] ?? upload.sink, options);
  const stored = filters.length > 0 ? pipeline([...filters, upload.sink]) : finished(upload.sink);
  // Refused before the body ends (a malformed digest field), nobody awaits it.
  stored.catch(() => {});
  try {
    // Checked before a byte is kept: a malformed field stops the upload at once.
    const expected = expectedSha256(request.headers);
    await Promise.race([stored, body.aborted]);
    if (upload.size === 0) throw new ValidationError('file must be non-empty');
    // Before the commit, so a damaged upload never becomes a file (issue 17).
    const actual = upload.sink.digest?.finish().sha256;
    if (expected && actual && !expected.equals(actual)) {
      throw new ValidationError(`digest mismatch: the body's sha-256 is :${actual.toString('base64')}:, not :${expected.toString('base64')}:`);
    }
  } catch (err) {
    body.discard();
    await upload.abort();
    throw err;
  } finally {
    body.release();
  }
}

/** Receives a raw upload and stores it as an entry (decision U6). */
export async function storeRawUpload(
  request: FastifyRequest,
  upload: Upload,
  options: BodyOptions,
  metadata: Omit<UploadMetadata, 'contentType' | 'note'>,
  guest: { maxUploads: number | null; filters: Transform[] } = { maxUploads: null, filters: [] },
  limits?: EntryLimits,
): Promise<Entry> {
  await withPrefixAsync('invalid request: ', () => receiveRawBody(request, upload, options, guest.filters));
  const entry = await upload.commit(
    {
      ...metadata,
      // `curl -T` sends no type at all; the name says more than nothing.
      contentType: uploadContentType(request.headers['content-type'], metadata.filename) || guessContentType(metadata.filename),
      note: null,
    },
    guest.maxUploads,
    limits,
  );
  request.log.info({ entryId: entry.id, bytes: entry.size, guestLinkId: entry.guestLinkId }, 'entry stored');
  return entry;
}
