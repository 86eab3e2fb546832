import { ValidationError } from './errors.js';

const MAX_FILENAME_BYTES = 255;
// Path separators and the whitespace controls that break headers and listings
// (upstream's list); other characters, Unicode included, are fine.
const ILLEGAL = /[\\/\x07-\x0d]/;

export function parseFilename(raw: string): string {
  if (raw === '') throw new ValidationError('filename must be non-empty');
  if (Buffer.byteLength(raw) > MAX_FILENAME_BYTES) throw new ValidationError('filename too long');
  if (raw === '.' || raw.startsWith('..')) throw new ValidationError('filename cannot begin with dots');
  if (ILLEGAL.test(raw)) throw new ValidationError('illegal characters in filename');
  return raw;
}

/**
 * The last path element of a client-supplied name, as Go's filepath.Base does on
 * Linux before upstream validates it (RFC 7578 §4.2: drop any directory part).
 */
export function baseName(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  if (trimmed === '') return path === '' ? '.' : '/';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}
