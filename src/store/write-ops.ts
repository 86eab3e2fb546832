import { apiTokenWrites } from './api-tokens.js';
import { chunkWrites } from './chunks.js';
import type { Db } from './database.js';
import { bundleWrites } from './bundles.js';
import { digestWrites } from './digests.js';
import { downloadWrites } from './downloads.js';
import { entryWrites } from './entries.js';
import { entryLimitWrites } from './entry-limits.js';
import { guestLinkWrites } from './guest-links.js';
import { notificationSettingsWrites } from './notification-settings.js';
import { sessionWrites } from './sessions.js';
import { settingsWrites } from './settings.js';
import { tusUploadWrites } from './tus-uploads.js';

/**
 * Every write the server makes, run by the writer worker on the one connection
 * allowed to write (see writer.ts). Each is synchronous and short, except the
 * opt-in VACUUM.
 */
export function createWriteOps(db: Db) {
  const probe = db.prepare('SELECT 1 AS ok');
  return {
    ...entryWrites(db),
    ...entryLimitWrites(db),
    ...chunkWrites(db),
    ...downloadWrites(db),
    ...guestLinkWrites(db),
    ...sessionWrites(db),
    ...settingsWrites(db),
    ...apiTokenWrites(db),
    ...notificationSettingsWrites(db),
    ...tusUploadWrites(db),
    ...digestWrites(db),
    ...bundleWrites(db),
    /** Proves the worker and its connection answer (the health check). */
    ping(): boolean {
      return probe.get() !== undefined;
    },
    /**
     * Rewrites the database to return free pages to the file system (decision
     * O2). Its temporary copy goes to `tempDir`, beside the database, where
     * the free-space check looked (SQLite's default is /var/tmp, often another,
     * smaller file system). Without Litestream the WAL, which now holds a copy
     * of everything, is checkpointed and truncated; Litestream does that itself.
     */
    vacuum(truncateWal: boolean, tempDir: string): void {
      db.pragma(`temp_store_directory = '${tempDir.replaceAll("'", "''")}'`);
      db.exec('VACUUM');
      if (truncateWal) db.pragma('wal_checkpoint(TRUNCATE)');
    },
  };
}

export type WriteOps = ReturnType<typeof createWriteOps>;
export type WriteOpName = keyof WriteOps;
