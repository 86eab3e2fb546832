import type { FastifyReply } from 'fastify';

// A year, as the HSTS preload list asks.
const HSTS = 'max-age=31536000';

/**
 * Headers every response carries (issue 12): nothing this server sends is to
 * be sniffed into another type, and a browser that reached it over HTTPS keeps
 * using HTTPS. `request.protocol` follows X-Forwarded-Proto only from trusted
 * proxies, so a client cannot ask for HSTS on a plain-HTTP server.
 */
export function addSecurityHeaders(reply: FastifyReply): void {
  reply.header('x-content-type-options', 'nosniff');
  if (reply.request.protocol === 'https') reply.header('strict-transport-security', HSTS);
}
