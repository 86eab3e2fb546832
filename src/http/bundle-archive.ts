import { createHash } from 'node:crypto';
import type { Bundle } from '../domain/bundle.js';
import type { Digest } from '../domain/digest.js';
import type { Entry } from '../domain/entry.js';
import type { BundleId, EntryId } from '../domain/ids.js';
import { planZip, type ZipLimits, type ZipPlan } from '../domain/zip-layout.js';
import { uniqueZipNames } from '../domain/zip-names.js';
import type { Store } from '../store/store.js';

export interface BundleView {
  bundle: Bundle;
  /** The files that still exist, in the bundle's order. */
  files: Entry[];
  digests: Map<string, Digest>;
}

/** A bundle and its files still there; undefined when it is unknown or every file is gone (404). */
export function findBundleView(store: Store, id: BundleId, now: Date): BundleView | undefined {
  const bundle = store.bundles.findBundle(id);
  if (!bundle) return undefined;
  const files = store.bundles
    .bundleEntryIds(id)
    .map((entryId) => store.entries.findEntry(entryId, now))
    .filter((e): e is Entry => e !== undefined);
  if (files.length === 0) return undefined;
  return { bundle, files, digests: store.digests.digestsOf(files.map((f) => f.id)) };
}

export interface BundleZip {
  plan: ZipPlan<EntryId>;
  /** Strong: the plan's inputs fix every byte. */
  etag: string;
}

/**
 * The zip of a bundle's files, or the files whose CRC-32 is not known yet
 * (computed by the backfill; until then the zip cannot be laid out).
 */
export function planBundleZip(view: BundleView, limits?: ZipLimits): BundleZip | { pending: Entry[] } {
  const pending = view.files.filter((f) => !view.digests.has(f.id));
  if (pending.length > 0) return { pending };
  const names = uniqueZipNames(view.files.map((f) => f.filename));
  const plan = planZip(
    view.files.map((f, i) => ({ name: names[i]!, size: f.size, crc32: view.digests.get(f.id)!.crc32, modified: f.uploadTime, source: f.id })),
    limits,
  );
  // Stored bytes never change, so the files' IDs and member names (a file can
  // be renamed) with the format identify the archive's bytes; a file deleted
  // or expired changes the list.
  const tag = JSON.stringify([view.files.map((f) => f.id), names, plan.size, plan.zip64]);
  return { plan, etag: `"${view.bundle.id}-${createHash('sha256').update(tag).digest('base64url').slice(0, 22)}"` };
}
