import type { FastifyRequest } from 'fastify';
import { errorPage } from '../../views/pages/error.js';
import { prefersHtml } from './accept.js';
import { newNonce, pageCsp } from './csp.js';
import { onDownloadHost } from './download-origin.js';
import type { AssetCatalog } from './static-assets.js';

export interface ErrorPageDeps {
  assets: AssetCatalog;
  /** Whether the request carries the owner's live session: decides the navigation. */
  hasSession(request: FastifyRequest): boolean;
  downloadOrigin: string | undefined;
}

/** A rendered error page and the headers it needs. */
export interface RenderedErrorPage {
  markup: string;
  headers: Record<string, string>;
}

/** Turns any status and message into a page, for the requests that should get one. */
export type ErrorPages = (request: FastifyRequest, status: number, message: string) => RenderedErrorPage | undefined;

/**
 * Error pages for people (issue 14): a browser opening a link gets a page in
 * the site's look; everything else keeps upstream's plain text, as do all but
 * GET and HEAD (a form or script posting there reads the text). The download
 * host serves no pages (or their stylesheets), so it answers in text too.
 */
export function createErrorPages({ assets, hasSession, downloadOrigin }: ErrorPageDeps): ErrorPages {
  return (request, status, message) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return undefined;
    if (!prefersHtml(request) || onDownloadHost(request, downloadOrigin)) return undefined;
    let signedIn = false;
    try {
      signedIn = hasSession(request);
    } catch {
      // A failing session read must not turn an error page into a crash.
    }
    const nonce = newNonce();
    const ctx = { nonce, signedIn, asset: (path: string) => assets.url(path), script: (entry: string) => assets.script(entry), downloadOrigin: request.downloadOrigin };
    return {
      markup: errorPage(ctx, status, message).markup,
      headers: {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': pageCsp(nonce),
        'referrer-policy': 'same-origin',
        'cache-control': 'no-store',
      },
    };
  };
}
