import { ValidationError } from './errors.js';

/** A file's download limit and passphrase (issue 15); both optional. */
export interface EntryLimits {
  /** Whole downloads allowed, 1 to MAX_DOWNLOADS_LIMIT; null for unlimited. */
  maxDownloads: number | null;
  /** An scrypt hash (see passphrase-hash.ts); null when the file is public. */
  passphraseHash: string | null;
}

/** What a stored file's limits look like to the owner. */
export interface EntryLimitState {
  maxDownloads: number | null;
  downloadsCounted: number;
  passphraseProtected: boolean;
}

export const MAX_DOWNLOADS_LIMIT = 1000;
// Long enough for any passphrase a person types, short enough that hashing one
// costs a bounded amount of work.
export const MAX_FILE_PASSPHRASE_BYTES = 256;

const INTEGER = /^[0-9]+$/;

/** A download limit from a form field, query parameter or header; '' means none. */
export function parseMaxDownloads(raw: string | number | null | undefined): number | null {
  if (raw === undefined || raw === null || raw === '') return null;
  const text = typeof raw === 'number' ? String(raw) : raw.trim();
  const n = INTEGER.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_DOWNLOADS_LIMIT) {
    throw new ValidationError(`maxDownloads must be a whole number from 1 to ${MAX_DOWNLOADS_LIMIT}`);
  }
  return n;
}

/** A file passphrase as typed; '' (or absent) means none. */
export function parseFilePassphrase(raw: string | null | undefined): string | null {
  if (raw === undefined || raw === null || raw === '') return null;
  if (Buffer.byteLength(raw) > MAX_FILE_PASSPHRASE_BYTES) {
    throw new ValidationError(`passphrase too long - limit ${MAX_FILE_PASSPHRASE_BYTES} bytes`);
  }
  return raw;
}

/** Downloads still allowed; null when unlimited. */
export function downloadsLeft(state: Pick<EntryLimitState, 'maxDownloads' | 'downloadsCounted'>): number | null {
  return state.maxDownloads === null ? null : Math.max(0, state.maxDownloads - state.downloadsCounted);
}
