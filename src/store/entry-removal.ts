import type { EntryId } from '../domain/ids.js';
import type { Removed } from './chunks.js';
import type { Writer } from './writer.js';

/**
 * Deletes every chunk of an ID, one short batch per writer operation, so that
 * uploads in progress keep their turn while gigabytes are deleted.
 */
export async function removeChunks(writer: Writer, id: string): Promise<Removed> {
  const total = { rows: 0, bytes: 0 };
  for (;;) {
    const batch = await writer.call('deleteChunkBatch', id);
    if (batch.rows === 0) return total;
    total.rows += batch.rows;
    total.bytes += batch.bytes;
  }
}

/** Deletes a stored file: gone for readers at once, then its chunks. */
export async function removeEntry(writer: Writer, id: EntryId): Promise<Removed> {
  // Without an entry row the chunks may be an upload in progress: not ours to touch.
  if (!(await writer.call('deleteEntryRow', id))) return { rows: 0, bytes: 0 };
  return removeChunks(writer, id);
}
