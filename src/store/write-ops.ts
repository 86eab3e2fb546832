import type { EntryId } from '../domain/ids.js';
import { chunkWrites } from './chunks.js';
import type { Db } from './database.js';
import { downloadWrites } from './downloads.js';
import { entryWrites } from './entries.js';
import { sessionWrites } from './sessions.js';

/**
 * Every write the server makes, run by the writer worker on the one connection
 * allowed to write (see writer.ts). Each is synchronous and short.
 */
export function createWriteOps(db: Db) {
  const entries = entryWrites(db);
  const chunks = chunkWrites(db);
  return {
    ...entries,
    ...chunks,
    ...downloadWrites(db),
    ...sessionWrites(db),
    /** Proves the worker and its connection answer (the health check). */
    ping(): boolean {
      return db.prepare('SELECT 1 AS ok').get() !== undefined;
    },
    /** Deletes a stored file: gone for readers at once, then its chunks in batches. */
    deleteEntry(id: EntryId): number {
      // Without an entry row the chunks may be an upload in progress: not ours to touch.
      if (!entries.deleteEntryRow(id)) return 0;
      return chunks.deleteChunks(id);
    },
  };
}

export type WriteOps = ReturnType<typeof createWriteOps>;
export type WriteOpName = keyof WriteOps;
