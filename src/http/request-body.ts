import type { IncomingMessage } from 'node:http';
import type { FastifyRequest } from 'fastify';
import type { Writable } from 'node:stream';
import { BodyIdleError } from '../domain/errors.js';
import { HttpError } from './errors.js';
import type { GcPacer } from './gc-pacer.js';

/** The client went away mid-request; nobody is left to read the answer. */
export class RequestAbortedError extends HttpError {
  constructor() {
    super(400, 'request aborted');
  }
}

/** The body's size as the client declared it (Content-Length), if it did. */
export function declaredLength(request: FastifyRequest): number | undefined {
  const value = request.headers['content-length'];
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

/** How every upload path reads a request body. */
export interface BodyOptions {
  gcPacer: GcPacer;
  /** A body that sends nothing for this long fails with BodyIdleError (issue 10). */
  idleTimeoutMs: number;
}

export interface BodyStream {
  /** Rejects with RequestAbortedError if the client hangs up before the end, or BodyIdleError if it stalls. */
  aborted: Promise<never>;
  /**
   * Stops feeding the destination and throws away the rest of the body, so the
   * connection survives to carry the error answer. The request is never
   * destroyed here: that would reset the socket under the response.
   */
  discard(): void;
  /** Detaches the listeners once the body is handled. */
  release(): void;
}

/**
 * Pipes a request body into `destination`, with backpressure, watching for
 * aborts and stalls. The idle clock runs only while the server is waiting for
 * the client: while the destination is full (the database is behind), the
 * source is paused and the silence is ours, not the client's.
 */
export function pipeBody(raw: IncomingMessage, destination: Writable, { gcPacer, idleTimeoutMs }: BodyOptions): BodyStream {
  let reject!: (err: unknown) => void;
  const aborted = new Promise<never>((_, r) => {
    reject = r;
  });
  aborted.catch(() => {});
  let timer: NodeJS.Timeout | undefined;
  const disarm = (): void => clearTimeout(timer);
  const arm = (): void => {
    disarm();
    if (raw.complete) return;
    timer = setTimeout(() => reject(new BodyIdleError(Math.round(idleTimeoutMs / 1000))), idleTimeoutMs);
  };
  const onData = (data: Buffer): void => {
    gcPacer.account(data.length);
    arm();
  };
  const onAbort = (): void => {
    disarm();
    if (!raw.complete) reject(new RequestAbortedError());
  };
  raw.on('data', onData);
  raw.on('pause', disarm);
  raw.on('resume', arm);
  raw.on('end', disarm);
  raw.on('close', onAbort);
  raw.on('error', onAbort);
  raw.pipe(destination);
  arm();
  return {
    aborted,
    discard() {
      disarm();
      raw.off('resume', arm);
      raw.unpipe(destination);
      raw.resume();
    },
    release() {
      disarm();
      raw.off('data', onData);
      raw.off('pause', disarm);
      raw.off('resume', arm);
      raw.off('end', disarm);
      raw.off('close', onAbort);
      raw.off('error', onAbort);
    },
  };
}
