import type { Clock } from '../domain/clock.js';
import type { Entry, NewEntry } from '../domain/entry.js';
import type { EntryLimits } from '../domain/entry-limits.js';
import { ClientSlots } from '../domain/client-slots.js';
import { GuestLinkInactiveError, QuotaExceededError, BusyError } from '../domain/errors.js';
import { newEntryId, type EntryId, type GuestLinkId } from '../domain/ids.js';
import { truncateToSeconds } from '../domain/time.js';
import { ChunkWriter } from './chunk-writer.js';
import type { entryReads } from './entries.js';
import { removeChunks } from './entry-removal.js';
import type { Writer } from './writer.js';

type EntryReads = ReturnType<typeof entryReads>;
export type UploadMetadata = Omit<NewEntry, 'id' | 'uploadTime'>;

/** Caps on uploads in progress and on what all files may take together. */
export interface UploadLimits {
  maxUploads: number;
  maxUploadsPerClient: number;
  storageQuotaBytes: number | null;
}

export const NO_UPLOAD_LIMITS: UploadLimits = {
  maxUploads: Number.POSITIVE_INFINITY,
  maxUploadsPerClient: Number.POSITIVE_INFINITY,
  storageQuotaBytes: null,
};

export interface BeginOptions {
  /** The client's address; uploads are capped per address (IPv6: per /64). */
  client: string;
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

  constructor(writer: Writer, entries: EntryReads, storedBytes: () => number, clock: Clock, limits: UploadLimits) {
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
    return n;
  }

  /**
   * Starts an upload under a fresh ID (decision O3: redrawn if taken), or
   * refuses it, before any buffer is taken, when the caps are reached (503) or
   * its declared size fits neither the disk's reserve nor the quota (507). Runs synchronously, so a
   * caller's check of a guest link's free slots and this call happen without
   * another request in between.
   */
  begin({ client, guestLinkId = null, declaredBytes }: BeginOptions): Upload {
    const { maxUploadsPerClient, storageQuotaBytes } = this.#limits;
    // A declared size that would eat into the disk's reserve (issue 11); an
    // upload of unknown size is stopped by the writer once the reserve is reached.
    this.#writer.disk?.refuseDeclared(declaredBytes);
    // What the quota leaves, counting every chunk stored or being uploaded now:
    // uploads that start together may each see the same room, so the quota can
    // be passed by at most what they send at once.
    const room = storageQuotaBytes === null ? Number.POSITIVE_INFINITY : storageQuotaBytes - this.#storedBytes();
    if ((declaredBytes ?? 0) > room || room <= 0) throw new QuotaExceededError();
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
    for (let attempt = 0; attempt < MAX_ID_ATTEMPTS; attempt++) {
      const id = newEntryId();
      if (this.#active.has(id) || this.#entries.isIdTaken(id)) continue;
      this.#active.set(id, guestLinkId);
      return new Upload(id, this.#writer, this.#clock, room, () => {
        this.#active.delete(id);
        release();
      });
    }
    release();
    throw new Error('could not find an unused entry ID');
  }
}

/** One file on its way in: bytes go to `sink`, then commit() or abort(). */
export class Upload {
  readonly id: EntryId;
  readonly sink: ChunkWriter;
  readonly #writer: Writer;
  readonly #clock: Clock;
  readonly #release: () => void;
  #settled = false;

  constructor(id: EntryId, writer: Writer, clock: Clock, maxBytes: number, release: () => void) {
    this.id = id;
    this.sink = new ChunkWriter(writer, id, maxBytes);
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
      this.#release();
    }
  }

  #settle(): void {
    this.#settled = true;
    this.#release();
  }
}
