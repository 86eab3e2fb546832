import type { Clock } from '../domain/clock.js';
import type { Entry, NewEntry } from '../domain/entry.js';
import type { EntryLimits } from '../domain/entry-limits.js';
import { ClientSlots } from '../domain/client-slots.js';
import { clientGroup } from '../domain/client-group.js';
import { StreamDigest } from '../domain/digest.js';
import { GuestLinkInactiveError, QuotaExceededError, BusyError, UploadLockedError } from '../domain/errors.js';
import { newEntryId, type EntryId, type GuestLinkId } from '../domain/ids.js';
import { truncateToSeconds } from '../domain/time.js';
import { ChunkWriter, type ChunkWriterOptions, type ResumePoint, type StoreChunk } from './chunk-writer.js';
import type { entryReads } from './entries.js';
import { removeChunks } from './entry-removal.js';
import type { TusHolder } from './tus-uploads.js';
import type { Writer } from './writer.js';

type EntryReads = ReturnType<typeof entryReads>;
export type UploadMetadata = Omit<NewEntry, 'id' | 'uploadTime'>;

/** Caps on uploads in progress and on what all files may take together. */
export interface UploadLimits {
  maxUploads: number;
  maxUploadsPerClient: number;
  storageQuotaBytes: number | null;
  /** Resumable uploads created and not yet complete, over all clients and per client (issue 13). */
  maxIncompleteUploads: number;
  maxIncompleteUploadsPerClient: number;
}

export const NO_UPLOAD_LIMITS: UploadLimits = {
  maxUploads: Number.POSITIVE_INFINITY,
  maxUploadsPerClient: Number.POSITIVE_INFINITY,
  storageQuotaBytes: null,
  maxIncompleteUploads: Number.POSITIVE_INFINITY,
  maxIncompleteUploadsPerClient: Number.POSITIVE_INFINITY,
};

/** How a file came in: the label of the upload metrics (issue 18). */
export type UploadPath = 'multipart' | 'raw' | 'guest' | 'tus';

/** Told of every upload's start and end, at the one place each happens (the metrics). */
export interface UploadEvents {
  uploadStarted(path: UploadPath): void;
  uploadCompleted(path: UploadPath, bytes: number): void;
  uploadFailed(path: UploadPath): void;
}

const NO_EVENTS: UploadEvents = { uploadStarted() {}, uploadCompleted() {}, uploadFailed() {} };

/** Continuing a resumable upload: where it stands and how its chunks are stored. */
export interface ResumeOptions {
  client: string;
  /** This request's body size if declared. */
  declaredBytes?: number | undefined;
  from: ResumePoint;
  storeChunk: StoreChunk;
  /** Has seen every byte before `from`; null when those bytes went in unseen (a restart). */
  digest: StreamDigest | null;
}

export interface BeginOptions {
  /** The client's address; uploads are capped per address (IPv6: per /64). */
  client: string;
  path: UploadPath;
  guestLinkId?: GuestLinkId | null;
  /** The body's size if the client declared it, for the disk reserve and the quota. */
  declaredBytes?: number;
}

// A slot frees as soon as any upload ends; a few seconds is a fair first wait.
const BUSY_RETRY_SECONDS = 5;

// 57^10 possible IDs make a clash astronomically unlikely; the bound only stops a
// broken random source from looping forever.
const MAX_ID_ATTEMPTS = 10;

/**
 * Uploads in progress. Their chunks exist before their entry row does, so
 * cleanup asks here which IDs to leave alone (decision U2).
 */
export class Uploads {
  /** In-progress uploads, with the guest link each came through, if any. */
  readonly #active = new Map<EntryId, GuestLinkId | null>();
  readonly #slots: ClientSlots;
  readonly #writer: Writer;
  readonly #entries: EntryReads;
  readonly #storedBytes: () => number;
  readonly #clock: Clock;
  readonly #limits: UploadLimits;
  readonly #events: UploadEvents;
  /**
   * Resumable uploads created and not complete, running or not: each holds a
   * slot of its guest link from creation to its end (issue 13), and they are
   * capped so that abandoned ones cannot pile up.
   */
  readonly #incomplete = new Map<EntryId, TusHolder>();

  constructor(
    writer: Writer,
    entries: EntryReads,
    storedBytes: () => number,
    clock: Clock,
    limits: UploadLimits,
    incomplete: readonly TusHolder[] = [],
    events: UploadEvents = NO_EVENTS,
  ) {
    for (const holder of incomplete) this.#incomplete.set(holder.id, holder);
    this.#events = events;
    this.#writer = writer;
    this.#entries = entries;
    this.#storedBytes = storedBytes;
    this.#clock = clock;
    this.#limits = limits;
    this.#slots = new ClientSlots(limits.maxUploads, limits.maxUploadsPerClient);
  }

  get activeCount(): number {
    return this.#active.size;
  }

  activeIds(): EntryId[] {
    return [...this.#active.keys()];
  }

  /** Uploads under way through one guest link: they hold its slots until they end. */
  activeThrough(guestLinkId: GuestLinkId): number {
    let n = 0;
    for (const link of this.#active.values()) if (link === guestLinkId) n++;
    for (const holder of this.#incomplete.values()) if (holder.guestLinkId === guestLinkId) n++;
    return n;
  }

  /** Whether a request is writing this upload's bytes right now. */
  isRunning(id: EntryId): boolean {
    return this.#active.has(id);
  }

  /** Whether a resumable upload of this ID exists and is not complete. */
  isIncomplete(id: EntryId): boolean {
    return this.#incomplete.has(id);
  }

  /**
   * Admits a new resumable upload under a fresh ID, which holds its guest
   * link's slot from now on; refused as begin() refuses, and when the caps on
   * incomplete uploads are reached (503). Synchronous, like begin().
   */
  createIncomplete({ client, guestLinkId = null, declaredBytes }: Omit<BeginOptions, 'path'>): EntryId {
    this.#admit(declaredBytes);
    const { maxIncompleteUploads, maxIncompleteUploadsPerClient } = this.#limits;
    if (this.#incomplete.size >= maxIncompleteUploads) {
      throw new BusyError('server busy: too many unfinished resumable uploads; try again later', BUSY_RETRY_SECONDS);
    }
    const group = clientGroup(client);
    let held = 0;
    for (const holder of this.#incomplete.values()) if (holder.client === group) held++;
    if (held >= maxIncompleteUploadsPerClient) {
      throw new BusyError(
        `too many unfinished resumable uploads from your address (at most ${maxIncompleteUploadsPerClient}); finish or cancel one first`,
        BUSY_RETRY_SECONDS,
      );
    }
    const id = this.#freshId();
    this.#incomplete.set(id, { id, guestLinkId, client: group });
    this.#events.uploadStarted('tus');
    return id;
  }

  /**
   * The upload ended: completed (`storedBytes`, the file's size) or given up
   * (undefined: expired, terminated, refused). Its slots are free.
   */
  forgetIncomplete(id: EntryId, storedBytes: number | undefined): void {
    if (!this.#incomplete.delete(id)) return;
    if (storedBytes === undefined) this.#events.uploadFailed('tus');
    else this.#events.uploadCompleted('tus', storedBytes);
  }

  /**
   * Continues a resumable upload with one request's body, taking an upload
   * slot for that request only, so an abandoned upload holds none. A second
   * request on the same upload is refused, never interleaved.
   */
  resume(id: EntryId, { client, declaredBytes, from, storeChunk, digest }: ResumeOptions): Upload {
    if (this.#active.has(id)) throw new UploadLockedError();
    const room = this.#admit(declaredBytes);
    const release = this.#takeSlot(client);
    // Its guest link's slot is held through #incomplete already.
    this.#active.set(id, null);
    // A request's part of a resumable upload is not an upload of its own: the
    // metrics follow the upload from creation to forgetIncomplete().
    return new Upload(id, this.#writer, this.#clock, { maxBytes: from.bytesWritten + room, resume: from, storeChunk, digest }, () => {
      this.#active.delete(id);
      release();
    });
  }

  /**
   * Starts an upload under a fresh ID (decision O3: redrawn if taken), or
   * refuses it, before any buffer is taken, when the caps are reached (503) or
   * its declared size fits neither the disk's reserve nor the quota (507). Runs synchronously, so a
   * caller's check of a guest link's free slots and this call happen without
   * another request in between.
   */
  begin({ client, path, guestLinkId = null, declaredBytes }: BeginOptions): Upload {
    const room = this.#admit(declaredBytes);
    const release = this.#takeSlot(client);
    let id: EntryId;
    try {
      id = this.#freshId();
    } catch (err) {
      release();
      throw err;
    }
    this.#active.set(id, guestLinkId);
    this.#events.uploadStarted(path);
    const events = this.#events;
    return new Upload(id, this.#writer, this.#clock, { maxBytes: room, digest: new StreamDigest() }, (stored) => {
      this.#active.delete(id);
      release();
      if (stored === undefined) events.uploadFailed(path);
      else events.uploadCompleted(path, stored);
    });
  }

  /** The room the quota leaves, or a refusal when a declared size fits neither it nor the disk's reserve. */
  #admit(declaredBytes: number | undefined): number {
    const { storageQuotaBytes } = this.#limits;
    // A declared size that would eat into the disk's reserve (issue 11); an
    // upload of unknown size is stopped by the writer once the reserve is reached.
    this.#writer.disk?.refuseDeclared(declaredBytes);
    // What the quota leaves, counting every chunk stored or being uploaded now:
    // uploads that start together may each see the same room, so the quota can
    // be passed by at most what they send at once.
    const room = storageQuotaBytes === null ? Number.POSITIVE_INFINITY : storageQuotaBytes - this.#storedBytes();
    if ((declaredBytes ?? 0) > room || room <= 0) throw new QuotaExceededError();
    return room;
  }

  #takeSlot(client: string): () => void {
    const { maxUploadsPerClient } = this.#limits;
    const release = this.#slots.take(client);
    if (release === 'all-busy') {
      throw new BusyError('server busy: too many uploads in progress; try again shortly', BUSY_RETRY_SECONDS);
    }
    if (release === 'client-busy') {
      throw new BusyError(
        `too many uploads in progress from your address (at most ${maxUploadsPerClient}); try again when one ends`,
        BUSY_RETRY_SECONDS,
      );
    }
    return release;
  }

  #freshId(): EntryId {
    for (let attempt = 0; attempt < MAX_ID_ATTEMPTS; attempt++) {
      const id = newEntryId();
      if (this.#active.has(id) || this.#incomplete.has(id) || this.#entries.isIdTaken(id)) continue;
      return id;
    }
    throw new Error('could not find an unused entry ID');
  }
}

/** One file on its way in: bytes go to `sink`, then commit() or abort(). */
export class Upload {
  readonly id: EntryId;
  readonly sink: ChunkWriter;
  readonly #writer: Writer;
  readonly #clock: Clock;
  /** Frees the upload's slots; given the bytes stored, or undefined when it failed. */
  readonly #release: (storedBytes: number | undefined) => void;
  #settled = false;

  constructor(id: EntryId, writer: Writer, clock: Clock, sink: ChunkWriterOptions, release: (storedBytes: number | undefined) => void) {
    this.id = id;
    this.sink = new ChunkWriter(writer, id, sink);
    this.#writer = writer;
    this.#clock = clock;
    this.#release = release;
  }

  get size(): number {
    return this.sink.state.bytesWritten;
  }

  /**
   * Writes the entry row: the file becomes visible, complete (decision U2). A
   * guest's file is refused, and deleted, if its link has meanwhile filled up.
   * A download limit or passphrase (issue 15) is stored in the same transaction.
   */
  async commit(metadata: UploadMetadata, guestLinkMaxUploads: number | null = null, limits?: EntryLimits): Promise<Entry> {
    if (!this.sink.writableFinished) throw new Error('commit before the last chunk was written');
    const entry: NewEntry = { ...metadata, id: this.id, uploadTime: truncateToSeconds(this.#clock.now()) };
    const limited = limits !== undefined && (limits.maxDownloads !== null || limits.passphraseHash !== null);
    try {
      const stored = limited
        ? await this.#writer.call('insertLimitedEntry', entry, guestLinkMaxUploads, limits)
        : entry.guestLinkId === null
          ? (await this.#writer.call('insertEntry', entry), true)
          : await this.#writer.call('insertGuestEntry', entry, guestLinkMaxUploads);
      if (!stored) throw new GuestLinkInactiveError();
    } catch (err) {
      await this.abort();
      throw err;
    }
    this.#settle();
    await this.#storeDigest(entry.uploadTime);
    return { ...entry, size: this.size };
  }

  /** Stops the upload and deletes what it wrote (decision U3). Safe to call twice. */
  async abort(): Promise<void> {
    if (this.#settled) return;
    this.#settled = true;
    if (!this.sink.destroyed) this.sink.destroy();
    await new Promise((resolve) => (this.sink.closed ? resolve(undefined) : this.sink.once('close', resolve)));
    try {
      // Queued after this upload's inserts, so it sees all of them. If it fails
      // (the disk may be full), start-up or periodic cleanup removes the rows.
      await removeChunks(this.#writer, this.id);
    } finally {
      this.#release(undefined);
    }
  }

  /**
   * Ends this request's part of a resumable upload, keeping what it stored:
   * the upload continues with a later request. `beforeRelease` runs while the
   * upload is still held. Safe to call twice.
   */
  async suspend(beforeRelease?: () => Promise<void>): Promise<void> {
    if (this.#settled) return;
    this.#settled = true;
    if (!this.sink.writableFinished && !this.sink.destroyed) this.sink.destroy();
    await new Promise((resolve) => (this.sink.closed ? resolve(undefined) : this.sink.once('close', resolve)));
    try {
      await beforeRelease?.();
    } finally {
      this.#release(undefined);
    }
  }

  /**
   * Stored right after the entry (issue 17). The file is complete whatever
   * happens here: a digest that could not be written, or was never computed
   * (an upload continued after a restart), is read back by the backfill.
   */
  async #storeDigest(at: Date): Promise<void> {
    const digest = this.sink.digest?.finish();
    if (!digest) return;
    await this.#writer.call('insertDigest', this.id, digest, at).catch(() => undefined);
  }

  #settle(): void {
    this.#settled = true;
    this.#release(this.size);
  }
}
