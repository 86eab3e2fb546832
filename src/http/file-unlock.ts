import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Clock } from '../domain/clock.js';
import type { EntryId } from '../domain/ids.js';
import type { PassphraseHasher } from '../domain/passphrase-hash.js';
import { readCookie } from './cookies.js';
import { HttpError } from './errors.js';
import type { GuessLimiter } from './guess-limiter.js';

// A few hours: long enough to watch a film with pauses, short enough that a
// shared computer forgets.
export const UNLOCK_LIFETIME_SECONDS = 4 * 3600;

export interface FileUnlockDeps {
  /** Drawn once per database (migration 018, server_secrets). */
  secret: string;
  clock: Clock;
  hasher: PassphraseHasher;
  limiter: GuessLimiter;
}

export type FileUnlock = ReturnType<typeof createFileUnlock>;

/** The password of an `Authorization: Basic` header (`curl -u :PASSPHRASE`). */
export function basicPassword(request: FastifyRequest): string | undefined {
  const m = /^Basic\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1 ? undefined : decoded.slice(colon + 1);
}

/**
 * Passphrase-protected files (issue 15): checking a guess, rate-limited per
 * file and client, and the signed per-file cookie a right guess earns. The
 * signature covers the stored hash, so a new passphrase voids every cookie.
 */
export function createFileUnlock({ secret, clock, hasher, limiter }: FileUnlockDeps) {
  const cookieName = (id: EntryId) => `unlock_${id}`;
  const sign = (id: EntryId, expires: number, hash: string) =>
    createHmac('sha256', secret).update(`${id}\n${expires}\n${hash}`).digest('base64url');

  return {
    /** Whether the request carries a live unlock cookie for this file and passphrase. */
    isUnlocked(request: FastifyRequest, id: EntryId, hash: string): boolean {
      const value = readCookie(request, cookieName(id));
      const m = value && /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(value);
      if (!m) return false;
      const expires = Number(m[1]);
      if (expires * 1000 <= clock.now().getTime()) return false;
      return timingSafeEqual(Buffer.from(m[2]!), Buffer.from(sign(id, expires, hash)));
    },

    /** Set-Cookie for a file just unlocked. */
    cookieFor(request: FastifyRequest, id: EntryId, hash: string): string {
      const expires = Math.floor(clock.now().getTime() / 1000) + UNLOCK_LIFETIME_SECONDS;
      const secure = request.protocol === 'https' ? '; Secure' : '';
      // Lax: a link to the file followed from elsewhere still finds it unlocked.
      return `${cookieName(id)}=${expires}.${sign(id, expires, hash)}; Path=/; Max-Age=${UNLOCK_LIFETIME_SECONDS}; HttpOnly; SameSite=Lax${secure}`;
    },

    /** Checks a guess; throws 429 while this client has used up its wrong guesses at this file. */
    async tryPassphrase(request: FastifyRequest, id: EntryId, hash: string, attempt: string): Promise<boolean> {
      const wait = limiter.retryAfter(id, request.clientIp);
      if (wait > 0) throw new HttpError(429, 'too many wrong passphrases; try again later', { 'retry-after': String(wait) });
      if (await hasher.verify(attempt, hash)) return true;
      limiter.recordFailure(id, request.clientIp);
      request.log.warn({ entryId: id, ip: request.clientIp }, 'wrong file passphrase');
      return false;
    },
  };
}
