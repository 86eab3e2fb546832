import { Readable } from 'node:stream';
import { segmentAt, type ZipPlan } from '../domain/zip-layout.js';

/**
 * Bytes [start, end] of a planned zip: headers are built as they are reached,
 * members' data is read through `openData` (the chunk reader) for just the part
 * the range covers. One segment at a time, pulled by the consumer, so memory is
 * a chunk whatever the archive's size. Destroying the stream closes the member
 * being read.
 */
export function streamZip<S>(plan: ZipPlan<S>, start: number, end: number, openData: (source: S, from: number, to: number) => Readable): Readable {
  async function* bytes(): AsyncGenerator<Buffer> {
    let position = start;
    for (let i = segmentAt(plan, start); i < plan.segments.length && position <= end; i++) {
      const segment = plan.segments[i]!;
      const from = position - segment.start;
      const to = Math.min(segment.length - 1, end - segment.start);
      if (segment.kind === 'bytes') yield segment.build().subarray(from, to + 1);
      else for await (const chunk of openData(segment.source, from, to)) yield chunk as Buffer;
      position = segment.start + to + 1;
    }
  }
  return Readable.from(bytes(), { objectMode: false, highWaterMark: 0 });
}
