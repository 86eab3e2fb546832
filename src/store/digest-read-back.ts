import { setImmediate as nextTurn } from 'node:timers/promises';
import { StreamDigest, type Digest } from '../domain/digest.js';
import type { EntryId } from '../domain/ids.js';
import type { chunkReads } from './chunks.js';

type ChunkReads = ReturnType<typeof chunkReads>;

/**
 * A stored file's digest, computed by reading its chunks back one query at a
 * time and yielding to the event loop between them, so requests are served
 * meanwhile and memory stays at one chunk. Used for files that arrived without
 * a running digest: upstream's files (the backfill) and uploads continued after
 * a restart. Undefined when the file is gone (deleted meanwhile) or has no bytes.
 */
export async function readBackDigest(
  chunks: ChunkReads,
  id: EntryId,
  signal?: AbortSignal,
): Promise<{ digest: Digest; bytes: number } | undefined> {
  const digest = new StreamDigest();
  let bytes = 0;
  for (let index = 0; ; index++) {
    if (signal?.aborted) return undefined;
    const chunk = chunks.readChunk(id, index);
    if (!chunk) break;
    digest.update(chunk);
    bytes += chunk.length;
    await nextTurn();
  }
  return bytes > 0 ? { digest: digest.finish(), bytes } : undefined;
}
