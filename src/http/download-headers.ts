import { guessContentType, isMediaType } from '../domain/content-type.js';

/**
 * `inline; filename="…"; filename*=UTF-8''…` (decision D2): the quoted form is an
 * ASCII stand-in for old clients, the extended form carries the real name, so
 * quotes, control characters and any script are safe.
 */
export function contentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `inline; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/**
 * The stored type as uploaded; when it says nothing (empty or generic binary),
 * a guess from the extension, as upstream makes; else generic binary. A stored
 * type that is not a well-formed media type (upstream stored them verbatim) is
 * guessed too.
 */
export function downloadContentType(stored: string, filename: string): string {
  const generic = stored === '' || /^application\/octet-stream\s*(;|$)/i.test(stored);
  if (!generic && isMediaType(stored.trim())) return stored.trim();
  return guessContentType(filename);
}
