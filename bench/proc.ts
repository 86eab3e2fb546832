import { execFileSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';

/** Kernel clock ticks per second, the unit of utime and stime in /proc/<pid>/stat. */
const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

export interface ResidentMemory {
  /** VmRSS: resident now. */
  rss: number;
  /** VmHWM: the peak since start, or since resetPeakRss. */
  hwm: number;
  /**
   * RssAnon: the part that is the process's own (heap, buffers, SQLite's cache),
   * without file-backed pages such as the node binary's ~40 MB of code.
   */
  anon: number;
}

function kib(status: string, field: string): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
  if (!m) throw new Error(`no ${field} in /proc status`);
  return Number(m[1]) * 1024;
}

export function readResidentMemory(pid: number): ResidentMemory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return { rss: kib(status, 'VmRSS'), hwm: kib(status, 'VmHWM'), anon: kib(status, 'RssAnon') };
}

/** User plus system CPU time of every thread of the process so far. */
export function readCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name may hold spaces and parentheses; fields resume after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of proc(5); this array starts at field 3.
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/**
 * Restarts VmHWM from the current RSS (proc(5), clear_refs value 5), so that each
 * workload gets its own peak. Returns false where the kernel refuses.
 */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** Bytes on disk of a SQLite database with its WAL and shared-memory files. */
export function databaseDiskBytes(dbPath: string): number {
  let total = 0;
  for (const suffix of ['', '-wal', '-shm']) {
    total += statSync(`${dbPath}${suffix}`, { throwIfNoEntry: false })?.size ?? 0;
  }
  return total;
}

// Writing back a previous workload's dirty pages takes seconds at full size.
const SYNC_TIMEOUT_MS = 120_000;

/**
 * Writes every dirty page to disk, so that each measurement starts from the
 * same state instead of paying for the writeback of the one before it.
 */
export function flushDirtyPages(): void {
  execFileSync('sync', { timeout: SYNC_TIMEOUT_MS });
}
