import { statfs, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Logger } from 'pino';
import type { Clock } from '../domain/clock.js';
import { DiskFullError } from '../domain/errors.js';
import type { EntryId } from '../domain/ids.js';
import { removeChunks } from './entry-removal.js';
import type { ExpiryReport, TusUploads } from './tus-store.js';
import type { Uploads } from './uploads.js';
import type { Writer } from './writer.js';

// Entries fetched per query while purging; the loop ends when a query returns none.
const EXPIRED_BATCH = 100;
// A run cut short by a full disk is tried again this much later (issue 11).
const DISK_FULL_RETRY_MS = 60_000;

export interface CleanupOptions {
  writer: Writer;
  uploads: Uploads;
  /** Resumable uploads: those without progress for their expiry time are deleted (issue 13). */
  tus?: TusUploads;
  clock: Clock;
  log: Logger;
  dbPath: string;
  /** Run VACUUM after each cleanup (decision O2; off unless --vacuum). */
  vacuum: boolean;
  /** Litestream checkpoints the WAL itself; don't truncate it under it. */
  litestream: boolean;
  /** Bytes free on the file system holding `dir`; statfs unless a test says otherwise. */
  freeDiskBytes?: (dir: string) => Promise<number>;
  /** After a run cut short by a full disk; tests shorten it. */
  diskFullRetryMs?: number;
  /** Told what each finished run deleted (the metrics, issue 18). */
  onReport?: (report: CleanupReport) => void;
}

async function statfsFree(dir: string): Promise<number> {
  const fs = await statfs(dir);
  return fs.bavail * fs.bsize;
}

export interface CleanupReport {
  expiredEntries: number;
  expiredChunks: number;
  expiredBytes: number;
  leftoverUploads: number;
  leftoverChunks: number;
  leftoverBytes: number;
  sessions: number;
  /** Resumable uploads given up for lack of progress, when the run covers them. */
  tus?: ExpiryReport;
  /** Set when a full disk cut the run short; it is retried later. */
  postponed?: true;
  vacuum?: { ms: number; bytesBefore: number; bytesAfter: number } | { skipped: string };
}

async function fileSize(path: string): Promise<number> {
  return stat(path).then((s) => s.size, () => 0);
}

/**
 * Deletes expired files with their chunks and history, then the leftovers of
 * failed uploads (never one in progress), then expired sessions; optionally
 * VACUUMs. Runs at start-up and on a timer, one run at a time.
 */
export class Cleanup {
  readonly #options: CleanupOptions;
  #running: Promise<CleanupReport> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #retry: NodeJS.Timeout | undefined;
  #stopping = false;

  constructor(options: CleanupOptions) {
    this.#options = options;
  }

  /** Runs every `intervalMs` from now on. */
  start(intervalMs: number): void {
    this.#timer = setInterval(() => {
      this.run().catch((err: unknown) => this.#options.log.error({ err }, 'database maintenance failed'));
    }, intervalMs);
    this.#timer.unref();
  }

  /**
   * Ends a run under way at its next step (one file, a batch of chunks) rather
   * than at its end, so a shutdown fits in its grace period; a VACUUM already
   * started runs to its end. What a cut-off run leaves, the next one deletes.
   */
  async stop(): Promise<void> {
    this.#stopping = true;
    clearInterval(this.#timer);
    clearTimeout(this.#retry);
    await this.#running?.catch(() => {});
  }

  /** One run; if one is already under way, waits for that one instead of starting another. */
  run(): Promise<CleanupReport> {
    const report: CleanupReport = {
      expiredEntries: 0, expiredChunks: 0, expiredBytes: 0,
      leftoverUploads: 0, leftoverChunks: 0, leftoverBytes: 0, sessions: 0,
    };
    this.#running ??= this.#run(report)
      .catch((err: unknown) => this.#postpone(err, report))
      .finally(() => {
        this.#running = undefined;
      });
    return this.#running;
  }

  /**
   * A full disk must not stop the server (start-up runs a cleanup): what could
   * be deleted is, the rest waits for a retry, by when the owner may have made
   * room through the API (issue 11).
   */
  #postpone(err: unknown, report: CleanupReport): CleanupReport {
    if (!(err instanceof DiskFullError)) throw err;
    const retryMs = this.#options.diskFullRetryMs ?? DISK_FULL_RETRY_MS;
    this.#options.log.warn({ err, ...report, retryMs }, 'database maintenance postponed: the disk is full');
    if (!this.#stopping) {
      clearTimeout(this.#retry);
      this.#retry = setTimeout(() => {
        this.run().catch((e: unknown) => this.#options.log.error({ err: e }, 'database maintenance failed'));
      }, retryMs);
      this.#retry.unref();
    }
    return { ...report, postponed: true };
  }

  async #run(report: CleanupReport): Promise<CleanupReport> {
    const { writer, uploads, clock, log } = this.#options;
    const now = clock.now();

    for (let ids = await writer.call('expiredEntryIds', now, EXPIRED_BATCH); ids.length > 0; ids = await writer.call('expiredEntryIds', now, EXPIRED_BATCH)) {
      for (const id of ids) {
        if (this.#stopping) return this.#interrupted(report);
        // Re-checked in the same transaction: the owner may have just extended it.
        if (!(await writer.call('deleteExpiredEntryRow', id as EntryId, now))) continue;
        const removed = await removeChunks(writer, id);
        report.expiredEntries++;
        report.expiredChunks += removed.rows;
        report.expiredBytes += removed.bytes;
      }
    }

    if (this.#options.tus) {
      report.tus = await this.#options.tus.expire(now, () => this.#stopping);
      if (this.#stopping) return this.#interrupted(report);
    }

    // Listed after the active uploads are read: an upload that starts later has
    // no chunks yet when the list is made (the writer runs requests in order).
    for (const id of await writer.call('orphanChunkIds', uploads.activeIds())) {
      if (this.#stopping) return this.#interrupted(report);
      const removed = await removeChunks(writer, id);
      report.leftoverUploads++;
      report.leftoverChunks += removed.rows;
      report.leftoverBytes += removed.bytes;
    }

    report.sessions = await writer.call('deleteExpiredSessions', now);
    log.info(report, 'database maintenance done');
    this.#options.onReport?.(report);
    if (this.#options.vacuum && !this.#stopping) report.vacuum = await this.#vacuum();
    return report;
  }

  #interrupted(report: CleanupReport): CleanupReport {
    this.#options.log.info(report, 'database maintenance interrupted by shutdown');
    return report;
  }

  async #vacuum(): Promise<NonNullable<CleanupReport['vacuum']>> {
    const { writer, log, dbPath, litestream } = this.#options;
    const bytesBefore = (await fileSize(dbPath)) + (await fileSize(`${dbPath}-wal`));
    // VACUUM writes a whole temporary copy of the database beside it, then
    // copies that back through the WAL: room for twice the database.
    const free = await (this.#options.freeDiskBytes ?? statfsFree)(dirname(dbPath));
    if (free < 2 * bytesBefore) {
      const skipped = `only ${free} bytes free for a ${bytesBefore}-byte database`;
      log.warn({ free, bytesBefore }, 'VACUUM skipped: not enough free disk space');
      return { skipped };
    }
    const started = performance.now();
    await writer.call('vacuum', !litestream, dirname(dbPath));
    const ms = Math.round(performance.now() - started);
    const bytesAfter = (await fileSize(dbPath)) + (await fileSize(`${dbPath}-wal`));
    log.info({ ms, bytesBefore, bytesAfter, bytesReclaimed: bytesBefore - bytesAfter }, 'VACUUM done');
    return { ms, bytesBefore, bytesAfter };
  }
}
