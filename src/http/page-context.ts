import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ViewContext } from '../../views/context.js';
import type { SafeHtml } from '../../views/html.js';
import type { Auth } from './auth.js';
import { newNonce, pageCsp } from './csp.js';
import { HttpError } from './errors.js';
import type { AssetCatalog } from './static-assets.js';

export interface Pages {
  /** The view context of one page response, with a fresh CSP nonce. */
  context(request: FastifyRequest, reply: FastifyReply): Promise<ViewContext>;
  /** Sends a rendered page with the CSP of its context's nonce. */
  send(reply: FastifyReply, ctx: ViewContext, page: SafeHtml, status?: number): FastifyReply;
}

/**
 * Whether the visitor is the owner. Goes through requireAuth so that a wrong
 * Basic-auth password sent to a page counts against the rate limit, as it does
 * on the API; 429 still propagates.
 */
export async function isOwner(auth: Auth, request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
  try {
    await auth.requireAuth(request, reply);
    return true;
  } catch (err) {
    if (err instanceof HttpError && err.statusCode === 401) return false;
    throw err;
  }
}

export function createPages(auth: Auth, assets: AssetCatalog): Pages {
  return {
    async context(request, reply) {
      return {
        nonce: newNonce(),
        signedIn: await isOwner(auth, request, reply),
        asset: (path) => assets.url(path),
        script: (entry) => assets.script(entry),
        downloadOrigin: request.downloadOrigin,
      };
    },
    send(reply, ctx, page, status = 200) {
      return reply
        .code(status)
        .type('text/html; charset=utf-8')
        .header('content-security-policy', pageCsp(ctx.nonce))
        // Guest link IDs in page URLs are secrets; keep them from other sites.
        .header('referrer-policy', 'same-origin')
        // Pages show live state (files, counts, sessions): always revalidate.
        .header('cache-control', 'no-cache')
        .send(page.markup);
    },
  };
}
