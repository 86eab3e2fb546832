import { randomInt } from 'node:crypto';
import { ValidationError } from './errors.js';

// Upstream's alphabet leaves out look-alikes (l, I, O, 0, 1) so that IDs survive
// being read aloud or copied by hand.
export const ID_ALPHABET = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const ENTRY_ID_LENGTH = 10;
export const GUEST_LINK_ID_LENGTH = 16;
// Bundles have their own path (/b/{id}), so they may share the entries' length.
export const BUNDLE_ID_LENGTH = 10;

export type EntryId = string & { readonly __brand: 'EntryId' };
export type GuestLinkId = string & { readonly __brand: 'GuestLinkId' };
export type BundleId = string & { readonly __brand: 'BundleId' };

/** A uniformly random ID from a cryptographic source (decision O3). */
function randomId(length: number): string {
  let id = '';
  for (let i = 0; i < length; i++) id += ID_ALPHABET[randomInt(ID_ALPHABET.length)];
  return id;
}

export const newEntryId = (): EntryId => randomId(ENTRY_ID_LENGTH) as EntryId;
export const newGuestLinkId = (): GuestLinkId => randomId(GUEST_LINK_ID_LENGTH) as GuestLinkId;
export const newBundleId = (): BundleId => randomId(BUNDLE_ID_LENGTH) as BundleId;

function checkId(kind: string, raw: string, length: number): void {
  // Go's len() counts bytes; so do upstream's messages.
  const bytes = Buffer.byteLength(raw);
  if (bytes !== length) {
    throw new ValidationError(`${kind} (${raw}) has invalid length: got ${bytes}, want ${length}`);
  }
  for (const c of raw) {
    if (!ID_ALPHABET.includes(c)) {
      throw new ValidationError(`${kind} (${raw}) contains invalid character: ${c}`);
    }
  }
}

export function parseEntryId(raw: string): EntryId {
  checkId('entry ID', raw, ENTRY_ID_LENGTH);
  return raw as EntryId;
}

export function parseGuestLinkId(raw: string): GuestLinkId {
  checkId('guest link ID', raw, GUEST_LINK_ID_LENGTH);
  return raw as GuestLinkId;
}

export function parseBundleId(raw: string): BundleId {
  checkId('bundle ID', raw, BUNDLE_ID_LENGTH);
  return raw as BundleId;
}
