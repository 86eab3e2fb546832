import { parseFilePassphrase, parseMaxDownloads } from './entry-limits.js';

/**
 * The limit options an upload may carry, as text, whatever path brought them:
 * multipart fields, a raw PUT's query and headers, tus metadata (issue 15).
 */
export interface RawUploadOptions {
  maxDownloads?: string | undefined;
  passphrase?: string | undefined;
}

export interface UploadOptions {
  maxDownloads: number | null;
  /** In clear, until hashed just before the entry is stored. */
  passphrase: string | null;
}

export const NO_UPLOAD_OPTIONS: UploadOptions = { maxDownloads: null, passphrase: null };

/** Parses an upload's options; throws ValidationError with a message for the client. */
export function parseUploadOptions(raw: RawUploadOptions, defaults: { maxDownloads?: number | null } = {}): UploadOptions {
  const maxDownloads = parseMaxDownloads(raw.maxDownloads);
  return {
    maxDownloads: maxDownloads ?? defaults.maxDownloads ?? null,
    passphrase: parseFilePassphrase(raw.passphrase),
  };
}
