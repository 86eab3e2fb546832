import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Logger } from 'pino';
import { DiskFullError } from '../domain/errors.js';
import { migrate } from './migrate.js';

export type Db = Database.Database;

export interface DatabaseOptions {
  /** Litestream replicates the file: apply its pragmas (picoshare.md §2.4). */
  litestream: boolean;
  /** Caps the file at this many pages; tests use it to fill the "disk". */
  maxPageCount?: number;
}

// With 32 KiB pages, chunk inserts (checkpoints included) ran about twice as
// fast as with SQLite's 4 KiB default, and as fast as with 64 KiB pages, which
// write more WAL: each insert also rewrites three small B-tree pages in full,
// so a 320 KiB chunk costs 1.42x its size in WAL at 32 KiB, 1.83x at 64 KiB
// (bytes Litestream must upload too). page_size only takes effect before the
// first table exists, so upstream databases keep their 4 KiB pages.
const NEW_DATABASE_PAGE_SIZE = 32_768;
// better-sqlite3 defaults to a 16 MB page cache per connection; file chunks are
// written once and read rarely, so caching them costs memory and buys nothing.
const CACHE_KIB = 2_048;
// Checkpoint when the WAL reaches this size, whatever the page size: big enough
// that checkpoints are rare, small enough to keep the WAL far below the data.
const WAL_CHECKPOINT_BYTES = 64 * 1024 * 1024;
// A WAL that grew during a big transaction is cut back to this size afterwards.
const JOURNAL_SIZE_LIMIT = 64 * 1024 * 1024;

/**
 * Opens a connection with the production pragmas. The first connection of a
 * process creates the file (and its parent folders) and sets WAL mode, which
 * then persists in the file.
 */
export function openDatabase(path: string, options: DatabaseOptions): Db {
  mkdirSync(dirname(path), { recursive: true });
  // busy_timeout is one of Litestream's pragmas; without Litestream this process
  // is the only one using the file and its single writer never waits on a lock.
  const db = new Database(path, { timeout: options.litestream ? 5_000 : 0 });
  try {
    if ((db.pragma('page_count', { simple: true }) as number) === 0) {
      db.pragma(`page_size = ${NEW_DATABASE_PAGE_SIZE}`);
    }
    db.pragma('journal_mode = WAL');
    db.pragma('temp_store = FILE');
    db.pragma('foreign_keys = ON');
    db.pragma(`cache_size = -${CACHE_KIB}`);
    db.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT}`);
    if (options.maxPageCount !== undefined) db.pragma(`max_page_count = ${options.maxPageCount}`);
    if (options.litestream) {
      // Litestream takes over checkpointing and needs commits it can follow.
      db.pragma('synchronous = NORMAL');
      db.pragma('wal_autocheckpoint = 0');
    } else {
      // SQLite's own default (better-sqlite3 builds with NORMAL for WAL): an
      // acknowledged upload survives a power cut.
      db.pragma('synchronous = FULL');
      const pageSize = db.pragma('page_size', { simple: true }) as number;
      db.pragma(`wal_autocheckpoint = ${Math.max(1, Math.floor(WAL_CHECKPOINT_BYTES / pageSize))}`);
    }
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

/**
 * A new database is made under another name and renamed into place once its
 * schema exists. Litestream opens the file as soon as it appears and adds its
 * own tables (issue 11 made it look every 100 ms): a half-made database would
 * then keep SQLite's 4 KiB pages, or fail the migration's check that a file
 * with tables has a schema version.
 */
function createDatabaseFile(path: string, log: Logger): void {
  mkdirSync(dirname(path), { recursive: true });
  const staging = `${path}.new-${process.pid}`;
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${staging}${suffix}`, { force: true });
  const db = openDatabase(staging, { litestream: false });
  try {
    migrate(db, log);
  } finally {
    // The last connection to close checkpoints the WAL into the file and deletes it.
    db.close();
  }
  renameSync(staging, path);
}

/**
 * The main thread's connection: it brings the schema up to date, then only
 * reads, since every write goes through the writer thread's connection.
 */
export function openReadConnection(path: string, options: DatabaseOptions, log: Logger): Db {
  if (!existsSync(path)) createDatabaseFile(path, log);
  const db = openDatabase(path, options);
  try {
    migrate(db, log);
    db.pragma('query_only = ON');
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

/** Bytes of the database's free pages, which inserts reuse before the file grows. */
export function reusableBytes(db: Db): number {
  return (db.pragma('freelist_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number);
}

/** SQLite reports a full disk, and a reached max_page_count, as SQLITE_FULL. */
export function isDiskFull(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'SQLITE_FULL' || code === 'ENOSPC';
}

/** Store errors as the domain knows them. */
export function translateStoreError(err: unknown): unknown {
  return isDiskFull(err) ? new DiskFullError(err) : err;
}
