import type { FastifyPluginAsync } from 'fastify';
import type { Clock } from '../../domain/clock.js';
import { expirationAfterDays, parseExpiration } from '../../domain/expiration.js';
import { parseFilename } from '../../domain/filename.js';
import type { PassphraseHasher } from '../../domain/passphrase-hash.js';
import { parseUploadOptions } from '../../domain/upload-options.js';
import type { Store } from '../../store/store.js';
import { createdJson, expirationQuery, filenameParams, uploadErrors } from '../api-schemas.js';
import { acceptStreamedBodies } from '../body-parsers.js';
import { declaredLength, type BodyOptions } from '../request-body.js';
import { storeRawUpload } from '../raw-body.js';
import { sendCreated } from '../responses.js';
import { queryParam, withPrefix } from '../schemas.js';
import { entryLimitsOf, rawUploadOptions } from '../upload-limits.js';

export interface RawUploadRouteOptions {
  store: Store;
  clock: Clock;
  body: BodyOptions;
  hasher: PassphraseHasher;
}

/**
 * `curl -u :PASS -T file.iso https://host/` sends PUT /file.iso: the body is
 * the file, the path its name (decision U6).
 */
export const rawUploadRoutes: FastifyPluginAsync<RawUploadRouteOptions> = async (app, { store, clock, body, hasher }) => {
  acceptStreamedBodies(app);

  app.put('/:filename', {
    config: {
      scope: 'upload',
      api: {
        tag: 'files',
        summary: 'Upload a file as the raw body (curl -T)',
        params: filenameParams,
        query: expirationQuery(false, 'When the file expires; the settings\' default lifetime without it.'),
        body: { binary: 'The file\'s bytes.' },
        responses: {
          201: { description: 'Stored: the download link and a newline, or JSON with `Accept: application/json`.', text: true, json: createdJson },
          ...uploadErrors,
        },
      },
    },
  }, async (request, reply) => {
    const { filename: rawName } = request.params as { filename: string };
    const filename = withPrefix('invalid request: ', () => parseFilename(rawName));
    const requested = queryParam(request, 'expiration');
    const now = clock.now();
    // Optional here, unlike upstream's API: scripts get the owner's default.
    const expirationTime =
      requested !== undefined
        ? withPrefix('Invalid expiration URL parameter: ', () => parseExpiration(requested, now))
        : expirationAfterDays(store.settings.defaultLifetimeDays(), now);
    // Refused before the body is read; the passphrase is hashed before any byte is stored.
    const options = withPrefix('invalid request: ', () => parseUploadOptions(rawUploadOptions(request)));
    const limits = await entryLimitsOf(options, hasher);
    const upload = store.uploads.begin({ client: request.clientIp, path: 'raw', declaredBytes: declaredLength(request) });
    const entry = await storeRawUpload(request, upload, body, { filename, expirationTime, guestLinkId: null }, undefined, limits);
    return sendCreated(request, reply, entry);
  });
};
