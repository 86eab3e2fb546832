import type { EntryId } from '../domain/ids.js';
import type { Db } from './database.js';

// Deleting a multi-gigabyte file in one statement would hold the write lock, and
// grow the WAL, for as long as it takes; batches keep every transaction short.
const DELETE_BATCH_ROWS = 64;

export interface Removed {
  rows: number;
  bytes: number;
}

export function chunkReads(db: Db) {
  // LENGTH() of a blob reads its row header only, not the blob.
  const firstLength = db.prepare<[string], { length: number }>(
    'SELECT LENGTH(chunk) AS length FROM entries_data WHERE id = ? AND chunk_index = 0',
  );
  // Exactly one chunk per query (decision D3; upstream #284).
  const chunk = db.prepare<[string, number], { chunk: Buffer }>(
    'SELECT chunk FROM entries_data WHERE id = ? AND chunk_index = ?',
  );

  // From idx_entries_data_length: the index holds every chunk's length, so no blob is read.
  const total = db.prepare<[], { bytes: number }>('SELECT COALESCE(SUM(LENGTH(chunk)), 0) AS bytes FROM entries_data');

  return {
    /** Bytes of every chunk row: stored files, uploads in progress and leftovers. */
    storedBytes(): number {
      return total.get()!.bytes;
    },
    /**
     * The size of every chunk of a file but the last, taken from its first chunk
     * as upstream's reader does, so files written with any chunk size read back.
     */
    chunkSize(id: EntryId): number | undefined {
      return firstLength.get(id)?.length || undefined;
    },
    readChunk(id: EntryId, index: number): Buffer | undefined {
      return chunk.get(id, index)?.chunk;
    },
  };
}

export function chunkWrites(db: Db) {
  const insert = db.prepare('INSERT INTO entries_data (id, chunk_index, chunk) VALUES (?, ?, ?)');
  const deleteBatch = db.prepare<[string], { bytes: number }>(`
    DELETE FROM entries_data
    WHERE rowid IN (SELECT rowid FROM entries_data WHERE id = ? LIMIT ${DELETE_BATCH_ROWS})
    RETURNING LENGTH(chunk) AS bytes`);
  // A resumable upload's chunks belong to it while its tus_uploads row lives (issue 13).
  const orphanIds = db.prepare<[], { id: string }>(
    'SELECT DISTINCT id FROM entries_data WHERE id NOT IN (SELECT id FROM entries) AND id NOT IN (SELECT id FROM tus_uploads)',
  );

  /** One short transaction's worth of a file's chunks; rows = 0 once none are left. */
  function deleteChunkBatch(id: string): Removed {
    const deleted = deleteBatch.all(id);
    return { rows: deleted.length, bytes: deleted.reduce((sum, r) => sum + r.bytes, 0) };
  }

  return {
    /** One autocommit INSERT per chunk: no transaction spans an upload (decision U1). */
    insertChunk(id: EntryId, index: number, data: Uint8Array): void {
      insert.run(id, index, data);
    },
    deleteChunkBatch,
    /**
     * IDs with chunks but no entry: leftovers of uploads that failed or were cut
     * off by a crash, unless listed as still in progress.
     */
    orphanChunkIds(activeIds: readonly string[]): string[] {
      const active = new Set(activeIds);
      return orphanIds.all().map((r) => r.id).filter((id) => !active.has(id));
    },
  };
}
