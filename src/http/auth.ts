import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { covers, hashTokenSecret, isTokenLive, needsTouch, TOKEN_PATTERN, type RouteScope } from '../domain/api-token.js';
import type { Clock } from '../domain/clock.js';
import { hashSessionToken, newSessionToken, passphraseMatches, SESSION_LIFETIME_MS } from '../domain/passphrase.js';
import type { apiTokenReads } from '../store/api-tokens.js';
import type { sessionReads } from '../store/sessions.js';
import type { Writer } from '../store/writer.js';
import { clearSessionCookie, readCookie, SESSION_COOKIE, SESSION_MAX_AGE_SECONDS, sessionCookie } from './cookies.js';
import { HttpError } from './errors.js';
import type { FailureOutcome, FailureRateLimiter } from './rate-limit.js';

export interface AuthDeps {
  sharedSecret: string;
  sessions: ReturnType<typeof sessionReads>;
  apiTokens: ReturnType<typeof apiTokenReads>;
  writer: Writer;
  clock: Clock;
  limiter: FailureRateLimiter;
  events?: AuthEvents;
}

/** Told of wrong passphrases and refusals by the limiter (the metrics, issue 18). */
export interface AuthEvents {
  loginFailed(): void;
  rateLimited(limiter: 'login'): void;
}

export type Auth = ReturnType<typeof createAuth>;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What an owner route needs (issue 16); every route of the owner scope declares one. */
    scope?: RouteScope;
  }
  interface FastifyRequest {
    /** The name of the API token that authenticated the request, for the access log. */
    apiTokenName: string | null;
  }
}

export const decorateApiToken = (app: FastifyInstance): void => void app.decorateRequest('apiTokenName', null);

/**
 * onRoute hook of the owner scope: a route that forgot to say which scope it
 * needs fails at start-up, rather than being open to every token or none.
 */
export function requireDeclaredScope(route: { method: string | string[]; url: string; config?: { scope?: RouteScope } }): void {
  if (route.config?.scope === undefined) throw new Error(`owner route ${String(route.method)} ${route.url} declares no scope (config.scope)`);
}

/** The secret of an `Authorization: Bearer` header (RFC 6750). */
function bearerToken(request: FastifyRequest): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  return m ? m[1] : undefined;
}

const BEARER_CHALLENGE = 'Bearer realm="PicoShare"';

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

export function createAuth({ sharedSecret, sessions, apiTokens, writer, clock, limiter, events }: AuthDeps) {
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
      events?.rateLimited('login');
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
    events?.loginFailed();
    request.log.warn({ ip: request.clientIp, attemptsLeft: outcome.attemptsLeft, retryAfter: outcome.retryAfter }, 'wrong passphrase');
    return outcome;
  };

  /**
   * Authenticates a Bearer token for a route needing `needed`. Only unknown
   * secrets count against the rate limit: they are the guesses, while a revoked
   * or expired token is a script someone forgot, and must not lock the owner out
   * of logging in. A valid token is never refused by the limiter.
   */
  const checkToken = async (request: FastifyRequest, secret: string, needed: RouteScope): Promise<void> => {
    const now = clock.now();
    const token = TOKEN_PATTERN.test(secret) ? apiTokens.findApiTokenByHash(hashTokenSecret(secret)) : undefined;
    const challenge = { 'www-authenticate': `${BEARER_CHALLENGE}, error="invalid_token"` };
    if (!token) {
      checkRateLimit(request);
      limiter.recordFailure(request.clientIp);
      request.log.warn({ ip: request.clientIp }, 'unknown API token');
      throw new HttpError(401, 'invalid API token', challenge);
    }
    // Named in the log even when refused: the owner finds the forgotten script.
    request.apiTokenName = token.name;
    if (!isTokenLive(token, now)) throw new HttpError(401, token.revokedAt ? 'API token revoked' : 'API token expired', challenge);
    if (needed === 'owner') throw new HttpError(403, 'API tokens cannot manage tokens: use the owner\'s login session or passphrase');
    if (!covers(token.scope, needed)) {
      throw new HttpError(403, `API token scope "${token.scope}" does not cover this route: it needs "${needed}"`, {
        'www-authenticate': `${BEARER_CHALLENGE}, error="insufficient_scope", scope="${needed}"`,
      });
    }
    if (needsTouch(token, now)) {
      // "Last used" is a convenience: failing to record it must not fail the request.
      await writer.call('touchApiToken', token.id, now).catch((err: unknown) => request.log.warn({ err }, 'could not record token use'));
    }
  };

  return {
    /** Whether the request carries the owner's live session cookie (Basic auth is not looked at). */
    hasSession,

    /**
     * onRequest hook of the admin scopes: a live session, the passphrase by
     * Basic auth, or (where the route declares a scope) an API token that
     * covers it. Pages declare none and take no tokens.
     */
    async requireAuth(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
      if (hasSession(request)) return;
      const needed = request.routeOptions.config.scope;
      const bearer = bearerToken(request);
      if (bearer !== undefined && needed !== undefined) return checkToken(request, bearer, needed);
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
