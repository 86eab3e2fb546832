import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DiskFullError, GuestLinkInactiveError, NotFoundError, TooLargeError, ValidationError } from '../domain/errors.js';

/** An error whose status and client-facing message a route chose itself. */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly statusCode: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** The one place that maps errors to HTTP statuses. */
export function statusOf(err: unknown): number {
  if (err instanceof HttpError) return err.statusCode;
  if (err instanceof ValidationError) return 400;
  if (err instanceof NotFoundError) return 404;
  if (err instanceof GuestLinkInactiveError) return 401;
  if (err instanceof TooLargeError) return 413;
  if (err instanceof DiskFullError) return 507;
  const code = (err as { statusCode?: unknown } | null)?.statusCode;
  return typeof code === 'number' && code >= 400 && code < 600 ? code : 500;
}

/**
 * Errors go out as upstream sends them: plain text with a trailing newline, never
 * JSON. Server-side failures are logged in full and answered without details
 * (no SQL, no stack traces: decision A4).
 */
export function sendError(reply: FastifyReply, err: unknown): FastifyReply {
  const status = statusOf(err);
  let message: string;
  if (err instanceof DiskFullError) message = err.message;
  else if (status >= 500) message = 'internal server error';
  else message = (err as Error).message;
  if (err instanceof HttpError) reply.headers(err.headers);
  return reply
    .code(status)
    .header('content-type', 'text/plain; charset=utf-8')
    .header('x-content-type-options', 'nosniff')
    .send(`${message}\n`);
}

export function errorHandler(err: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): void {
  const status = statusOf(err);
  if (status >= 500) request.log.error({ err }, 'request failed');
  else request.log.debug({ err }, 'request rejected');
  void sendError(reply, err);
}
