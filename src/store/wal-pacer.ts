import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { endianness } from 'node:os';
import { basename, dirname, join } from 'node:path';

// SQLite's wal-index header (https://www.sqlite.org/walformat.html): the first
// copy starts the -shm file; mxFrame is the number of valid frames in the WAL.
// nPage is the database's size in pages as of the last commit, WAL included.
const SHM_HEADER_BYTES = 48;
const SHM_VERSION = 3_007_000;
const WAL_HEADER_BYTES = 32;
const WAL_FRAME_HEADER_BYTES = 24;
// Litestream's own folder is listed at most this often; it changes once a second.
const SHADOW_CHECK_MS = 100;

export interface WalBudget {
  /** Pause uploads while the WAL holds more than this (Litestream then checkpoints it). */
  walBytes: number;
  /** Pause uploads while Litestream's shadow WAL, not yet shipped and removed, is larger. */
  shadowBytes: number;
}

/**
 * Splits the disk margin (PS_LITESTREAM_DISK_MARGIN_MB) between the -wal file
 * and Litestream's shadow copy of it. The shadow folder always keeps the segment
 * being written and the one before it (Litestream keeps "an extra WAL file"),
 * each as large as one WAL cycle, so its budget must exceed two WAL budgets or
 * uploads would wait for a removal that never comes.
 */
export function walBudget(marginBytes: number): WalBudget {
  const walBytes = Math.floor(marginBytes / 16);
  return { walBytes, shadowBytes: Math.floor(marginBytes / 4) };
}

/** Litestream 0.3's folder beside the database: `.store.db-litestream`. */
export function litestreamMetaDir(dbPath: string): string {
  return join(dirname(dbPath), `.${basename(dbPath)}-litestream`);
}

function folderBytes(dir: string): number {
  let total = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += folderBytes(path);
    else if (entry.isFile()) total += statSync(path, { throwIfNoEntry: false })?.size ?? 0;
  }
  return total;
}

/**
 * Under Litestream nothing else checkpoints the WAL (wal_autocheckpoint=0), and
 * Litestream's checkpoints only finish while no one writes: with uploads
 * streaming in, the WAL, and Litestream's copy of it, grew by the size of every
 * upload (issue 11). The writer worker asks this, before each chunk, whether to
 * wait; Litestream checkpoints at its next sync once its min-checkpoint-page-
 * count is passed, restarts the WAL, and the wait ends.
 */
export class WalPacer {
  readonly #shmPath: string;
  readonly #metaDir: string;
  readonly #budget: WalBudget | undefined;
  readonly #header = Buffer.alloc(SHM_HEADER_BYTES);
  #fd: number | undefined;
  #shadowBytes = 0;
  #shadowCheckedAt = -Infinity;

  constructor(dbPath: string, budget: WalBudget | undefined) {
    this.#shmPath = `${dbPath}-shm`;
    this.#metaDir = litestreamMetaDir(dbPath);
    this.#budget = budget;
  }

  #readIndex(): { pageSize: number; frames: number; pages: number } | undefined {
    try {
      this.#fd ??= openSync(this.#shmPath, 'r');
      if (readSync(this.#fd, this.#header, 0, SHM_HEADER_BYTES, 0) < SHM_HEADER_BYTES) return undefined;
    } catch {
      return undefined;
    }
    const le = endianness() === 'LE';
    const u32 = (at: number) => (le ? this.#header.readUInt32LE(at) : this.#header.readUInt32BE(at));
    if (u32(0) !== SHM_VERSION) return undefined;
    const rawPageSize = le ? this.#header.readUInt16LE(14) : this.#header.readUInt16BE(14);
    return { pageSize: rawPageSize === 1 ? 65_536 : rawPageSize, frames: u32(16), pages: u32(20) };
  }

  /** Bytes of WAL in use (frames since its last restart), or 0 when unknown. */
  walBytes(): number {
    const index = this.#readIndex();
    if (!index || index.frames === 0) return 0;
    return WAL_HEADER_BYTES + index.frames * (index.pageSize + WAL_FRAME_HEADER_BYTES);
  }

  /**
   * How much the next checkpoint will grow the database file, at once: the
   * disk reserve must count those bytes as already written.
   */
  pendingGrowthBytes(dbFileBytes: number): number {
    const index = this.#readIndex();
    return index ? Math.max(0, index.pages * index.pageSize - dbFileBytes) : 0;
  }

  /** Bytes in Litestream's folder: the shadow WAL segments not yet removed. */
  shadowBytes(now = performance.now()): number {
    if (now - this.#shadowCheckedAt >= SHADOW_CHECK_MS) {
      this.#shadowBytes = folderBytes(this.#metaDir);
      this.#shadowCheckedAt = now;
    }
    return this.#shadowBytes;
  }

  /** True while an upload's next chunk should wait for Litestream; never without a budget. */
  overBudget(): boolean {
    if (!this.#budget) return false;
    return this.walBytes() > this.#budget.walBytes || this.shadowBytes() > this.#budget.shadowBytes;
  }

  close(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }
}
