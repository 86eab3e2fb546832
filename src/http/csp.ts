import { randomBytes } from 'node:crypto';

/** A fresh nonce for one response: 16 random bytes in base64, as upstream's. */
export const newNonce = (): string => randomBytes(16).toString('base64');

/**
 * The policy of every HTML page (picoshare.md §1.2), tightened by issue 12:
 * scripts and stylesheets run only with this response's nonce, never merely
 * for coming from this origin, because uploads are served from this origin
 * too and a guest's `.js` or `.css` must not become the page's. The nonce'd
 * modules load their imports through 'strict-dynamic'. No plugins, no <base>,
 * forms post only here, and no other site may frame a page (clickjacking).
 */
export function pageCsp(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'nonce-${nonce}' 'strict-dynamic'`,
    `style-src 'nonce-${nonce}'`,
    "img-src 'self' data:",
    "media-src 'self' data:",
    // The service worker (/sw.js, issue 14); 'strict-dynamic' covers scripts only.
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ') + ';';
}

// Types a browser shows without running anything of the file's own: pictures
// (not SVG, which is a document that can hold script), sound, video, PDF (the
// viewer is the browser's, in its own process) and plain text.
const PASSIVE = /^(image\/(?!svg)[\w.+-]+|audio\/[\w.+-]+|video\/[\w.+-]+|application\/pdf|text\/plain)$/;

/**
 * The policy of a download, by the type it is served as (issue 12).
 *
 * Anything that could be a document with script (HTML, SVG, XML, and every
 * type not known to be passive) is sandboxed: it runs no script and is an
 * opaque origin, so it can neither act as this site nor read its cookie, and
 * loads nothing at all (`default-src 'none'`), not even a tracking pixel that
 * would tell a third party who looked; its own inline styles and data: images
 * still render.
 *
 * Passive media get no sandbox: Chromium plays a sandboxed video only from an
 * opaque origin, which turns its own range requests cross-origin and breaks
 * playback and seeking. They may load only from this origin (the file itself),
 * and run no script of their own.
 */
export function downloadCsp(contentType: string): string {
  const essence = contentType.split(';', 1)[0]!.trim().toLowerCase();
  if (PASSIVE.test(essence)) {
    return "default-src 'none'; img-src 'self'; media-src 'self'; object-src 'self'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";
  }
  return "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";
}
