import type { Bundle, BundleSummary, NewBundle } from '../domain/bundle.js';
import type { NewDownload } from '../domain/download.js';
import type { BundleId, EntryId, GuestLinkId } from '../domain/ids.js';
import { toPage, type Page, type PageQuery, type TimeIdKey } from '../domain/page.js';
import { formatTimestamp, parseTimestamp } from '../domain/time.js';
import type { Db } from './database.js';
import { downloadWrites } from './downloads.js';

interface BundleRow {
  id: string;
  title: string | null;
  created_time: string;
  guest_link_id: string | null;
}

const toBundle = (row: BundleRow): Bundle => ({
  id: row.id as BundleId,
  title: row.title,
  createdTime: parseTimestamp(row.created_time),
  guestLinkId: row.guest_link_id as GuestLinkId | null,
});

// Newest first, ties by ID (idx_bundles_created_time), as the files list.
const AFTER_KEY = 'b.created_time <= :afterTime AND (b.created_time < :afterTime OR b.id > :afterId)';
const UP_TO_KEY = 'b.created_time > :afterTime OR (b.created_time = :afterTime AND b.id <= :afterId)';
const START: TimeIdKey = ['~', ''];
// Files that still exist: not expired. The entry row itself goes with its
// bundle_entries rows (ON DELETE CASCADE).
const LIVE_FILES = `SELECT count(*) FROM bundle_entries be JOIN entries e ON e.id = be.entry_id
  WHERE be.bundle_id = b.id AND (e.expiration_time IS NULL OR e.expiration_time > :now)`;

export function bundleReads(db: Db) {
  const byId = db.prepare<[string], BundleRow>('SELECT id, title, created_time, guest_link_id FROM bundles WHERE id = ?');
  const members = db.prepare<[string], { entry_id: string }>('SELECT entry_id FROM bundle_entries WHERE bundle_id = ? ORDER BY position');
  type ListParams = { now: string; afterTime: string; afterId: string };
  const page = db.prepare<ListParams & { limit: number }, BundleRow & { file_count: number }>(`
    SELECT b.id, b.title, b.created_time, b.guest_link_id, (${LIVE_FILES}) AS file_count FROM bundles b
    WHERE ${AFTER_KEY} ORDER BY b.created_time DESC, b.id LIMIT :limit`);
  const counts = db.prepare<ListParams, { total: number; offset: number }>(`
    SELECT count(*) AS total, count(*) FILTER (WHERE ${UP_TO_KEY}) AS offset FROM bundles b`);
  const idTaken = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM bundles WHERE id = ?');

  return {
    findBundle(id: BundleId): Bundle | undefined {
      const row = byId.get(id);
      return row && toBundle(row);
    },
    /** A bundle's entry IDs in order, whether or not each file is still visible. */
    bundleEntryIds(id: BundleId): EntryId[] {
      return members.all(id).map((r) => r.entry_id as EntryId);
    },
    listBundles(now: Date, query: PageQuery<TimeIdKey>): Page<BundleSummary, TimeIdKey> {
      const [afterTime, afterId] = query.after ?? START;
      const params = { now: formatTimestamp(now), afterTime, afterId };
      const rows = page.all({ ...params, limit: query.limit + 1 });
      return toPage(rows, query.limit, (r) => ({ ...toBundle(r), fileCount: r.file_count }), (r): TimeIdKey => [r.created_time, r.id], counts.get(params)!);
    },
    isBundleIdTaken(id: BundleId): boolean {
      return idTaken.get(id)!.n > 0;
    },
  };
}

export function bundleWrites(db: Db) {
  const insertRow = db.prepare(`
    INSERT INTO bundles (id, title, created_time, guest_link_id) VALUES (:id, :title, :createdTime, :guestLinkId)`);
  // Only files that exist now; a file deleted since the caller looked is missing.
  const insertMember = db.prepare(`
    INSERT INTO bundle_entries (bundle_id, position, entry_id)
    SELECT :bundleId, :position, :entryId WHERE EXISTS (SELECT 1 FROM entries WHERE id = :entryId)`);
  const guestOwned = db.prepare<{ entryId: string; link: string }, { ok: number }>(`
    SELECT 1 AS ok FROM entries e WHERE e.id = :entryId AND e.guest_link_id = :link
      AND NOT EXISTS (
        SELECT 1 FROM bundle_entries be JOIN bundles b ON b.id = be.bundle_id
        WHERE be.entry_id = e.id AND b.guest_link_id IS NOT NULL)`);
  const deleteRow = db.prepare('DELETE FROM bundles WHERE id = ?');
  const { recordDownload } = downloadWrites(db);

  const insert = (bundle: NewBundle): EntryId | null => {
    insertRow.run({ id: bundle.id, title: bundle.title, createdTime: formatTimestamp(bundle.createdTime), guestLinkId: bundle.guestLinkId });
    for (const [position, entryId] of bundle.entryIds.entries()) {
      if (insertMember.run({ bundleId: bundle.id, position, entryId }).changes === 0) return entryId;
    }
    return null;
  };
  // Thrown inside a transaction so that it rolls back, and caught outside it.
  class Refused extends Error {
    constructor(readonly entryId: EntryId) {
      super('refused');
    }
  }
  const transactional = db.transaction((bundle: NewBundle, check: (id: EntryId) => boolean) => {
    const bad = bundle.entryIds.find((id) => !check(id));
    if (bad) throw new Refused(bad);
    const missing = insert(bundle);
    if (missing) throw new Refused(missing);
  });
  const run = (bundle: NewBundle, check: (id: EntryId) => boolean): EntryId | null => {
    try {
      transactional(bundle, check);
      return null;
    } catch (err) {
      if (err instanceof Refused) return err.entryId;
      throw err;
    }
  };

  return {
    /** Stores a bundle, or nothing: returns the first entry that no longer exists, else null. */
    insertBundle(bundle: NewBundle): EntryId | null {
      return run(bundle, () => true);
    },
    /**
     * A guest's bundle: only of files uploaded through that link that are in no
     * other guest-made bundle, so a guest link makes at most one bundle row per
     * file it received. Returns the first entry refused, else null.
     */
    insertGuestBundle(bundle: NewBundle & { guestLinkId: GuestLinkId }): EntryId | null {
      return run(bundle, (entryId) => guestOwned.get({ entryId, link: bundle.guestLinkId }) !== undefined);
    },
    /** Removes the bundle, never its files. Returns false when there was none. */
    deleteBundle(id: BundleId): boolean {
      return deleteRow.run(id).changes > 0;
    },
    /** A zip of the bundle was fetched: every file in it was downloaded. */
    recordBundleDownload: db.transaction((entryIds: EntryId[], download: Omit<NewDownload, 'entryId'>): void => {
      for (const entryId of entryIds) recordDownload({ ...download, entryId });
    }),
  };
}
