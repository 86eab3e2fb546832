import type { FastifyRequest } from 'fastify';
import type { EntryLimits } from '../domain/entry-limits.js';
import type { PassphraseHasher } from '../domain/passphrase-hash.js';
import { parseUploadOptions, type RawUploadOptions, type UploadOptions } from '../domain/upload-options.js';
import { queryParam, withPrefix } from './schemas.js';

/** The multipart fields an upload form may send besides the file (issue 15). */
export const LIMIT_FIELDS = ['maxDownloads', 'passphrase'] as const;

const header = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** A raw PUT's options: `?maxDownloads=` or `Max-Downloads` (as transfer.sh), and `X-Passphrase`. */
export function rawUploadOptions(request: FastifyRequest): RawUploadOptions {
  return {
    maxDownloads: queryParam(request, 'maxDownloads') ?? header(request, 'max-downloads'),
    passphrase: header(request, 'x-passphrase'),
  };
}

/** A multipart upload's options, from the fields read alongside the file. */
export const multipartUploadOptions = (fields: Map<string, string>): RawUploadOptions => ({
  maxDownloads: fields.get('maxDownloads'),
  passphrase: fields.get('passphrase'),
});

/** tus Upload-Metadata's options (issue 13): the same keys as the multipart fields. */
export const metadataUploadOptions = (metadata: ReadonlyMap<string, string>): RawUploadOptions => ({
  maxDownloads: metadata.get('maxDownloads'),
  passphrase: metadata.get('passphrase'),
});

/**
 * A guest's limits: the link's default download limit (`linkMax`) applies when
 * the guest asks for none, and caps what they ask for.
 */
export function guestEntryLimits(linkMax: number | null, raw: RawUploadOptions, hasher: PassphraseHasher): Promise<EntryLimits> {
  const options = withPrefix('invalid request: ', () => parseUploadOptions(raw, { maxDownloads: linkMax }));
  const maxDownloads = linkMax !== null && options.maxDownloads !== null ? Math.min(linkMax, options.maxDownloads) : options.maxDownloads;
  return entryLimitsOf({ ...options, maxDownloads }, hasher);
}

/** What is stored: the passphrase hashed, never kept in clear. */
export async function entryLimitsOf(options: UploadOptions, hasher: PassphraseHasher): Promise<EntryLimits> {
  return {
    maxDownloads: options.maxDownloads,
    passphraseHash: options.passphrase === null ? null : await hasher.hash(options.passphrase),
  };
}
