import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';

// Scopes nest: each covers everything the ones before it do (issue 16).
export const TOKEN_SCOPES = ['upload', 'files', 'admin'] as const;
export const tokenScope = z.enum(TOKEN_SCOPES);
export type TokenScope = z.infer<typeof tokenScope>;

/**
 * What an owner route requires: a token scope, or `owner`, which no token has
 * (managing tokens takes the owner's own credentials).
 */
export type RouteScope = TokenScope | 'owner';

export const covers = (held: TokenScope, needed: TokenScope): boolean =>
  TOKEN_SCOPES.indexOf(held) >= TOKEN_SCOPES.indexOf(needed);

export type ApiTokenId = string & { readonly __brand: 'ApiTokenId' };

export interface ApiToken {
  id: ApiTokenId;
  name: string;
  scope: TokenScope;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

export const TOKEN_PREFIX = 'psk_';
// The prefix makes a leaked token easy to recognise (and to scan for).
export const TOKEN_PATTERN = /^psk_[A-Za-z0-9_-]{43}$/;

export const newTokenSecret = (): string => `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
export const newApiTokenId = (): ApiTokenId => randomBytes(8).toString('hex') as ApiTokenId;
export const apiTokenId = z.string().regex(/^[0-9a-f]{16}$/, 'invalid token ID');

/** What the database keeps of a token: a plain SHA-256, enough for 256 random bits. */
export const hashTokenSecret = (secret: string): string => createHash('sha256').update(secret, 'utf8').digest('hex');

export const isTokenLive = (token: ApiToken, now: Date): boolean =>
  token.revokedAt === null && (token.expiresAt === null || token.expiresAt.getTime() > now.getTime());

// Writing "last used" on every request would make each script call a write.
export const LAST_USED_RESOLUTION_MS = 60_000;

export const needsTouch = (token: ApiToken, now: Date): boolean =>
  token.lastUsedAt === null || now.getTime() - token.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS;
