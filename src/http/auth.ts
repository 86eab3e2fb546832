import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../domain/clock.js';
import { hashSessionToken, newSessionToken, passphraseMatches, SESSION_LIFETIME_MS } from '../domain/passphrase.js';
import type { sessionReads } from '../store/sessions.js';
import type { Writer } from '../store/writer.js';
import { clearSessionCookie, readCookie, SESSION_COOKIE, SESSION_MAX_AGE_SECONDS, sessionCookie } from './cookies.js';
import { HttpError } from './errors.js';
import type { FailureRateLimiter } from './rate-limit.js';

export interface AuthDeps {
  sharedSecret: string;
  sessions: ReturnType<typeof sessionReads>;
  writer: Writer;
  clock: Clock;
  limiter: FailureRateLimiter;
}

export type Auth = ReturnType<typeof createAuth>;

/** The password of an `Authorization: Basic` header; the user name is ignored (decision U6). */
function basicPassword(request: FastifyRequest): string | undefined {
  const m = /^Basic\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1 ? undefined : decoded.slice(colon + 1);
}

export function createAuth({ sharedSecret, sessions, writer, clock, limiter }: AuthDeps) {
  const tokenHash = (request: FastifyRequest): string | undefined => {
    const token = readCookie(request, SESSION_COOKIE);
    return token ? hashSessionToken(sharedSecret, token) : undefined;
  };

  const hasSession = (request: FastifyRequest): boolean => {
    const hash = tokenHash(request);
    return hash !== undefined && sessions.isSessionLive(hash, clock.now());
  };

  /** Throws 429 while the client has used up its failed attempts. */
  const checkRateLimit = (request: FastifyRequest): void => {
    const wait = limiter.retryAfter(request.clientIp);
    if (wait > 0) {
      throw new HttpError(429, 'too many failed attempts; try again later', { 'retry-after': String(wait) });
    }
  };

  /** Checks a passphrase attempt, counting failures against the client. */
  const verify = (request: FastifyRequest, attempt: string): boolean => {
    checkRateLimit(request);
    if (passphraseMatches(sharedSecret, attempt)) return true;
    limiter.recordFailure(request.clientIp);
    request.log.warn({ ip: request.clientIp }, 'wrong passphrase');
    return false;
  };

  return {
    /** Whether the request carries the owner's live session cookie (Basic auth is not looked at). */
    hasSession,

    /** onRequest hook of the admin scopes: a live session or the passphrase by Basic auth. */
    async requireAuth(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
      if (hasSession(request)) return;
      const password = basicPassword(request);
      if (password !== undefined && verify(request, password)) return;
      const headers: Record<string, string> = {};
      // Only a cookie that was sent and refused is cleared: a cross-site link
      // arrives without the (Strict) cookie and must not log the owner out.
      if (readCookie(request, SESSION_COOKIE) !== undefined) headers['set-cookie'] = clearSessionCookie(request);
      // Only scripts that tried Basic auth are told about it: the header would
      // make a browser pop up its own login box over the web page's.
      if (password !== undefined) headers['www-authenticate'] = 'Basic realm="PicoShare", charset="UTF-8"';
      throw new HttpError(401, 'Authentication required', headers);
    },

    /** Starts a session; returns its Set-Cookie value, or throws 401/429. */
    async login(request: FastifyRequest, attempt: string): Promise<string> {
      if (!verify(request, attempt)) throw new HttpError(401, 'incorrect shared secret');
      const token = newSessionToken();
      const now = clock.now();
      await writer.call('insertSession', hashSessionToken(sharedSecret, token), now, new Date(now.getTime() + SESSION_LIFETIME_MS));
      return sessionCookie(request, token, SESSION_MAX_AGE_SECONDS);
    },

    /** Ends the request's session, if any; returns the cookie-clearing Set-Cookie. */
    async logout(request: FastifyRequest): Promise<string> {
      const hash = tokenHash(request);
      if (hash) await writer.call('deleteSession', hash);
      return clearSessionCookie(request);
    },
  };
}
