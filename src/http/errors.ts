import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorPages } from './error-pages.js';
import { addSecurityHeaders } from './security-headers.js';
import {
  BodyIdleError,
  DiskFullError,
  GuestLinkInactiveError,
  QuotaExceededError,
  TooLargeError,
  BusyError,
  UploadLockedError,
  ValidationError,
} from '../domain/errors.js';

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
  if (err instanceof GuestLinkInactiveError) return 401;
  if (err instanceof TooLargeError) return 413;
  if (err instanceof DiskFullError || err instanceof QuotaExceededError) return 507;
  if (err instanceof BusyError) return 503;
  if (err instanceof BodyIdleError) return 408;
  if (err instanceof UploadLockedError) return 423;
  const code = (err as { statusCode?: unknown } | null)?.statusCode;
  return typeof code === 'number' && code >= 400 && code < 600 ? code : 500;
}

const isLoadRefusal = (err: unknown): boolean =>
  err instanceof BusyError || err instanceof QuotaExceededError || err instanceof DiskFullError;

/**
 * Errors go out as upstream sends them: plain text with a trailing newline, never
 * JSON; a browser opening a page gets the same status as a page (`pages`,
 * issue 14). Server-side failures are logged in full and answered without
 * details (no SQL, no stack traces: decision A4).
 */
export function sendError(reply: FastifyReply, err: unknown, pages?: ErrorPages): FastifyReply {
  const status = statusOf(err);
  let message: string;
  if (err instanceof DiskFullError || err instanceof QuotaExceededError || err instanceof BusyError) message = err.message;
  else if (status >= 500) message = 'internal server error';
  else message = (err as Error).message;
  if (err instanceof HttpError) reply.headers(err.headers);
  if (err instanceof BusyError) reply.header('retry-after', String(err.retryAfterSeconds));
  // The body of a refused or stalled upload is not read: closing the connection
  // stops the client from sending it, rather than the server reading it to the end.
  if (err instanceof BusyError || err instanceof BodyIdleError) reply.header('connection', 'close');
  // Fastify's own refusals (frameworkErrors) skip the onSend hooks that add these.
  addSecurityHeaders(reply);
  const page = pages?.(reply.request, status, message);
  if (page) return reply.code(status).headers(page.headers).send(page.markup);
  return reply
    .code(status)
    .header('content-type', 'text/plain; charset=utf-8')
    .send(`${message}\n`);
}

export function errorHandler(err: FastifyError | Error, request: FastifyRequest, reply: FastifyReply, pages?: ErrorPages): void {
  const status = statusOf(err);
  // A server at its caps or out of room is working as designed: one line, no stack.
  if (isLoadRefusal(err)) request.log.warn({ status, reason: (err as Error).message }, 'request refused');
  else if (status >= 500) request.log.error({ err }, 'request failed');
  else request.log.debug({ err }, 'request rejected');
  void sendError(reply, err, pages);
}

/** The error handler of the routes, with error pages for browsers. */
export const errorHandlerWithPages =
  (pages: ErrorPages) =>
  (err: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): void =>
    errorHandler(err, request, reply, pages);

/**
 * Node's clientError: a request too malformed to reach Fastify. Answered as Go's
 * server does, `400 Bad Request` in plain text, and the connection closed.
 */
export function rejectMalformedRequest(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const body = `${status} ${STATUS_CODES[status]}\n`;
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: text/plain; charset=utf-8\r\nX-Content-Type-Options: nosniff\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}
