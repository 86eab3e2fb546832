import type { FastifyRequest } from 'fastify';
import { HttpError } from './errors.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** `scheme://host[:port]` with the default port dropped, or undefined if it is not one. */
function originOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return /^https?:$/.test(parsed.protocol) ? parsed.origin : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a browser says the request was sent by another site's page. */
function crossSite(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  const site = request.headers['sec-fetch-site'];
  // A share from another app (the Web Share Target, issue 14) is a navigation
  // the person started outside any page: Chromium may give it an opaque origin,
  // but says it came from no site at all. Another site's sandboxed frame also
  // sends `null`, with `cross-site`, and stays refused.
  if (origin === 'null' && site === 'none') return false;
  if (origin !== undefined) {
    // `null` is an opaque origin: a sandboxed page, a file, a redirect chain.
    const own = originOf(`${request.protocol}://${request.host}`);
    return own === undefined || originOf(origin) !== own;
  }
  // Browsers that omit Origin still say where a request comes from. `same-site`
  // is refused too: a sibling host name, such as a separate download host
  // serving uploads, is not this site's pages.
  return site !== undefined && site !== 'same-origin' && site !== 'none';
}

/**
 * onRequest hook: a state-changing request from a browser must come from a page
 * of this origin, whatever it carries (cookie, Basic credentials, nothing: a
 * cross-site login would let any page lock the owner out or guess for it). The
 * comparison takes scheme, host and port. Clients that send neither header,
 * such as curl, are not browsers and pass (decision A3, issue 12).
 */
export async function requireSameOrigin(request: FastifyRequest): Promise<void> {
  if (SAFE_METHODS.has(request.method)) return;
  if (crossSite(request)) throw new HttpError(403, 'cross-origin request refused');
}
