import { Readable } from 'node:stream';
import type { EntryId } from '../domain/ids.js';
import type { chunkReads } from './chunks.js';

type ChunkReads = ReturnType<typeof chunkReads>;

/**
 * Streams bytes [start, end] of a file, one chunk row per query (decision D3),
 * starting at the chunk that holds `start`. With no read-ahead buffer, the next
 * chunk is fetched only once the consumer has taken the previous one, so a slow
 * client never makes the server hold more than a chunk.
 */
export function readChunks(
  reads: ChunkReads,
  id: EntryId,
  chunkSize: number,
  start: number,
  end: number,
  /** Told the size of every chunk buffer handed on, for the GC pacer. */
  onChunk: (bytes: number) => void = () => {},
): Readable {
  let position = start;
  return new Readable({
    highWaterMark: 0,
    read() {
      if (position > end) {
        this.push(null);
        return;
      }
      const index = Math.floor(position / chunkSize);
      const chunk = reads.readChunk(id, index);
      if (!chunk) {
        // The file was deleted while being read.
        this.destroy(new Error(`chunk ${index} of ${id} is missing`));
        return;
      }
      const from = position - index * chunkSize;
      const to = Math.min(chunk.length, end - index * chunkSize + 1);
      if (to <= from) {
        this.destroy(new Error(`chunk ${index} of ${id} is shorter than its file`));
        return;
      }
      position += to - from;
      onChunk(chunk.length);
      this.push(from === 0 && to === chunk.length ? chunk : chunk.subarray(from, to));
    },
  });
}
