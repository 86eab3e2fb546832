import { z } from 'zod';
import { textError, type ApiOperation, type ApiResponse } from '../api-docs.js';
import { guestLinkIdParams } from '../api-schemas.js';
import { TUS_EXTENSIONS, TUS_VERSION } from './protocol.js';

// The tus endpoints' entries in the OpenAPI document (issue 16): the protocol
// lives in headers, so the headers are what is described.

const version = z.literal(TUS_VERSION).describe('The protocol version; another answers 412.');
const offset = z.string().regex(/^\d+$/).describe('Bytes of the upload already stored.');
const uploadIdParams = z.object({ uploadId: z.string().describe('The upload\'s ID, which is the finished file\'s entry ID.') });

const TAG = 'resumable uploads (tus)';
const GUEST_NOTE = ' Public: the guest link ID is the credential, and the link\'s limits apply.';

const uploadHeaders = {
  'tus-resumable': `Always ${TUS_VERSION}.`,
  'upload-expires': 'When the upload is deleted if it makes no progress (RFC 9110 date).',
};

const errors: Record<number, ApiResponse> = {
  400: textError('A malformed header or metadata; the message names it.'),
  404: textError('No such upload (or guest link), or it expired.'),
  412: { ...textError(`The request did not name tus ${TUS_VERSION}.`), headers: { 'tus-version': 'The version this server speaks.' } },
};

const bodyErrors: Record<number, ApiResponse> = {
  408: textError('The body stopped arriving; what came is kept.'),
  409: { ...textError('Upload-Offset is not where the upload stands.'), headers: { 'upload-offset': 'Where it stands.' } },
  413: textError('More bytes than Upload-Length, the guest link\'s size cap or the quota allow.'),
  415: textError('The body is not application/offset+octet-stream.'),
  423: textError('Another request is writing this upload now.'),
  460: textError('The body does not match its Upload-Checksum; nothing of it was kept.'),
  503: { ...textError('Too many uploads at once, or too many unfinished ones.'), headers: { 'retry-after': 'Seconds to wait.' } },
  507: textError('insufficient storage'),
};

/** The OpenAPI description of each tus route, for the owner's endpoint or a guest link's. */
export function tusApi(guest: boolean): Record<'options' | 'post' | 'head' | 'patch' | 'delete', ApiOperation> {
  const note = guest ? GUEST_NOTE : '';
  const base = guest ? guestLinkIdParams : z.object({});
  const withUpload = base.extend(uploadIdParams.shape);
  const who = guest ? ' through a guest link' : '';
  return {
    options: {
      tag: TAG,
      summary: `What the tus endpoint${who} supports`,
      ...(guest ? { params: base } : {}),
      responses: {
        204: {
          description: 'Capabilities.',
          headers: {
            'tus-version': TUS_VERSION,
            'tus-extension': TUS_EXTENSIONS,
            'tus-checksum-algorithm': 'The algorithms Upload-Checksum may name.',
            'tus-max-size': 'The largest upload allowed, when there is a cap.',
          },
        },
      },
    },
    post: {
      tag: TAG,
      summary: `Create a resumable upload${who}`,
      description:
        'Upload-Metadata carries `filename` (required), `filetype`, `expiration` (RFC 3339)' +
        (guest ? '' : ' and `note`') +
        ', each base64. A body of type application/offset+octet-stream is the first bytes (creation-with-upload).' +
        note,
      ...(guest ? { params: base } : {}),
      headers: z.object({
        'tus-resumable': version,
        'upload-length': z.string().regex(/^\d+$/).optional().describe('The file\'s size in bytes.'),
        'upload-defer-length': z.literal('1').optional().describe('Instead of Upload-Length: the size is given by a later PATCH.'),
        'upload-metadata': z.string().describe('Comma-separated `key base64value` pairs.'),
      }),
      responses: {
        201: { description: 'Created; continue with PATCH at Location.', headers: { ...uploadHeaders, location: 'The upload URL; it ends in the entry ID.', 'upload-offset': 'With creation-with-upload: bytes stored.' } },
        ...errors,
        ...bodyErrors,
      },
    },
    head: {
      tag: TAG,
      summary: `Where a resumable upload${who} stands`,
      ...(note ? { description: note.trim() } : {}),
      params: withUpload,
      headers: z.object({ 'tus-resumable': version }),
      responses: {
        200: { description: 'The upload.', headers: { ...uploadHeaders, 'upload-offset': 'Bytes stored.', 'upload-length': 'The file\'s size, once known.' } },
        ...errors,
      },
    },
    patch: {
      tag: TAG,
      summary: `Append bytes to a resumable upload${who}`,
      description: 'The last byte completes the upload: the file is then at /-{uploadId}.' + note,
      params: withUpload,
      headers: z.object({
        'tus-resumable': version,
        'upload-offset': offset,
        'upload-length': z.string().regex(/^\d+$/).optional().describe('Sets a deferred length.'),
        'upload-checksum': z.string().optional().describe('`sha1 <base64>` or `sha256 <base64>` of this body.'),
      }),
      body: { binary: 'The next bytes, as application/offset+octet-stream.' },
      responses: {
        204: { description: 'Stored.', headers: { ...uploadHeaders, 'upload-offset': 'Bytes stored now.' } },
        ...errors,
        ...bodyErrors,
      },
    },
    delete: {
      tag: TAG,
      summary: `Cancel a resumable upload${who}`,
      description: 'Its stored bytes are deleted at once (termination).' + note,
      params: withUpload,
      headers: z.object({ 'tus-resumable': version }),
      responses: { 204: { description: 'Deleted.' }, ...errors, 423: bodyErrors[423]! },
    },
  };
}
