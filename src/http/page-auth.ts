import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Auth } from './auth.js';
import { HttpError } from './errors.js';

/** A path on this site to return to after logging in; anything else becomes `/`. */
export function safeNextPath(raw: string | undefined | null): string {
  // One leading slash only: `//host` and `/\host` would leave the site. Printable
  // ASCII only, as request URLs are: anything else cannot go in a Location header.
  return raw && /^\/(?![/\\])[!-~]*$/.test(raw) ? raw : '/';
}

/**
 * onRequest hook of the owner's pages. Upstream answers 401 in plain text; a
 * browser (it asks for HTML and sent no credentials) is sent to the login page
 * instead, which brings it back here afterwards. Scripts still get the 401.
 */
export function requireOwnerPage(auth: Auth) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    try {
      await auth.requireAuth(request, reply);
      return undefined;
    } catch (err) {
      const browser = (request.headers.accept ?? '').includes('text/html') && request.headers.authorization === undefined;
      if (!(err instanceof HttpError) || err.statusCode !== 401 || !browser) throw err;
      reply.headers(err.headers);
      return reply.redirect(`/login?next=${encodeURIComponent(request.url)}`, 303);
    }
  };
}
