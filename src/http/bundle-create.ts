import type { Clock } from '../domain/clock.js';
import { ValidationError } from '../domain/errors.js';
import { newBundleId, type BundleId, type EntryId, type GuestLinkId } from '../domain/ids.js';
import { truncateToSeconds } from '../domain/time.js';
import type { Store } from '../store/store.js';

// 57^10 IDs make a clash astronomically unlikely; the bound only stops a
// broken random source from looping forever.
const MAX_ID_ATTEMPTS = 10;
// A guest bundles what they have just uploaded, in the same visit.
const GUEST_BUNDLE_WINDOW_MS = 60 * 60_000;

export interface BundleRequest {
  entryIds: EntryId[];
  title: string | null;
  /** A guest's bundle: only of files uploaded through this link. */
  guestLinkId: GuestLinkId | null;
}

/**
 * Stores a bundle of files that exist now. A guest may bundle only files that
 * came through their link within the last hour and are in no other guest
 * bundle: knowing a file's ID already grants its bytes, so this only bounds
 * how many bundles a link can make (one per file at most). Expired files are
 * gone already (decision D1). Returns the new ID; a refused file is a 400 naming it.
 */
export async function createBundle(store: Store, clock: Clock, { entryIds, title, guestLinkId }: BundleRequest): Promise<BundleId> {
  const now = clock.now();
  const gone = entryIds.find((id) => !store.entries.findEntry(id, now));
  if (gone) throw new ValidationError(`invalid request: entry not found: ${gone}`);
  if (guestLinkId !== null) {
    const since = now.getTime() - GUEST_BUNDLE_WINDOW_MS;
    const stale = entryIds.find((id) => store.entries.findEntry(id, now)!.uploadTime.getTime() < since);
    if (stale) throw new ValidationError(`invalid request: entry ${stale} was not just uploaded`);
  }
  let id: BundleId | undefined;
  for (let attempt = 0; attempt < MAX_ID_ATTEMPTS && id === undefined; attempt++) {
    const candidate = newBundleId();
    if (!store.bundles.isBundleIdTaken(candidate)) id = candidate;
  }
  if (id === undefined) throw new Error('could not find an unused bundle ID');
  const bundle = { id, title, createdTime: truncateToSeconds(now), entryIds };
  const refused =
    guestLinkId === null
      ? await store.writer.call('insertBundle', { ...bundle, guestLinkId })
      : await store.writer.call('insertGuestBundle', { ...bundle, guestLinkId });
  if (refused) {
    throw new ValidationError(
      guestLinkId === null
        ? `invalid request: entry not found: ${refused}`
        : `invalid request: entry ${refused} was not just uploaded through this guest link, or is in a bundle already`,
    );
  }
  return id;
}
