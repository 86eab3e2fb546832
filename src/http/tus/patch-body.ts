import type { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { BodyIdleError } from '../../domain/errors.js';
import type { TusWrite } from '../../store/tus-store.js';
import { ByteLimit } from '../byte-limit.js';
import { HttpError } from '../errors.js';
import { pipeBody, RequestAbortedError, type BodyOptions } from '../request-body.js';
import type { ChecksumTap } from './checksum.js';

export interface PatchLimits {
  /** Most bytes this request may add. */
  maxBytes: number;
  tooLargeMessage: string;
  checksum: ChecksumTap | undefined;
}

/**
 * Streams one request's body into a resumable upload and returns the new
 * offset. A client that goes away keeps what it sent (the next request
 * continues from there) unless a checksum covers the body: bytes that cannot
 * be verified are thrown away, as are bytes that fail it (460).
 */
export async function receivePatch(request: FastifyRequest, write: TusWrite, options: BodyOptions, limits: PatchLimits): Promise<number> {
  const filters: Transform[] = [new ByteLimit(limits.maxBytes, limits.tooLargeMessage)];
  if (limits.checksum) filters.push(limits.checksum);
  // The request stays out of pipeline(): destroying it would reset the socket under the answer.
  const body = pipeBody(request.raw, filters[0]!, options);
  const stored = pipeline([...filters, write.sink]);
  stored.catch(() => {});
  try {
    await Promise.race([stored, body.aborted]);
  } catch (err) {
    body.discard();
    const cutOff = err instanceof RequestAbortedError || err instanceof BodyIdleError;
    if (cutOff && !write.verify) {
      // What arrived is kept, its partial last chunk included.
      filters[0]!.end();
      await stored.catch(() => {});
    }
    await (write.verify ? write.reject() : write.suspend());
    throw err;
  } finally {
    body.release();
  }
  if (limits.checksum && !limits.checksum.matches()) {
    await write.reject();
    throw new HttpError(460, 'checksum mismatch: nothing was stored; send these bytes again');
  }
  return write.accept();
}

export const tooLargeFor = (maxFileBytes: number | null, length: number | null) =>
  length !== null
    ? `upload exceeds its length: Upload-Length is ${length} bytes`
    : `file too large: this guest link accepts files up to ${maxFileBytes} bytes`;
