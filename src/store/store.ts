import type { Clock } from '../domain/clock.js';
import { chunkReads } from './chunks.js';
import type { Db } from './database.js';
import { downloadReads } from './downloads.js';
import { entryReads } from './entries.js';
import { entryLimitReads } from './entry-limits.js';
import { guestLinkReads } from './guest-links.js';
import { sessionReads } from './sessions.js';
import { settingsReads } from './settings.js';
import { NO_UPLOAD_LIMITS, Uploads, type UploadLimits } from './uploads.js';
import type { Writer } from './writer.js';

/**
 * Everything the HTTP layer may do with storage: synchronous reads on the main
 * thread's read-only connection (WAL lets them run beside the writer), and
 * writes through the writer worker.
 */
export function createStore(db: Db, writer: Writer, clock: Clock, limits: UploadLimits = NO_UPLOAD_LIMITS) {
  const entries = entryReads(db);
  const chunks = chunkReads(db);
  const probe = db.prepare('SELECT 1 AS ok');
  return {
    /** Proves the read connection answers (the health check). */
    ping(): boolean {
      return probe.get() !== undefined;
    },
    entries,
    chunks,
    downloads: downloadReads(db),
    limits: entryLimitReads(db),
    guestLinks: guestLinkReads(db),
    sessions: sessionReads(db),
    settings: settingsReads(db),
    uploads: new Uploads(writer, entries, () => chunks.storedBytes(), clock, limits),
    writer,
  };
}

export type Store = ReturnType<typeof createStore>;
