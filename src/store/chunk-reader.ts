import { Readable } from 'node:stream';
import type { EntryId } from '../domain/ids.js';
import type { chunkReads } from './chunks.js';

type ChunkReads = ReturnType<typeof chunkReads>;

/**
 * Streams bytes [start, end] of a file, one chunk row per query (decision D3),
 * starting at the chunk that holds `start`. With no read-ahead buffer, the next
 * chunk is fetched only once the consumer has taken the previous one, so a slow
 * client never makes the server hold more than a chunk.
 *
 * Each read waits for the event loop's next turn: a fast client drains the
 * socket synchronously, and without the pause one download read chunk after
 * chunk in a single turn, holding every other request for up to seconds when
 * the disk was slow (found by `npm run bench`).
 */
export function readChunks(
  reads: ChunkReads,
  id: EntryId,
  chunkSize: number,
  start: number,
  end: number,
  /** Told the size of every chunk buffer handed on (for the GC pacer) and how many file bytes of it go out. */
  onChunk: (bytes: number, sent: number) => void = () => {},
): Readable {
  let position = start;
  const stream = new Readable({
    highWaterMark: 0,
    read() {
      setImmediate(readNext);
    },
  });

  function readNext(): void {
    if (stream.destroyed) return;
    if (position > end) {
      stream.push(null);
      return;
    }
    const index = Math.floor(position / chunkSize);
    const chunk = reads.readChunk(id, index);
    if (!chunk) {
      // The file was deleted while being read.
      stream.destroy(new Error(`chunk ${index} of ${id} is missing`));
      return;
    }
    const from = position - index * chunkSize;
    const to = Math.min(chunk.length, end - index * chunkSize + 1);
    if (to <= from) {
      stream.destroy(new Error(`chunk ${index} of ${id} is shorter than its file`));
      return;
    }
    position += to - from;
    onChunk(chunk.length, to - from);
    stream.push(from === 0 && to === chunk.length ? chunk : chunk.subarray(from, to));
  }

  return stream;
}
