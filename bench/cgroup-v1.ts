import { existsSync, mkdirSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ownCgroupPath, readKeyed, readNumber, removeCgroupDir, type MemoryCgroup } from './cgroup-files.js';

const ROOT = '/sys/fs/cgroup/memory';

/**
 * A child of the bench's own memory cgroup, so that the server stays inside
 * whatever limits the bench itself runs under. Returns why not where v1 is missing.
 */
export function createV1MemoryCgroup(limitBytes: number, name: string): MemoryCgroup | string {
  if (!existsSync(join(ROOT, 'memory.limit_in_bytes'))) return `no cgroup v1 memory controller at ${ROOT}`;
  const dir = join(ROOT, ownCgroupPath('memory'), name);
  try {
    mkdirSync(dir);
    writeFileSync(join(dir, 'memory.limit_in_bytes'), String(limitBytes));
    // Without this a machine with swap would let the server spill past the limit
    // instead of being OOM-killed; the kernel wants it set after limit_in_bytes.
    if (existsSync(join(dir, 'memory.memsw.limit_in_bytes'))) {
      writeFileSync(join(dir, 'memory.memsw.limit_in_bytes'), String(limitBytes));
    }
  } catch (err) {
    if (existsSync(dir)) rmdirSync(dir);
    return `cannot set up cgroup v1 ${dir}: ${(err as Error).message}`;
  }
  return {
    path: dir,
    procsFile: join(dir, 'cgroup.procs'),
    report() {
      // oom_kill is counted since Linux 4.13; under_oom says whether it is stuck now.
      const oom = readKeyed(join(dir, 'memory.oom_control'));
      return {
        version: 'v1',
        path: dir,
        limitBytes: readNumber(join(dir, 'memory.limit_in_bytes')) ?? limitBytes,
        maxUsageBytes: readNumber(join(dir, 'memory.max_usage_in_bytes')),
        limitHits: readNumber(join(dir, 'memory.failcnt')),
        oomKills: oom.get('oom_kill'),
        underOom: oom.has('under_oom') ? oom.get('under_oom') === 1 : undefined,
      };
    },
    remove: () => removeCgroupDir(() => rmdirSync(dir)),
  };
}
