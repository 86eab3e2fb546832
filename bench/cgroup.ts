import { createV1MemoryCgroup } from './cgroup-v1.js';
import { createV2MemoryCgroup } from './cgroup-v2.js';
import type { MemoryCgroup } from './cgroup-files.js';

/** A memory cgroup for the server alone (v1 first, as on our machines), or why there cannot be one. */
export function createMemoryCgroup(limitBytes: number, name: string): MemoryCgroup | { unavailable: string } {
  const reasons: string[] = [];
  for (const create of [createV1MemoryCgroup, createV2MemoryCgroup]) {
    const made = create(limitBytes, name);
    if (typeof made !== 'string') return made;
    reasons.push(made);
  }
  return { unavailable: reasons.join('; ') };
}

/**
 * Runs `command` inside the cgroup from its first instruction: a shell writes its
 * own pid into the cgroup, then becomes the command (same pid), so nothing the
 * server allocates is ever charged elsewhere.
 */
export function inCgroup(cgroup: MemoryCgroup, command: string, args: readonly string[]): [string, string[]] {
  return ['/bin/sh', ['-c', 'echo $$ > "$1" && shift && exec "$@"', 'sh', cgroup.procsFile, command, ...args]];
}
