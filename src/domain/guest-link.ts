import { ValidationError } from './errors.js';
import type { GuestLinkId } from './ids.js';

export interface GuestLink {
  id: GuestLinkId;
  /** Shown only to the owner; '' when unnamed. */
  label: string;
  /** Cap on each file's bytes; null for none. */
  maxFileBytes: number | null;
  /** Cap on the files stored through the link at once; null for none. */
  maxFileUploads: number | null;
  creationTime: Date;
  /** When the link stops working (NEVER for never). */
  urlExpiration: Date;
  /** Longest a guest's file may live, in ms (INFINITE_LIFETIME_MS for unlimited). */
  fileLifetimeMs: number;
  isDisabled: boolean;
}

export const MIN_GUEST_FILE_BYTES = 1_048_576;
const MAX_LABEL_BYTES = 200;

/** Whether the link takes uploads: enabled, not expired, not full (picoshare.md §4.2). */
export function isGuestLinkActive(link: GuestLink, filesUploaded: number, now: Date): boolean {
  if (link.isDisabled) return false;
  if (link.urlExpiration.getTime() <= now.getTime()) return false;
  return link.maxFileUploads === null || filesUploaded < link.maxFileUploads;
}

export function parseLabel(raw: string): string {
  if (Buffer.byteLength(raw) > MAX_LABEL_BYTES) throw new ValidationError('label too long - limit 200 characters');
  return raw;
}

export function parseMaxFileBytes(raw: number | null): number | null {
  if (raw === null) return null;
  // (sic) upstream's wording, doubled "at" included: clients match on it.
  if (raw < MIN_GUEST_FILE_BYTES) throw new ValidationError('guest upload size limit must be at at least 1048576 bytes');
  return raw;
}

export function parseMaxFileUploads(raw: number | null): number | null {
  if (raw === null) return null;
  if (raw <= 0) throw new ValidationError('guest upload count limit must be a positive number');
  return raw;
}
