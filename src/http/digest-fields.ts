import { ValidationError } from '../domain/errors.js';

// Integrity fields (RFC 9530): `Content-Digest` and `Repr-Digest` are
// structured-field dictionaries (RFC 8941 §3.2) of algorithm → byte sequence,
// e.g. `sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:`.

const KEY = /^[a-z*][a-z0-9_\-.*]*$/;
const BYTE_SEQUENCE = /^:([A-Za-z0-9+/]*={0,2}):$/;
const SHA256_BYTES = 32;

/** Splits a dictionary into members at the commas outside quoted strings. */
function members(field: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < field.length; i++) {
    const c = field[i]!;
    if (quoted && c === '\\') {
      current += c + (field[i + 1] ?? '');
      i++;
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (c === ',' && !quoted) {
      out.push(current.trim());
      current = '';
    } else current += c;
  }
  if (quoted) throw new ValidationError('malformed digest field: unterminated string');
  out.push(current.trim());
  return out;
}

/**
 * The SHA-256 a digest field states, if any. Other algorithms are ignored, as
 * RFC 9530 §2 lets a recipient do; a field that is not a well-formed
 * dictionary, or a sha-256 that is not 32 bytes of base64, is refused.
 */
export function parseSha256Field(name: string, field: string): Buffer | undefined {
  let found: Buffer | undefined;
  for (const member of members(field)) {
    const [item = ''] = member.split(';', 1);
    const eq = item.indexOf('=');
    const key = (eq < 0 ? item : item.slice(0, eq)).trim();
    if (!KEY.test(key)) throw new ValidationError(`malformed ${name} header`);
    if (key !== 'sha-256') continue;
    const m = BYTE_SEQUENCE.exec(eq < 0 ? '' : item.slice(eq + 1).trim());
    const bytes = m && Buffer.from(m[1]!, 'base64');
    if (!bytes || bytes.length !== SHA256_BYTES) throw new ValidationError(`malformed ${name} header: sha-256 must be 32 bytes in :base64:`);
    found = bytes;
  }
  return found;
}

/**
 * What a request says the body's SHA-256 must be: from Content-Digest or
 * Repr-Digest (identical for an unencoded body). Both present must agree.
 */
export function expectedSha256(headers: Record<string, string | string[] | undefined>): Buffer | undefined {
  let expected: Buffer | undefined;
  for (const name of ['content-digest', 'repr-digest']) {
    const raw = headers[name];
    if (raw === undefined) continue;
    const field = Array.isArray(raw) ? raw.join(', ') : raw;
    const sha = parseSha256Field(name, field);
    if (!sha) continue;
    if (expected && !expected.equals(sha)) throw new ValidationError('Content-Digest and Repr-Digest disagree');
    expected = sha;
  }
  return expected;
}

/** `Repr-Digest`'s value for a known SHA-256. */
export const reprDigest = (sha256: Buffer): string => `sha-256=:${sha256.toString('base64')}:`;
