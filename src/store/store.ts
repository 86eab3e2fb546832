import type { Clock } from '../domain/clock.js';
import { apiTokenReads } from './api-tokens.js';
import { chunkReads } from './chunks.js';
import type { Db } from './database.js';
import { bundleReads } from './bundles.js';
import { digestReads } from './digests.js';
import { downloadReads } from './downloads.js';
import { entryReads } from './entries.js';
import { entryLimitReads } from './entry-limits.js';
import { guestLinkReads } from './guest-links.js';
import { notificationSettingsReads } from './notification-settings.js';
import { sessionReads } from './sessions.js';
import { settingsReads } from './settings.js';
import { TusUploads } from './tus-store.js';
import { tusUploadReads } from './tus-uploads.js';
import { NO_UPLOAD_LIMITS, Uploads, type UploadEvents, type UploadLimits } from './uploads.js';
import type { Writer } from './writer.js';

/**
 * Everything the HTTP layer may do with storage: synchronous reads on the main
 * thread's read-only connection (WAL lets them run beside the writer), and
 * writes through the writer worker.
 */
// Resumable uploads without progress for a day are given up (issue 13).
const DEFAULT_TUS_TTL_MS = 24 * 3_600_000;

export function createStore(
  db: Db,
  writer: Writer,
  clock: Clock,
  limits: UploadLimits & { incompleteUploadTtlMs?: number } = NO_UPLOAD_LIMITS,
  uploadEvents?: UploadEvents,
) {
  const entries = entryReads(db);
  const chunks = chunkReads(db);
  const tusReads = tusUploadReads(db);
  const uploads = new Uploads(writer, entries, () => chunks.storedBytes(), clock, limits, tusReads.listTusHolders(), uploadEvents);
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
    apiTokens: apiTokenReads(db),
    notifications: notificationSettingsReads(db),
    digests: digestReads(db),
    bundles: bundleReads(db),
    uploads,
    tus: new TusUploads(writer, uploads, tusReads, chunks, clock, limits.incompleteUploadTtlMs ?? DEFAULT_TUS_TTL_MS),
    writer,
  };
}

export type Store = ReturnType<typeof createStore>;
