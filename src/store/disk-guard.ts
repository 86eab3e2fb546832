import { statfsSync } from 'node:fs';
import { DiskFullError } from '../domain/errors.js';

export interface DiskSpace {
  totalBytes: number;
  /** Bytes this process may still write (statfs's bavail: root's reserve excluded). */
  freeBytes: number;
}

export type StatDisk = (dir: string) => DiskSpace;

/** `ok`; `low` while free space is under twice the reserve; `full` once under the reserve. */
export type DiskState = 'ok' | 'low' | 'full';

export interface DiskReport extends DiskSpace {
  /** Pages the database has freed (deleted files): new chunks reuse them before the file grows. */
  reusableBytes: number;
  reserveBytes: number;
  state: DiskState;
}

const MIB = 1024 * 1024;
// Issue 11: the smaller of 5 % of the file system and 500 MB, unless configured.
const DEFAULT_RESERVE_SHARE = 0.05;
const DEFAULT_RESERVE_MAX_BYTES = 500 * MIB;

export function statDisk(dir: string): DiskSpace {
  const fs = statfsSync(dir);
  return { totalBytes: fs.blocks * fs.bsize, freeBytes: fs.bavail * fs.bsize };
}

/** The free space uploads must leave: configured, or the default for a disk of this size. */
export function reserveFor(totalBytes: number, configuredBytes: number | undefined): number {
  return configuredBytes ?? Math.floor(Math.min(totalBytes * DEFAULT_RESERVE_SHARE, DEFAULT_RESERVE_MAX_BYTES));
}

export function diskState(freeBytes: number, reserveBytes: number): DiskState {
  if (freeBytes < reserveBytes) return 'full';
  return freeBytes < 2 * reserveBytes ? 'low' : 'ok';
}

/**
 * Whether `bytes` more can be written and still leave the reserve free. `room`
 * counts the database's free pages too: after the owner deletes files on a full
 * disk, uploads fill the pages they left (issue 11).
 */
export function hasRoomFor(room: number, reserveBytes: number, bytes: number): boolean {
  return room - bytes >= reserveBytes;
}

export interface DiskGuardOptions {
  /** The folder holding the database. */
  dir: string;
  /** PS_DISK_RESERVE_MB in bytes; the default when undefined. */
  reserveBytes?: number | undefined;
  /** statfs unless a test says otherwise. */
  statDisk?: StatDisk;
  /** Bytes of free pages inside the database (freelist_count × page_size). */
  reusableBytes?: () => number;
}

/**
 * Keeps uploads from filling the disk (issue 11): refuses an upload whose
 * declared size would eat into the reserve, before a byte is stored, and
 * reports the disk's state for /healthz and the system information page. The
 * writer worker applies the same reserve to every chunk it inserts, which stops
 * uploads of unknown size.
 */
export class DiskGuard {
  readonly dir: string;
  readonly #configured: number | undefined;
  readonly #stat: StatDisk;
  readonly #reusable: () => number;

  constructor(options: DiskGuardOptions) {
    this.dir = options.dir;
    this.#configured = options.reserveBytes;
    this.#stat = options.statDisk ?? statDisk;
    this.#reusable = options.reusableBytes ?? (() => 0);
  }

  report(): DiskReport {
    const space = this.#stat(this.dir);
    const reusableBytes = this.#reusable();
    const reserveBytes = reserveFor(space.totalBytes, this.#configured);
    return { ...space, reusableBytes, reserveBytes, state: diskState(space.freeBytes + reusableBytes, reserveBytes) };
  }

  /** The reserve in bytes for this disk, as the writer worker applies it. */
  reserveBytes(): number {
    return this.report().reserveBytes;
  }

  /** Throws DiskFullError if storing `bytes` would leave less than the reserve free. */
  refuseDeclared(bytes: number | undefined): void {
    if (bytes === undefined || !Number.isFinite(bytes) || bytes <= 0) return;
    const { freeBytes, reusableBytes, reserveBytes } = this.report();
    if (!hasRoomFor(freeBytes + reusableBytes, reserveBytes, bytes)) throw new DiskFullError();
  }
}
