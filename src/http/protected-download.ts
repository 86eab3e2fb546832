import type { FastifyReply, FastifyRequest } from 'fastify';
import type { EntryId } from '../domain/ids.js';
import type { ViewContext } from '../../views/context.js';
import { fileUnlockPage } from '../../views/pages/file-unlock.js';
import { newNonce, pageCsp } from './csp.js';
import { HttpError } from './errors.js';
import { basicPassword, type FileUnlock } from './file-unlock.js';
import type { AssetCatalog } from './static-assets.js';

export interface ProtectedDownloadDeps {
  unlock: FileUnlock;
  /** The owner's session (cookie only: a Basic password here is the file's). */
  hasSession(request: FastifyRequest): boolean;
  assets: AssetCatalog;
}

const REALM = 'Basic realm="PicoShare protected file", charset="UTF-8"';

// A browser asks for pages; curl, wget and media players do not (as page-auth.ts decides).
const prefersHtml = (request: FastifyRequest) => (request.headers.accept ?? '').includes('text/html');

export function sendUnlockPage(
  deps: ProtectedDownloadDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  error?: string,
): FastifyReply {
  const ctx: ViewContext = {
    nonce: newNonce(),
    signedIn: deps.hasSession(request),
    asset: (path) => deps.assets.url(path),
    script: (entry) => deps.assets.script(entry),
    downloadOrigin: request.downloadOrigin,
  };
  const page = fileUnlockPage(ctx, { action: request.url.split('?')[0]!, ...(error ? { error } : {}) });
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('content-security-policy', pageCsp(ctx.nonce))
    .header('cache-control', 'no-store')
    .send(page.markup);
}

/**
 * Lets a request for a passphrase-protected file through (returns false), or
 * answers it (returns true: a reply is thenable, so it cannot be returned
 * through a promise) (issue 15): the owner's session, an unlock cookie and a right
 * Basic password pass; a browser gets the unlock page, anything else 401 with
 * a Basic challenge, so `curl -u :PASSPHRASE` works.
 */
export async function guardProtected(
  deps: ProtectedDownloadDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  id: EntryId,
  hash: string,
): Promise<boolean> {
  if (deps.hasSession(request) || deps.unlock.isUnlocked(request, id, hash)) return false;
  const password = basicPassword(request);
  if (password !== undefined) {
    if (await deps.unlock.tryPassphrase(request, id, hash, password)) return false;
    throw new HttpError(401, 'wrong passphrase', { 'www-authenticate': REALM });
  }
  if (prefersHtml(request)) {
    sendUnlockPage(deps, request, reply, 401);
    return true;
  }
  throw new HttpError(401, 'passphrase required', { 'www-authenticate': REALM });
}
