import type { IncomingMessage } from 'node:http';
import type { Writable } from 'node:stream';
import { HttpError } from './errors.js';
import type { GcPacer } from './gc-pacer.js';

/** The client went away mid-request; nobody is left to read the answer. */
export class RequestAbortedError extends HttpError {
  constructor() {
    super(400, 'request aborted');
  }
}

export interface BodyStream {
  /** Rejects with RequestAbortedError if the client hangs up before the end. */
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

/** Pipes a request body into `destination`, with backpressure, watching for aborts. */
export function pipeBody(raw: IncomingMessage, destination: Writable, gcPacer: GcPacer): BodyStream {
  let reject!: (err: unknown) => void;
  const aborted = new Promise<never>((_, r) => {
    reject = r;
  });
  aborted.catch(() => {});
  const onData = (data: Buffer): void => gcPacer.account(data.length);
  const onAbort = (): void => {
    if (!raw.complete) reject(new RequestAbortedError());
  };
  raw.on('data', onData);
  raw.on('close', onAbort);
  raw.on('error', onAbort);
  raw.pipe(destination);
  return {
    aborted,
    discard() {
      raw.unpipe(destination);
      raw.resume();
    },
    release() {
      raw.off('data', onData);
      raw.off('close', onAbort);
      raw.off('error', onAbort);
    },
  };
}
