import { z } from 'zod';
import type { EntryId, GuestLinkId } from '../domain/ids.js';
import { formatTimestamp, parseTimestamp } from '../domain/time.js';
import type { TusFile, TusUpload } from '../domain/tus-upload.js';
import type { Db } from './database.js';

interface TusUploadRow {
  id: string;
  upload_offset: number;
  upload_length: number | null;
  metadata: string;
  guest_link_id: string | null;
  client: string;
  created_at: string;
  updated_at: string;
}

// The metadata column is ours, but a database is an edge like any other.
const fileSchema = z.object({
  filename: z.string(),
  contentType: z.string(),
  note: z.string().nullable(),
  expirationTime: z.string().transform(parseTimestamp),
  // Issue 15; rows written before it have none.
  limits: z.object({ maxDownloads: z.number().int().nullable(), passphraseHash: z.string().nullable() }).default({ maxDownloads: null, passphraseHash: null }),
});

function toTusUpload(row: TusUploadRow): TusUpload {
  return {
    id: row.id as EntryId,
    offset: row.upload_offset,
    length: row.upload_length,
    file: fileSchema.parse(JSON.parse(row.metadata)),
    guestLinkId: row.guest_link_id as GuestLinkId | null,
    client: row.client,
    createdAt: parseTimestamp(row.created_at),
    updatedAt: parseTimestamp(row.updated_at),
  };
}

const toJson = (file: TusFile): string => JSON.stringify({ ...file, expirationTime: formatTimestamp(file.expirationTime) });

// Rows of one upload deleted per transaction when rolling back or expiring.
const DELETE_BATCH_ROWS = 64;

/** The ownership the server keeps in memory: which incomplete uploads exist, whose, through which link. */
export type TusHolder = Pick<TusUpload, 'id' | 'guestLinkId' | 'client'>;

export function tusUploadReads(db: Db) {
  const byId = db.prepare<[string], TusUploadRow>('SELECT * FROM tus_uploads WHERE id = ?');
  // Completed uploads whose row outlived a crash between the entry's insert and the row's delete are not pending.
  const holders = db.prepare<[], { id: string; guest_link_id: string | null; client: string }>(
    'SELECT id, guest_link_id, client FROM tus_uploads WHERE id NOT IN (SELECT id FROM entries)',
  );
  return {
    findTusUpload(id: EntryId): TusUpload | undefined {
      const row = byId.get(id);
      return row && toTusUpload(row);
    },
    /** Every incomplete upload (bounded by PS_MAX_TUS_UPLOADS), read once at start-up. */
    listTusHolders(): TusHolder[] {
      return holders.all().map((r) => ({ id: r.id as EntryId, guestLinkId: r.guest_link_id as GuestLinkId | null, client: r.client }));
    },
  };
}

export function tusUploadWrites(db: Db) {
  const insert = db.prepare(`
    INSERT INTO tus_uploads (id, upload_offset, upload_length, metadata, guest_link_id, client, created_at, updated_at)
    VALUES (:id, 0, :length, :metadata, :guestLinkId, :client, :now, :now)`);
  const setOffset = db.prepare('UPDATE tus_uploads SET upload_offset = :offset, updated_at = :now WHERE id = :id');
  const setLength = db.prepare('UPDATE tus_uploads SET upload_length = :length, updated_at = :now WHERE id = :id');
  const replaceChunk = db.prepare('INSERT OR REPLACE INTO entries_data (id, chunk_index, chunk) VALUES (?, ?, ?)');
  const storeWithOffset = db.transaction((id: EntryId, index: number, offset: number, now: Date, data: Uint8Array): void => {
    replaceChunk.run(id, index, data);
    setOffset.run({ id, offset, now: formatTimestamp(now) });
  });
  const deleteFrom = db.prepare<[string, number], { n: number }>(`
    DELETE FROM entries_data
    WHERE rowid IN (SELECT rowid FROM entries_data WHERE id = ? AND chunk_index >= ? LIMIT ${DELETE_BATCH_ROWS})
    RETURNING 1 AS n`);
  const remove = db.prepare('DELETE FROM tus_uploads WHERE id = ?');
  const expired = db.prepare<[string, number], { id: string }>(`
    SELECT id FROM tus_uploads WHERE updated_at < ? AND id NOT IN (SELECT id FROM entries) ORDER BY updated_at LIMIT ?`);
  const completed = db.prepare('DELETE FROM tus_uploads WHERE id IN (SELECT id FROM entries)');

  return {
    insertTusUpload(upload: Omit<TusUpload, 'offset' | 'createdAt' | 'updatedAt'>, now: Date): void {
      insert.run({
        id: upload.id,
        length: upload.length,
        metadata: toJson(upload.file),
        guestLinkId: upload.guestLinkId,
        client: upload.client,
        now: formatTimestamp(now),
      });
    },
    setTusLength(id: EntryId, length: number, now: Date): void {
      setLength.run({ id, length, now: formatTimestamp(now) });
    },
    setTusOffset(id: EntryId, offset: number, now: Date): void {
      setOffset.run({ id, offset, now: formatTimestamp(now) });
    },
    /**
     * Stores a chunk of a tus upload, replacing the partial one a previous
     * request left at that index, and, unless `offset` is null, records the
     * bytes now stored in the same transaction: Upload-Offset never counts a
     * byte that is not durably stored (issue 13).
     */
    storeTusChunk(id: EntryId, index: number, offset: number | null, now: Date, data: Uint8Array): void {
      if (offset === null) replaceChunk.run(id, index, data);
      else storeWithOffset(id, index, offset, now, data);
    },
    /** One short batch of an upload's chunks from `fromIndex` on; 0 once none are left. */
    deleteChunksFrom(id: EntryId, fromIndex: number): number {
      return deleteFrom.all(id, fromIndex).length;
    },
    deleteTusUpload(id: EntryId): void {
      remove.run(id);
    },
    /** Uploads without progress since `cutoff`, oldest first. */
    expiredTusUploadIds(cutoff: Date, limit: number): EntryId[] {
      return expired.all(formatTimestamp(cutoff), limit).map((r) => r.id as EntryId);
    },
    /** Rows of uploads that completed but whose row a crash kept; their chunks are the file's. */
    deleteCompletedTusRows(): number {
      return completed.run().changes;
    },
  };
}
