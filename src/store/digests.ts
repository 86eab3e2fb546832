import type { Digest } from '../domain/digest.js';
import type { EntryId } from '../domain/ids.js';
import { formatTimestamp } from '../domain/time.js';
import type { Db } from './database.js';

interface DigestRow {
  entry_id: string;
  sha256: Buffer;
  crc32: number;
}

const toDigest = (row: DigestRow): Digest => ({ sha256: row.sha256, crc32: row.crc32 });

export function digestReads(db: Db) {
  const byId = db.prepare<[string], DigestRow>('SELECT entry_id, sha256, crc32 FROM entry_digests WHERE entry_id = ?');
  const byIds = db.prepare<[string], DigestRow>(`
    SELECT entry_id, sha256, crc32 FROM entry_digests WHERE entry_id IN (SELECT value FROM json_each(?))`);
  // Entries in ID order, so the backfill walks them once and can say how far it got.
  const missing = db.prepare<{ after: string; limit: number }, { id: string }>(`
    SELECT e.id FROM entries e
    WHERE e.id > :after AND NOT EXISTS (SELECT 1 FROM entry_digests WHERE entry_id = e.id)
    ORDER BY e.id LIMIT :limit`);
  const missingCount = db.prepare<[], { n: number }>(`
    SELECT count(*) AS n FROM entries e WHERE NOT EXISTS (SELECT 1 FROM entry_digests WHERE entry_id = e.id)`);

  return {
    findDigest(id: EntryId): Digest | undefined {
      const row = byId.get(id);
      return row && toDigest(row);
    },
    /** The known digests of some entries (a page of a list, a bundle). */
    digestsOf(ids: readonly EntryId[]): Map<string, Digest> {
      return new Map(byIds.all(JSON.stringify(ids)).map((r) => [r.entry_id, toDigest(r)]));
    },
    /** Up to `limit` entries without a digest whose IDs sort after `after`. */
    entriesWithoutDigest(after: string, limit: number): EntryId[] {
      return missing.all({ after, limit }).map((r) => r.id as EntryId);
    },
    countEntriesWithoutDigest(): number {
      return missingCount.get()!.n;
    },
  };
}

export function digestWrites(db: Db) {
  // Only for an entry that still exists: it may have been deleted while its
  // bytes were being read back.
  const insert = db.prepare(`
    INSERT OR IGNORE INTO entry_digests (entry_id, sha256, crc32, computed_at)
    SELECT :id, :sha256, :crc32, :at WHERE EXISTS (SELECT 1 FROM entries WHERE id = :id)`);
  return {
    /** Returns false when the entry is gone or already had a digest. */
    insertDigest(id: EntryId, digest: Digest, at: Date): boolean {
      return insert.run({ id, sha256: digest.sha256, crc32: digest.crc32, at: formatTimestamp(at) }).changes > 0;
    },
  };
}
