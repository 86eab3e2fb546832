import { randomBytes } from 'node:crypto';

/** A fresh nonce for one response: 16 random bytes in base64, as upstream's. */
export const newNonce = (): string => randomBytes(16).toString('base64');

/**
 * The policy of every HTML page (picoshare.md §1.2), tightened: scripts run only
 * from this origin or with this response's nonce; styles come only from this
 * origin, since no page needs inline styles; no plugins, no <base>, forms post
 * only here, and no other site may frame a page (clickjacking).
 */
export function pageCsp(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self'",
    "img-src 'self' data:",
    "media-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ') + ';';
}
