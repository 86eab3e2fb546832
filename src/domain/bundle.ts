import { ValidationError } from './errors.js';
import type { BundleId, EntryId, GuestLinkId } from './ids.js';

/** Several files behind one link (issue 17). */
export interface Bundle {
  id: BundleId;
  title: string | null;
  createdTime: Date;
  /** Set when a guest made it of their own uploads. */
  guestLinkId: GuestLinkId | null;
}

/** A bundle as listed: how many of its files still exist. */
export interface BundleSummary extends Bundle {
  fileCount: number;
}

export interface NewBundle extends Bundle {
  entryIds: EntryId[];
}

// Past 65,535 files a zip needs ZIP64, which the archive supports; the cap
// bounds the work (and memory) of laying one out per request.
export const MAX_BUNDLE_FILES = 100_000;
const MAX_TITLE_BYTES = 255;

/** A bundle's title; blank means none. */
export function parseBundleTitle(raw: string | null | undefined): string | null {
  const title = raw?.trim() ?? '';
  if (title === '') return null;
  if (Buffer.byteLength(title) > MAX_TITLE_BYTES) throw new ValidationError('title is too long');
  if (/[\x00-\x1f\x7f]/.test(title)) throw new ValidationError('title must not contain control characters');
  return title;
}

/** The files of a bundle, in order, each once. */
export function bundleEntryIds(ids: readonly EntryId[]): EntryId[] {
  if (ids.length === 0) throw new ValidationError('a bundle needs at least one file');
  const unique = [...new Set(ids)];
  if (unique.length > MAX_BUNDLE_FILES) throw new ValidationError(`a bundle holds at most ${MAX_BUNDLE_FILES} files`);
  return unique;
}
