import type { FastifyRequest } from 'fastify';
import { readCookie, SESSION_COOKIE } from './cookies.js';
import { HttpError } from './errors.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A state-changing request that carries the session cookie must come from a
 * page of this site, or from a client that sends no Origin at all, such as curl
 * (decision A3). SameSite=Strict already keeps the cookie off most cross-site
 * requests; this also covers sibling subdomains and older browsers.
 */
export async function requireSameOrigin(request: FastifyRequest): Promise<void> {
  if (SAFE_METHODS.has(request.method)) return;
  const origin = request.headers.origin;
  if (origin === undefined || readCookie(request, SESSION_COOKIE) === undefined) return;
  let host: string | undefined;
  try {
    host = new URL(origin).host;
  } catch {
    host = undefined;
  }
  if (host !== request.host) throw new HttpError(403, 'cross-origin request refused');
}
