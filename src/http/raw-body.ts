import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { ValidationError } from '../domain/errors.js';
import type { Upload } from '../store/uploads.js';
import type { GcPacer } from './gc-pacer.js';
import { RequestAbortedError } from './multipart.js';

/**
 * Streams a request body, as sent by `curl -T`, into an upload. On failure the
 * upload is aborted (decision U3) and the rest of the body discarded.
 */
export async function receiveRawBody(request: FastifyRequest, upload: Upload, gcPacer: GcPacer): Promise<void> {
  const onData = (data: Buffer): void => gcPacer.account(data.length);
  request.raw.on('data', onData);
  try {
    await pipeline(request.raw, upload.sink);
  } catch (err) {
    request.raw.resume();
    await upload.abort();
    throw request.raw.complete ? err : new RequestAbortedError();
  } finally {
    request.raw.off('data', onData);
  }
  if (upload.size === 0) {
    await upload.abort();
    throw new ValidationError('file must be non-empty');
  }
}
