import type { FastifyRequest } from 'fastify';
import type { EntryLimits } from '../domain/entry-limits.js';
import type { PassphraseHasher } from '../domain/passphrase-hash.js';
import type { RawUploadOptions, UploadOptions } from '../domain/upload-options.js';
import { queryParam } from './schemas.js';

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

/** What is stored: the passphrase hashed, never kept in clear. */
export async function entryLimitsOf(options: UploadOptions, hasher: PassphraseHasher): Promise<EntryLimits> {
  return {
    maxDownloads: options.maxDownloads,
    passphraseHash: options.passphrase === null ? null : await hasher.hash(options.passphrase),
  };
}
