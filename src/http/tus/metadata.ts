import { guessContentType, uploadContentType } from '../../domain/content-type.js';
import { ValidationError } from '../../domain/errors.js';
import { parseFilename } from '../../domain/filename.js';
import { parseNote } from '../../domain/note.js';
import type { TusFile } from '../../domain/tus-upload.js';

// tus 1.0 §creation: `key base64value` pairs, comma-separated; the value may be left out.
const KEY = /^[^\s,]+$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Upload-Metadata as key → decoded text; malformed pairs, duplicate keys or non-UTF-8 values are refused. */
export function parseUploadMetadata(header: string | undefined): Map<string, string> {
  const pairs = new Map<string, string>();
  if (header === undefined || header.trim() === '') return pairs;
  for (const pair of header.split(',')) {
    const [key = '', value = '', ...rest] = pair.trim().split(' ');
    if (!KEY.test(key) || rest.length > 0 || !BASE64.test(value)) throw new ValidationError('invalid Upload-Metadata');
    if (pairs.has(key)) throw new ValidationError(`invalid Upload-Metadata: ${key} given twice`);
    try {
      pairs.set(key, utf8.decode(Buffer.from(value, 'base64')));
    } catch {
      throw new ValidationError(`invalid Upload-Metadata: ${key} is not UTF-8 text`);
    }
  }
  return pairs;
}

/** What differs between the owner's endpoint and a guest link's. */
export interface MetadataRules {
  guest: boolean;
  /** The expiration for a requested value (undefined: none asked for), by the same rules as the `expiration` query. */
  expiration(requested: string | undefined): Date;
}

type Fields = Partial<Record<string, string>>;
type KeyRule = (fields: Fields, rules: MetadataRules, file: TusFile) => void;

/**
 * One rule per key this server reads, applied in order (filename first: the
 * others may depend on it). Keys not listed (tus-js-client's own, for one) are
 * ignored; a new key is one more line here and a field of TusFile.
 */
const KEY_RULES: readonly KeyRule[] = [
  // maxDownloads and passphrase (issue 15) are read by the route: the passphrase is hashed, asynchronously.
  (f, _r, file) => {
    if (f.filename === undefined) throw new ValidationError('filename is required');
    file.filename = parseFilename(f.filename);
  },
  (f, _r, file) => {
    // As raw uploads: a well-formed type as sent, else a guess from the name.
    file.contentType = uploadContentType(f.filetype, file.filename) || guessContentType(file.filename);
  },
  (f, r, file) => {
    if (r.guest && f.note !== undefined && f.note !== '') throw new ValidationError('guest uploads cannot have file notes');
    file.note = r.guest ? null : parseNote(f.note);
  },
  (f, r, file) => {
    file.expirationTime = r.expiration(f.expiration === '' ? undefined : f.expiration);
  },
];

/** The file a resumable upload will become, from its Upload-Metadata. */
export function tusFileOf(metadata: ReadonlyMap<string, string>, rules: MetadataRules): TusFile {
  const fields: Fields = Object.fromEntries(metadata);
  const file: TusFile = { filename: '', contentType: '', note: null, expirationTime: new Date(0), limits: { maxDownloads: null, passphraseHash: null } };
  for (const rule of KEY_RULES) rule(fields, rules, file);
  return file;
}
