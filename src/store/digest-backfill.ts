import type { Logger } from 'pino';
import type { Clock } from '../domain/clock.js';
import type { chunkReads } from './chunks.js';
import { readBackDigest } from './digest-read-back.js';
import type { digestReads } from './digests.js';
import type { Writer } from './writer.js';

// Entries looked up per query; the pass ends when a query returns none.
const BATCH = 50;
// Progress goes to the log at most this often, and when a pass ends.
const PROGRESS_EVERY_MS = 10_000;
// Files without a digest appear later too (an upload whose digest write failed,
// one continued after a restart): a pass runs this often, cheaply when none are.
const DEFAULT_INTERVAL_MS = 10 * 60_000;

export interface DigestBackfillOptions {
  digests: ReturnType<typeof digestReads>;
  chunks: ReturnType<typeof chunkReads>;
  writer: Writer;
  clock: Clock;
  log: Logger;
}

export interface BackfillReport {
  computed: number;
  bytes: number;
}

/**
 * Computes the digests of files stored without one (upstream's, mostly), in
 * the background after start-up (issue 17). Low priority: one chunk per query
 * with a turn of the event loop between chunks, one file at a time. Resumable:
 * each file's digest is written as soon as it is known, so a restart continues
 * with the files still missing one (a file cut off half-read starts again).
 */
export class DigestBackfill {
  readonly #options: DigestBackfillOptions;
  readonly #abort = new AbortController();
  #running: Promise<BackfillReport> | undefined;
  #again = false;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: DigestBackfillOptions) {
    this.#options = options;
  }

  /** Runs a pass now and then one every `intervalMs`. */
  start(intervalMs = DEFAULT_INTERVAL_MS): void {
    this.nudge();
    this.#timer = setInterval(() => this.nudge(), intervalMs);
    this.#timer.unref();
  }

  /** Asks for a pass soon: now, or right after the one under way. */
  nudge(): void {
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.run().catch((err: unknown) => this.#options.log.warn({ err }, 'digest backfill failed; it will be retried'));
  }

  /** One pass over every file without a digest; concurrent callers share it. */
  run(): Promise<BackfillReport> {
    this.#running ??= this.#pass().finally(() => {
      this.#running = undefined;
      if (this.#again && !this.#abort.signal.aborted) {
        this.#again = false;
        this.nudge();
      }
    });
    return this.#running;
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#abort.abort();
    await this.#running?.catch(() => undefined);
  }

  async #pass(): Promise<BackfillReport> {
    const { digests, chunks, writer, clock, log } = this.#options;
    const signal = this.#abort.signal;
    const report: BackfillReport = { computed: 0, bytes: 0 };
    const missing = digests.countEntriesWithoutDigest();
    if (missing === 0) return report;
    log.info({ entries: missing }, 'digest backfill started');
    let lastLog = performance.now();
    let after = '';
    for (;;) {
      const ids = digests.entriesWithoutDigest(after, BATCH);
      if (ids.length === 0 || signal.aborted) break;
      for (const id of ids) {
        after = id;
        const read = await readBackDigest(chunks, id, signal);
        if (signal.aborted) break;
        // Gone meanwhile, or never had bytes: nothing to vouch for.
        if (!read) continue;
        if (await writer.call('insertDigest', id, read.digest, clock.now())) {
          report.computed++;
          report.bytes += read.bytes;
        }
        if (performance.now() - lastLog >= PROGRESS_EVERY_MS) {
          lastLog = performance.now();
          log.info({ ...report, entries: missing }, 'digest backfill progress');
        }
      }
    }
    log.info({ ...report, entries: missing, stopped: signal.aborted || undefined }, 'digest backfill finished');
    return report;
  }
}
