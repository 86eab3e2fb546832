import { STATUS_CODES } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export interface TimeoutOptions {
  /** A socket with no traffic either way for this long is closed (a client that stopped reading, say). */
  socketIdleMs: number;
  /** Time a client has to send a whole request, except to the upload routes. */
  requestTimeoutMs: number;
}

/** Marks the routes of a scope as uploads: they time out only by their own idle clock. */
export function markUploadRoutes(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    route.config = { ...(route.config as object | undefined), upload: true } as typeof route.config;
  });
}

const isUpload = (request: FastifyRequest): boolean =>
  (request.routeOptions.config as { upload?: boolean } | undefined)?.upload === true;

function refuseSlowRequest(request: FastifyRequest, reply: FastifyReply): void {
  const socket = request.raw.socket;
  if (socket.destroyed || request.raw.complete) return;
  request.log.info({ method: request.method, url: request.url }, 'request body too slow; connection closed');
  if (!reply.raw.headersSent && socket.writable) {
    const body = `${STATUS_CODES[408]}\n`;
    socket.write(
      `HTTP/1.1 408 ${STATUS_CODES[408]}\r\nContent-Type: text/plain; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/**
 * Bounds how long a client can hold a connection without making progress
 * (issue 10). Node's own requestTimeout cannot be used: it would cut off every
 * upload that takes longer than it. So every socket gets an inactivity
 * timeout, and a request other than an upload must arrive whole in time.
 * Uploads keep their socket for as long as they last: a socket paused because
 * the database is behind is silent through no fault of the client's, and the
 * upload's own idle clock (request-body.ts) catches a client that stalls.
 */
export function installTimeouts(app: FastifyInstance, { socketIdleMs, requestTimeoutMs }: TimeoutOptions): void {
  app.server.setTimeout(socketIdleMs);
  // Headers dribbled in byte by byte: Node checks this every 30 s or so.
  app.server.headersTimeout = requestTimeoutMs;
  app.addHook('onRequest', async (request, reply) => {
    const socket = request.raw.socket;
    if (isUpload(request)) {
      // app.inject()'s stand-in socket has no timers.
      if (typeof socket?.setTimeout !== 'function') return;
      // Restored once the answer is out, for the keep-alive connection's next request.
      socket.setTimeout(0);
      reply.raw.once('close', () => {
        if (!socket.destroyed) socket.setTimeout(socketIdleMs);
      });
      return;
    }
    if (request.raw.complete) return;
    const timer = setTimeout(() => refuseSlowRequest(request, reply), requestTimeoutMs);
    const clear = (): void => clearTimeout(timer);
    request.raw.once('end', clear);
    reply.raw.once('close', clear);
  });
}
