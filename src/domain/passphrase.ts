import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SESSION_LIFETIME_MS = 30 * 24 * 3_600_000;

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** Constant-time comparison, whatever the lengths (decision A2). */
export function passphraseMatches(secret: string, attempt: string): boolean {
  return timingSafeEqual(digest(secret), digest(attempt));
}

export const newSessionToken = (): string => randomBytes(32).toString('base64url');

/**
 * What the database keeps of a session token. Keyed with the passphrase, so a
 * new passphrase invalidates every session, and a copy of the database alone
 * does not let anyone log in.
 */
export function hashSessionToken(secret: string, token: string): string {
  return createHmac('sha256', secret).update(token).digest('hex');
}
