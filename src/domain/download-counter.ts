import { addInterval, coversAll, type Interval } from './byte-coverage.js';
import type { Clock } from './clock.js';
import type { EntryId } from './ids.js';

// Range pieces from one client add up to a download within this window (issue 15).
const COVERAGE_WINDOW_MS = 3_600_000;
// A client that stopped may take up where it stopped this long after, even
// once the limit is reached.
const RESUME_WINDOW_MS = 10 * 60_000;
// Memory bounds: pieces per client, clients per file, files followed at once.
const MAX_INTERVALS = 16;
const MAX_CLIENTS_PER_ENTRY = 32;
const MAX_ENTRIES = 256;

interface ClientState {
  firstSeen: number;
  intervals: Interval[];
  /** Transfers of this client running now. */
  active: number;
  /** Where its last transfer stopped, and when. */
  stoppedAt?: number;
  stoppedTime?: number;
}

interface EntryState {
  /** Transfers from byte 0 running now, each holding one download left. */
  reserved: number;
  /**
   * Downloads counted, at least: the database's count when this state was
   * made, plus those counted here since. The database alone would not do: a
   * write lands there before its reply reaches this thread.
   */
  counted: number;
  /** Downloads counted here whose database write has not been acknowledged; the state is kept until then. */
  pending: number;
  clients: Map<string, ClientState>;
}

export interface Admission {
  entryId: EntryId;
  /** The file's limit and the downloads counted in the database. */
  maxDownloads: number;
  downloadsCounted: number;
  client: string;
  size: number;
  start: number;
  end: number;
}

/** One admitted transfer; end() once, when its response closes. */
export interface Transfer {
  end(bytesSent: number): void;
}

/**
 * Counts downloads of limited files honestly (issue 15): a download is a whole
 * file received by one client, in one response or in ranges; a transfer from
 * byte 0 holds one of the downloads left while it runs, so concurrent
 * transfers never pass the limit. Everything here is synchronous: admit()
 * checks and takes in one step.
 */
export class DownloadCounter {
  readonly #entries = new Map<EntryId, EntryState>();
  readonly #clock: Clock;
  readonly #persist: (id: EntryId) => Promise<void>;

  /** `persist` adds one download to the file's stored count. */
  constructor(clock: Clock, persist: (id: EntryId) => Promise<void>) {
    this.#clock = clock;
    this.#persist = persist;
  }

  /** Downloads left, counting transfers in progress as taken. */
  left(id: EntryId, maxDownloads: number, downloadsCounted: number): number {
    const state = this.#entries.get(id);
    const counted = Math.max(downloadsCounted, state?.counted ?? 0);
    return Math.max(0, maxDownloads - counted - (state?.reserved ?? 0));
  }

  /**
   * Whether this request may start, without taking anything (HEAD). It may when
   * downloads are left, or when the client is in the middle of its own
   * download: seeking, or resuming where it stopped.
   */
  mayStart(a: Admission): boolean {
    if (this.left(a.entryId, a.maxDownloads, a.downloadsCounted) > 0) return true;
    if (a.start === 0) return false;
    const client = this.#client(a, false);
    if (!client) return false;
    const now = this.#clock.now().getTime();
    const resuming = client.stoppedAt !== undefined && a.start <= client.stoppedAt && now - client.stoppedTime! <= RESUME_WINDOW_MS;
    return resuming || client.active > 0;
  }

  /** Starts a transfer, or returns undefined when the limit is reached. */
  admit(a: Admission): Transfer | undefined {
    if (!this.mayStart(a)) return undefined;
    const entry = this.#entry(a.entryId, a.downloadsCounted);
    const holds = a.start === 0 && this.left(a.entryId, a.maxDownloads, a.downloadsCounted) > 0;
    if (holds) entry.reserved++;
    const client = this.#client(a, true)!;
    client.active++;
    let ended = false;
    return {
      end: (bytesSent) => {
        if (ended) return;
        ended = true;
        client.active--;
        if (holds) entry.reserved--;
        this.#finish(a, client, bytesSent);
      },
    };
  }

  #finish(a: Admission, client: ClientState, bytesSent: number): void {
    const wanted = a.end - a.start + 1;
    if (bytesSent > 0) client.intervals = addInterval(client.intervals, a.start, a.start + Math.min(bytesSent, wanted) - 1, MAX_INTERVALS);
    // Where the client may take up again: after an interruption, and after a
    // piece of a download fetched in ranges one after another.
    client.stoppedAt = a.start + Math.min(bytesSent, wanted);
    client.stoppedTime = this.#clock.now().getTime();
    const whole = (a.start === 0 && a.end === a.size - 1 && bytesSent >= wanted) || coversAll(client.intervals, a.size);
    if (whole) {
      this.#entry(a.entryId, a.downloadsCounted).clients.delete(a.client);
      this.#count(a);
    }
    this.#forgetIfIdle(a.entryId);
  }

  #count(a: Admission): void {
    const id = a.entryId;
    const entry = this.#entry(id, a.downloadsCounted);
    entry.counted++;
    entry.pending++;
    // Until the write lands, the download stays taken here; a failed write
    // leaves the file one download short of honest, never over its limit.
    void this.#persist(id)
      .catch(() => {})
      .finally(() => {
        entry.pending--;
        this.#forgetIfIdle(id);
      });
  }

  #entry(id: EntryId, downloadsCounted: number): EntryState {
    let entry = this.#entries.get(id);
    if (!entry) {
      if (this.#entries.size >= MAX_ENTRIES) this.#evictEntry();
      entry = { reserved: 0, counted: downloadsCounted, pending: 0, clients: new Map() };
      this.#entries.set(id, entry);
    }
    entry.counted = Math.max(entry.counted, downloadsCounted);
    return entry;
  }

  #client(a: Admission, create: boolean): ClientState | undefined {
    const key = a.client;
    const now = this.#clock.now().getTime();
    const entry = create ? this.#entry(a.entryId, a.downloadsCounted) : this.#entries.get(a.entryId);
    if (!entry) return undefined;
    let client = entry.clients.get(key);
    if (client && client.active === 0 && now - client.firstSeen > COVERAGE_WINDOW_MS) {
      entry.clients.delete(key);
      client = undefined;
    }
    if (!client && create) {
      if (entry.clients.size >= MAX_CLIENTS_PER_ENTRY) {
        for (const [k, c] of entry.clients) {
          if (c.active === 0) {
            entry.clients.delete(k);
            break;
          }
        }
      }
      client = { firstSeen: now, intervals: [], active: 0 };
      entry.clients.set(key, client);
    }
    return client;
  }

  #forgetIfIdle(id: EntryId): void {
    const entry = this.#entries.get(id);
    if (entry && entry.reserved === 0 && entry.pending === 0 && entry.clients.size === 0) this.#entries.delete(id);
  }

  /** Drops the oldest file whose state holds no transfer: only coverage is lost. */
  #evictEntry(): void {
    for (const [id, entry] of this.#entries) {
      if (entry.reserved === 0 && entry.pending === 0 && [...entry.clients.values()].every((c) => c.active === 0)) {
        this.#entries.delete(id);
        return;
      }
    }
  }
}
