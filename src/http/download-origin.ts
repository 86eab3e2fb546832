import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from './errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Where this server's download links point: `PS_DOWNLOAD_ORIGIN`, or the origin the request came to. */
    readonly downloadOrigin: string;
  }
}

/**
 * With `PS_DOWNLOAD_ORIGIN` (issue 12), files are served from a host name of
 * their own, so an uploaded page never shares an origin with the owner's pages
 * and cookie, whatever it contains. Without it, both are the request's origin.
 */
export function decorateDownloadOrigin(app: FastifyInstance, configured: string | undefined): void {
  app.decorateRequest('downloadOrigin', {
    getter(this: FastifyRequest) {
      return configured ?? `${this.protocol}://${this.host}`;
    },
  });
}

const hostOf = (origin: string): string => new URL(origin).host;

/** Whether a request arrived at the separate download host. */
export function onDownloadHost(request: FastifyRequest, configured: string | undefined): boolean {
  if (configured === undefined) return false;
  try {
    // Through URL, so `DL.example.com:443` over HTTPS is the same host as `dl.example.com`.
    return new URL(`${request.protocol}://${request.host}`).host === hostOf(configured);
  } catch {
    return false;
  }
}

/** onRequest hook of the download routes: on the admin host, a file's URL leads to the download host. */
export function redirectToDownloadHost(configured: string | undefined) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    if (configured === undefined || onDownloadHost(request, configured)) return undefined;
    return reply.redirect(`${configured}${request.url}`, 302);
  };
}

/** onRequest hook of everything else: the download host serves files and nothing more. */
export function refuseOnDownloadHost(configured: string | undefined) {
  return async (request: FastifyRequest): Promise<void> => {
    if (onDownloadHost(request, configured)) throw new HttpError(404, '404 page not found');
  };
}
