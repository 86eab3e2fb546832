import { Writable } from 'node:stream';
import type { StreamDigest } from '../domain/digest.js';
import { QuotaExceededError } from '../domain/errors.js';
import type { EntryId } from '../domain/ids.js';
import type { Writer } from './writer.js';

// Chunks being inserted while the next one fills: with one in flight the socket
// is read while the worker writes; beyond the limit the stream stops taking data,
// which pauses the socket (decision U1).
const MAX_IN_FLIGHT = 2;

/** Where an upload stands: enough to continue it from the next byte. */
export interface ChunkWriterState {
  entryId: EntryId;
  /** Index of the chunk row the next full buffer becomes. */
  nextIndex: number;
  /** Bytes taken so far, including the partial tail not yet inserted. */
  bytesWritten: number;
  /** Bytes of the partial tail chunk held in memory. */
  tailLength: number;
}

/**
 * Stores one chunk row: bytes [0, length) of a buffer from takeBuffer(), which
 * is handed over and must not be touched again. `bytesAfter` is the upload's
 * size once this chunk is stored.
 */
export type StoreChunk = (buffer: Buffer, length: number, index: number, bytesAfter: number) => Promise<void>;

/** Where a stored upload continues (tus, issue 13): the partial last chunk is rewritten, grown. */
export interface ResumePoint {
  /** Index of the chunk the next bytes go into: the tail's own index when there is a tail. */
  nextIndex: number;
  bytesWritten: number;
  /** The stored partial last chunk, if the upload does not end on a chunk boundary. */
  tail?: Buffer | undefined;
}

export interface ChunkWriterOptions {
  /** More than this many bytes in all and the stream fails with QuotaExceededError. */
  maxBytes?: number;
  resume?: ResumePoint;
  /** How a chunk is stored; by default one plain INSERT. */
  storeChunk?: StoreChunk;
  /** Fed every byte taken after `resume`'s (issue 17); it must have seen all the bytes before. */
  digest?: StreamDigest | null;
}

/**
 * A Writable that cuts a byte stream into fixed-size chunk rows: every full chunk
 * is one INSERT (via the writer worker), the last partial one is written on end.
 * It never holds more than MAX_IN_FLIGHT + 1 chunks.
 */
export class ChunkWriter extends Writable {
  readonly #writer: Writer;
  readonly #entryId: EntryId;
  readonly #inFlight = new Set<Promise<void>>();
  #buffer: Buffer | undefined;
  #fill = 0;
  #nextIndex = 0;
  #bytes = 0;
  #failure: unknown;

  readonly #maxBytes: number;
  readonly #storeChunk: StoreChunk;
  /**
   * Sees every byte taken, in order (issue 17). Null when earlier bytes went in
   * without it (an upload continued after a restart): the digest is then read
   * back from the chunks once the upload is complete.
   */
  readonly digest: StreamDigest | null;

  constructor(writer: Writer, entryId: EntryId, { maxBytes = Number.POSITIVE_INFINITY, resume, storeChunk, digest = null }: ChunkWriterOptions = {}) {
    super({ highWaterMark: 64 * 1024 });
    this.#writer = writer;
    this.#entryId = entryId;
    this.#maxBytes = maxBytes;
    this.#storeChunk = storeChunk ?? ((buffer, length, index) => writer.insertChunk(buffer, length, entryId, index));
    if (resume) {
      this.#nextIndex = resume.nextIndex;
      this.#bytes = resume.bytesWritten;
      if (resume.tail && resume.tail.length > 0) {
        this.#buffer = writer.takeBuffer();
        this.#fill = resume.tail.copy(this.#buffer);
      }
    }
    this.digest = digest;
  }

  get state(): ChunkWriterState {
    return { entryId: this.#entryId, nextIndex: this.#nextIndex, bytesWritten: this.#bytes, tailLength: this.#fill };
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (err?: Error | null) => void): void {
    this.#append(chunk).then(() => callback(), callback);
  }

  override _final(callback: (err?: Error | null) => void): void {
    this.#finish().then(() => callback(), callback);
  }

  override _destroy(err: Error | null, callback: (err?: Error | null) => void): void {
    // Settle first, so "destroyed" means no insert of this upload is still queued.
    Promise.allSettled(this.#inFlight).then(() => callback(err));
  }

  async #append(chunk: Buffer): Promise<void> {
    if (this.#bytes + chunk.length > this.#maxBytes) throw new QuotaExceededError();
    this.digest?.update(chunk);
    const size = this.#writer.chunkSize;
    for (let offset = 0; offset < chunk.length; ) {
      this.#buffer ??= this.#writer.takeBuffer();
      const copied = chunk.copy(this.#buffer, this.#fill, offset);
      offset += copied;
      this.#fill += copied;
      this.#bytes += copied;
      if (this.#fill === size) await this.#flush();
    }
  }

  async #finish(): Promise<void> {
    if (this.#fill > 0) await this.#flush();
    await Promise.all(this.#inFlight);
    this.#throwIfFailed();
  }

  async #flush(): Promise<void> {
    while (this.#inFlight.size >= MAX_IN_FLIGHT) await Promise.race(this.#inFlight);
    this.#throwIfFailed();
    const buffer = this.#buffer!;
    const length = this.#fill;
    const index = this.#nextIndex++;
    this.#buffer = undefined;
    this.#fill = 0;
    const insert: Promise<void> = this.#storeChunk(buffer, length, index, this.#bytes)
      .catch((err: unknown) => {
        this.#failure ??= err;
      })
      .finally(() => this.#inFlight.delete(insert));
    this.#inFlight.add(insert);
  }

  #throwIfFailed(): void {
    if (this.#failure !== undefined) throw this.#failure;
  }
}
