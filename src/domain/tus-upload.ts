import type { EntryLimits } from './entry-limits.js';
import type { EntryId, GuestLinkId } from './ids.js';

/** What the finished file's entry row will say, fixed when the upload is created. */
export interface TusFile {
  filename: string;
  contentType: string;
  note: string | null;
  expirationTime: Date;
  /** The download limit and the passphrase's hash (issue 15), hashed at creation: never in clear. */
  limits: EntryLimits;
}

/** A resumable upload (tus 1.0, issue 13) that has not received its last byte yet. */
export interface TusUpload {
  id: EntryId;
  /** Bytes durably stored. */
  offset: number;
  /** Null while the client defers it (creation-defer-length). */
  length: number | null;
  file: TusFile;
  guestLinkId: GuestLinkId | null;
  /** The client group that created it (incomplete uploads are capped per client). */
  client: string;
  createdAt: Date;
  updatedAt: Date;
}

/** When an upload that makes no progress is given up and its bytes deleted. */
export const tusExpiresAt = (upload: Pick<TusUpload, 'updatedAt'>, ttlMs: number): Date =>
  new Date(upload.updatedAt.getTime() + ttlMs);
