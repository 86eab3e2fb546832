import type { FastifyInstance, FastifyRequest } from 'fastify';
import { markUploadRoutes } from './timeouts.js';

// Generous for every JSON body the API takes; refuses a bulk upload sent to the
// wrong endpoint without buffering it.
const JSON_BODY_LIMIT = 64 * 1024;

/**
 * Upstream decodes JSON whatever the Content-Type, and its own front end sends
 * text/plain (decision A3), so in this scope every body arrives as a string and
 * each route parses it with its own error wording.
 */
export function acceptJsonOfAnyType(app: FastifyInstance, bodyLimit = JSON_BODY_LIMIT): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit }, (_request, body, done) =>
    done(null, body),
  );
}

/**
 * The body as JSON, or a SyntaxError (an empty body is not JSON either). A
 * `null` body is an empty object, as Go decodes it into a struct of zero values.
 */
export function parseJson(body: unknown): unknown {
  return JSON.parse(typeof body === 'string' ? body : '') ?? {};
}

/**
 * Upload routes read request.raw themselves, as a stream, whatever its type:
 * nothing is parsed, buffered or size-limited on the way in.
 */
export function acceptStreamedBodies(app: FastifyInstance): void {
  markUploadRoutes(app);
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null));
}

const TOKEN = "[\\w!#$%&'*+.^`|~-]+";
const MEDIA_TYPE = new RegExp(`^\\s*${TOKEN}/${TOKEN}\\s*(;|$)`);

/**
 * onRequest hook. Fastify answers 415 to a Content-Type that is not
 * `type/subtype` before any route sees the body; upstream reads JSON whatever
 * the header says and refuses a non-multipart upload in its own words. So a
 * malformed header is dropped here and each route answers as upstream does.
 */
export async function dropMalformedContentType(request: FastifyRequest): Promise<void> {
  const contentType = request.headers['content-type'];
  if (contentType !== undefined && !MEDIA_TYPE.test(contentType)) delete request.headers['content-type'];
}
