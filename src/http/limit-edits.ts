import { z } from 'zod';
import { parseFilePassphrase, parseMaxDownloads } from '../domain/entry-limits.js';
import { ValidationError } from '../domain/errors.js';
import type { PassphraseHasher } from '../domain/passphrase-hash.js';
import type { LimitChanges } from '../store/entry-limits.js';

/**
 * The fields of `PUT /api/entry/{id}` added by issue 15. Absent leaves a field
 * as it is, so upstream's clients, which never send them, change nothing;
 * null clears the limit or removes the passphrase.
 */
export const limitEditFields = {
  maxDownloads: z.number().nullable().optional(),
  passphrase: z.string().nullable().optional(),
};

export interface LimitEdit {
  maxDownloads?: number | null | undefined;
  passphrase?: string | null | undefined;
}

/** Parses (and hashes) an edit's limit fields; undefined when it has none. */
export async function limitChanges(edit: LimitEdit, hasher: PassphraseHasher): Promise<LimitChanges | undefined> {
  const changes: LimitChanges = {};
  if (edit.maxDownloads !== undefined) {
    changes.maxDownloads = edit.maxDownloads === null ? null : parseMaxDownloads(edit.maxDownloads);
  }
  if (edit.passphrase !== undefined) {
    if (edit.passphrase === '') throw new ValidationError('passphrase must not be empty (send null to remove it)');
    changes.passphraseHash = edit.passphrase === null ? null : await hasher.hash(parseFilePassphrase(edit.passphrase)!);
  }
  return Object.keys(changes).length > 0 ? changes : undefined;
}
