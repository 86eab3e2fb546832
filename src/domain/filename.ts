import { ValidationError } from './errors.js';

const MAX_FILENAME_BYTES = 255;
// Path separators (upstream's list) and, since issue 12, every C0 control and
// DEL, which break headers, logs and the sqlite3 shell, and the bidirectional
// controls that make `report\u202Efdp.exe` read as `reportexe.pdf`. Other
// characters, Unicode included, are fine.
const ILLEGAL = /[\\/\x00-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]/;

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
