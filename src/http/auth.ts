import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../domain/clock.js';
import { hashSessionToken, newSessionToken, passphraseMatches, SESSION_LIFETIME_MS } from '../domain/passphrase.js';
import type { sessionReads } from '../store/sessions.js';
import type { Writer } from '../store/writer.js';
import { clearSessionCookie, readCookie, SESSION_COOKIE, SESSION_MAX_AGE_SECONDS, sessionCookie } from './cookies.js';
import { HttpError } from './errors.js';
import type { FailureOutcome, FailureRateLimiter } from './rate-limit.js';

export interface AuthDeps {
  sharedSecret: string;
  sessions: ReturnType<typeof sessionReads>;
  writer: Writer;
  clock: Clock;
  limiter: FailureRateLimiter;
}

export type Auth = ReturnType<typeof createAuth>;

/** Scripts learn of a wait that a failure started before their next try is refused. */
const waitHeaders = (outcome: FailureOutcome): Record<string, string> =>
  outcome.retryAfter > 0 ? { 'retry-after': String(outcome.retryAfter) } : {};

/** A wrong passphrase at login (upstream's 401), with what the client has left before a wait. */
export class WrongPassphraseError extends HttpError {
  override name = 'WrongPassphraseError';
  constructor(readonly outcome: FailureOutcome) {
    super(401, 'incorrect shared secret', waitHeaders(outcome));
  }
}

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

  /** Checks a passphrase attempt, counting failures against the client; undefined when it matches. */
  const verify = (request: FastifyRequest, attempt: string): FailureOutcome | undefined => {
    checkRateLimit(request);
    if (passphraseMatches(sharedSecret, attempt)) {
      limiter.recordSuccess(request.clientIp);
      return undefined;
    }
    const outcome = limiter.recordFailure(request.clientIp);
    request.log.warn({ ip: request.clientIp, attemptsLeft: outcome.attemptsLeft, retryAfter: outcome.retryAfter }, 'wrong passphrase');
    return outcome;
  };

  return {
    hasSession,

    /** onRequest hook of the admin scopes: a live session or the passphrase by Basic auth. */
    async requireAuth(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
      if (hasSession(request)) return;
      const password = basicPassword(request);
      const failure = password === undefined ? undefined : verify(request, password);
      if (password !== undefined && failure === undefined) return;
      const headers: Record<string, string> = failure ? waitHeaders(failure) : {};
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
      const failure = verify(request, attempt);
      if (failure) throw new WrongPassphraseError(failure);
      const token = newSessionToken();
      const now = clock.now();
      await writer.call('insertSession', hashSessionToken(sharedSecret, token), now, new Date(now.getTime() + SESSION_LIFETIME_MS));
      return sessionCookie(request, token, SESSION_MAX_AGE_SECONDS);
    },

    /** Wrong passphrases the client may still send before a wait starts. */
    attemptsLeft(request: FastifyRequest): number {
      return limiter.attemptsLeft(request.clientIp);
    },

    /** Ends the request's session, if any; returns the cookie-clearing Set-Cookie. */
    async logout(request: FastifyRequest): Promise<string> {
      const hash = tokenHash(request);
      if (hash) await writer.call('deleteSession', hash);
      return clearSessionCookie(request);
    },
  };
}
