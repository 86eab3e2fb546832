import type { EntryId, GuestLinkId } from './ids.js';

/** What is written when an upload completes. */
export interface NewEntry {
  id: EntryId;
  filename: string;
  /** The part's Content-Type header verbatim; may be empty. */
  contentType: string;
  uploadTime: Date;
  /** Null only in databases written by very old upstream versions. */
  expirationTime: Date | null;
  guestLinkId: GuestLinkId | null;
  note: string | null;
}

/** A complete, stored file. */
export interface Entry extends NewEntry {
  size: number;
}
