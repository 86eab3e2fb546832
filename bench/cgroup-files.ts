import { existsSync, readFileSync } from 'node:fs';

/** What the kernel says about memory pressure in the cgroup. */
export interface CgroupReport {
  version: 'v1' | 'v2';
  path: string;
  limitBytes: number;
  /** Highest usage seen (v1 max_usage_in_bytes, v2 memory.peak); includes page cache. */
  maxUsageBytes: number | undefined;
  /** Times usage hit the limit (v1 failcnt, v2 the "max" event). */
  limitHits: number | undefined;
  /** Processes the OOM killer ended in this cgroup. */
  oomKills: number | undefined;
  /** Whether the cgroup is out of memory right now (v1 under_oom). */
  underOom: boolean | undefined;
}

export interface MemoryCgroup {
  readonly path: string;
  /** The file a process writes its pid to, to move itself in. */
  readonly procsFile: string;
  report(): CgroupReport;
  /** Removes the cgroup; it must be empty by then. */
  remove(): Promise<void>;
}

/** A single number, as in memory.failcnt; undefined where the kernel lacks the file. */
export function readNumber(file: string): number | undefined {
  return existsSync(file) ? Number(readFileSync(file, 'utf8').trim()) : undefined;
}

/** "key value" lines, as in v1 memory.oom_control and v2 memory.events. */
export function readKeyed(file: string): Map<string, number> {
  const values = new Map<string, number>();
  if (!existsSync(file)) return values;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const [key, value] = line.split(' ');
    if (key && value) values.set(key, Number(value));
  }
  return values;
}

/** This process's cgroup from /proc/self/cgroup: for a v1 controller, or for v2 with ''. */
export function ownCgroupPath(controller: string): string {
  for (const line of readFileSync('/proc/self/cgroup', 'utf8').split('\n')) {
    const [, controllers, path] = /^\d+:([^:]*):(.*)$/.exec(line) ?? [];
    if (controllers === undefined || path === undefined) continue;
    if (controller === '' ? controllers === '' : controllers.split(',').includes(controller)) return path;
  }
  return '/';
}

// Removal fails with EBUSY for a moment after the last process exits.
const REMOVE_ATTEMPTS = 50;
const REMOVE_PAUSE_MS = 100;

export async function removeCgroupDir(remove: () => void): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      remove();
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      if (attempt >= REMOVE_ATTEMPTS) throw err;
      await new Promise((resolve) => setTimeout(resolve, REMOVE_PAUSE_MS));
    }
  }
}
