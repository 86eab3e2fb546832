import { finished } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { ValidationError } from '../domain/errors.js';
import type { Upload } from '../store/uploads.js';
import type { GcPacer } from './gc-pacer.js';
import { pipeBody } from './request-body.js';

/**
 * Streams a request body, as sent by `curl -T`, into an upload. On failure the
 * upload is aborted (decision U3) and the rest of the body discarded.
 */
export async function receiveRawBody(request: FastifyRequest, upload: Upload, gcPacer: GcPacer): Promise<void> {
  const body = pipeBody(request.raw, upload.sink, gcPacer);
  try {
    await Promise.race([finished(upload.sink), body.aborted]);
    if (upload.size === 0) throw new ValidationError('file must be non-empty');
  } catch (err) {
    body.discard();
    await upload.abort();
    throw err;
  } finally {
    body.release();
  }
}
