import type { Clock } from '../domain/clock.js';
import { StreamDigest } from '../domain/digest.js';
import type { Entry } from '../domain/entry.js';
import { UploadLockedError } from '../domain/errors.js';
import type { EntryId, GuestLinkId } from '../domain/ids.js';
import { tusExpiresAt, type TusFile, type TusUpload } from '../domain/tus-upload.js';
import type { ResumePoint } from './chunk-writer.js';
import type { chunkReads } from './chunks.js';
import { readBackDigest } from './digest-read-back.js';
import { removeChunks } from './entry-removal.js';
import type { tusUploadReads } from './tus-uploads.js';
import type { Upload, Uploads } from './uploads.js';
import type { Writer } from './writer.js';

type ChunkReads = ReturnType<typeof chunkReads>;
type TusReads = ReturnType<typeof tusUploadReads>;

// Expired uploads fetched per query while cleaning up.
const EXPIRED_BATCH = 100;
// Without a checksum to wait for, the offset is recorded with every this many
// chunks (5 MiB at the default size) and at the end of each request: a crash
// loses at most that much of an upload's progress, never a byte it reported,
// and the other chunks are plain writes, as fast as the other upload paths'.
const OFFSET_EVERY_CHUNKS = 16;

export interface CreateTusOptions {
  client: string;
  guestLinkId: GuestLinkId | null;
  length: number | null;
  file: TusFile;
}

export interface ExpiryReport {
  expiredUploads: number;
  expiredChunks: number;
}

/**
 * Resumable uploads (tus 1.0, issue 13) over the one chunk writer: each
 * request's bytes continue the upload from its stored state. Admission and
 * slots are Uploads'; this keeps the state in tus_uploads, beside the chunks.
 */
export class TusUploads {
  readonly #writer: Writer;
  readonly #uploads: Uploads;
  readonly #reads: TusReads;
  readonly #chunks: ChunkReads;
  readonly #clock: Clock;
  readonly ttlMs: number;
  /**
   * The running digest of each upload this process has seen from byte 0, and
   * the offset it has hashed to (issue 17). Bounded by the caps on incomplete
   * uploads. After a restart an upload has none: its digest is then read back
   * once it completes.
   */
  readonly #digests = new Map<EntryId, { digest: StreamDigest; offset: number }>();

  constructor(writer: Writer, uploads: Uploads, reads: TusReads, chunks: ChunkReads, clock: Clock, ttlMs: number) {
    this.#writer = writer;
    this.#uploads = uploads;
    this.#reads = reads;
    this.#chunks = chunks;
    this.#clock = clock;
    this.ttlMs = ttlMs;
  }

  expiresAt(upload: TusUpload): Date {
    return tusExpiresAt(upload, this.ttlMs);
  }

  /** Admits and records a new upload; its entry row waits for the last byte (decision U2). */
  async create({ client, guestLinkId, length, file }: CreateTusOptions): Promise<TusUpload> {
    const id = this.#uploads.createIncomplete({ client, guestLinkId, ...(length === null ? {} : { declaredBytes: length }) });
    const now = this.#clock.now();
    try {
      await this.#writer.call('insertTusUpload', { id, length, file, guestLinkId, client }, now);
    } catch (err) {
      this.#uploads.forgetIncomplete(id, undefined);
      throw err;
    }
    return this.#reads.findTusUpload(id)!;
  }

  /** An incomplete upload that has not expired. */
  find(id: EntryId): TusUpload | undefined {
    if (!this.#uploads.isIncomplete(id)) return undefined;
    const upload = this.#reads.findTusUpload(id);
    if (!upload || this.expiresAt(upload) <= this.#clock.now()) return undefined;
    return upload;
  }

  /** Fixes a deferred length (creation-defer-length). */
  async setLength(upload: TusUpload, length: number): Promise<TusUpload> {
    await this.#writer.call('setTusLength', upload.id, length, this.#clock.now());
    return { ...upload, length };
  }

  /**
   * Starts one request's write into an upload, refused (423) while another
   * runs. With `verify` (a checksum to check at the end) the offset is recorded
   * only once the caller accepts the bytes; otherwise with every chunk.
   */
  async open(upload: TusUpload, { client, declaredBytes, verify }: { client: string; declaredBytes?: number | undefined; verify: boolean }): Promise<TusWrite> {
    const from = this.#resumePoint(upload);
    const id = upload.id;
    const saved = this.#digests.get(id);
    const base = saved?.offset === upload.offset ? saved.digest : upload.offset === 0 ? new StreamDigest() : null;
    // The request hashes into a fork; it replaces `base` only once its bytes are stored.
    const digest = base?.fork() ?? null;
    const writer = this.#writer;
    const clock = this.#clock;
    const running = this.#uploads.resume(id, {
      client,
      declaredBytes,
      from,
      storeChunk: (buffer, length, index, bytesAfter) =>
        writer.lendChunk('storeTusChunk', buffer, length, id, index, !verify && index % OFFSET_EVERY_CHUNKS === OFFSET_EVERY_CHUNKS - 1 ? bytesAfter : null, clock.now()),
      digest,
    });
    try {
      // Rows past the stored offset are what a crash or a refused request left behind.
      await this.#deleteChunksFrom(id, from.tail ? from.nextIndex + 1 : from.nextIndex);
    } catch (err) {
      await running.suspend();
      throw err;
    }
    return new TusWrite(upload, running, from, this, verify, base);
  }

  /** Deletes an upload that is not running, at once (termination). */
  async terminate(upload: TusUpload): Promise<void> {
    if (this.#uploads.isRunning(upload.id)) throw new UploadLockedError();
    await this.#remove(upload.id);
  }

  /** Deletes uploads without progress for the expiry time; never one that is running. */
  async expire(now: Date, stopping: () => boolean): Promise<ExpiryReport> {
    const report: ExpiryReport = { expiredUploads: 0, expiredChunks: 0 };
    await this.#writer.call('deleteCompletedTusRows');
    const cutoff = new Date(now.getTime() - this.ttlMs);
    const seen = new Set<EntryId>();
    for (;;) {
      const ids = (await this.#writer.call('expiredTusUploadIds', cutoff, EXPIRED_BATCH)).filter((id) => !seen.has(id));
      if (ids.length === 0) return report;
      for (const id of ids) {
        seen.add(id);
        if (stopping()) return report;
        if (this.#uploads.isRunning(id)) continue;
        report.expiredChunks += await this.#remove(id);
        report.expiredUploads++;
      }
    }
  }

  async #remove(id: EntryId): Promise<number> {
    // Forgotten first, synchronously: a request arriving now finds no upload.
    this.#uploads.forgetIncomplete(id, undefined);
    this.#digests.delete(id);
    await this.#writer.call('deleteTusUpload', id);
    return (await removeChunks(this.#writer, id)).rows;
  }

  async #deleteChunksFrom(id: EntryId, fromIndex: number): Promise<void> {
    while ((await this.#writer.call('deleteChunksFrom', id, fromIndex)) > 0);
  }

  /** Where the stored bytes end: the chunk they continue in, and its stored part, read back. */
  #resumePoint(upload: TusUpload): ResumePoint {
    const size = this.#writer.chunkSize;
    const nextIndex = Math.floor(upload.offset / size);
    const tailLength = upload.offset - nextIndex * size;
    if (tailLength === 0) return { nextIndex, bytesWritten: upload.offset };
    const row = this.#chunks.readChunk(upload.id, nextIndex);
    if (!row || row.length < tailLength) throw new Error(`tus upload ${upload.id} lost its stored bytes`);
    return { nextIndex, bytesWritten: upload.offset, tail: row.subarray(0, tailLength) };
  }

  /** @internal TusWrite's way back in. */
  async restore(write: TusWrite): Promise<void> {
    const { id } = write.upload;
    const { from } = write;
    if (from.tail) {
      const buffer = this.#writer.takeBuffer();
      const length = from.tail.copy(buffer);
      await this.#writer.lendChunk('storeTusChunk', buffer, length, id, from.nextIndex, null, this.#clock.now());
    }
    await this.#deleteChunksFrom(id, from.tail ? from.nextIndex + 1 : from.nextIndex);
  }

  /**
   * @internal A request on the upload ended without completing it: keeps the
   * digest that matches what is now stored, or none (read back at completion).
   */
  keepDigest(write: TusWrite): void {
    const { id } = write.upload;
    const stored = this.#reads.findTusUpload(id)?.offset;
    const forked = write.sink.digest;
    if (stored !== undefined && forked && stored === write.sink.state.bytesWritten) this.#digests.set(id, { digest: forked, offset: stored });
    else if (stored !== undefined && write.base && stored === write.upload.offset) this.#digests.set(id, { digest: write.base, offset: stored });
    else this.#digests.delete(id);
  }

  /** @internal */
  async recordOffset(id: EntryId, offset: number): Promise<void> {
    await this.#writer.call('setTusOffset', id, offset, this.#clock.now());
  }

  /** @internal The last byte arrived: the entry row is written, the upload's row goes. */
  async complete(write: TusWrite, guestLinkMaxUploads: number | null): Promise<Entry> {
    const { upload } = write;
    let stored: number | undefined;
    try {
      const { limits, ...file } = upload.file;
      const entry = await write.running.commit({ ...file, guestLinkId: upload.guestLinkId }, guestLinkMaxUploads, limits);
      stored = entry.size;
      // Continued after a restart, so no digest saw every byte: read back, in the
      // background, one chunk per turn (issue 17).
      if (write.sink.digest === null) void this.#readBackDigest(entry.id);
      return entry;
    } finally {
      // Committed or refused (its chunks are then gone): either way it is no longer incomplete.
      this.#uploads.forgetIncomplete(upload.id, stored);
      this.#digests.delete(upload.id);
      await this.#writer.call('deleteTusUpload', upload.id);
    }
  }

  async #readBackDigest(id: EntryId): Promise<void> {
    try {
      const read = await readBackDigest(this.#chunks, id);
      if (read) await this.#writer.call('insertDigest', id, read.digest, this.#clock.now());
    } catch {
      // The backfill computes what could not be computed here.
    }
  }
}

/** One request's bytes on their way into a resumable upload. */
export class TusWrite {
  readonly #owner: TusUploads;

  constructor(
    readonly upload: TusUpload,
    readonly running: Upload,
    readonly from: ResumePoint,
    owner: TusUploads,
    readonly verify: boolean,
    /** The digest of the bytes before this request's, if known. */
    readonly base: StreamDigest | null,
  ) {
    this.#owner = owner;
  }

  get sink(): Upload['sink'] {
    return this.running.sink;
  }

  /** Bytes stored once the sink has finished. */
  get offset(): number {
    return this.running.size;
  }

  /** Accepts what the finished sink stored; returns the new offset. */
  async accept(): Promise<number> {
    await this.#owner.recordOffset(this.upload.id, this.offset);
    return this.offset;
  }

  /** Throws away this request's bytes (a checksum that does not match): the upload is as it was. */
  async reject(): Promise<void> {
    // Restored before the upload is released, so no next request sees it half undone.
    await this.running.suspend(async () => {
      await this.#owner.restore(this);
      this.#owner.keepDigest(this);
    });
  }

  complete(guestLinkMaxUploads: number | null): Promise<Entry> {
    return this.#owner.complete(this, guestLinkMaxUploads);
  }

  /** Ends this request; the upload waits for the next. */
  suspend(): Promise<void> {
    return this.running.suspend(async () => {
      // A request cut off without a checksum keeps what it stored, up to its last chunk.
      if (!this.verify && this.sink.writableFinished) await this.#owner.recordOffset(this.upload.id, this.offset);
      this.#owner.keepDigest(this);
    });
  }
}
