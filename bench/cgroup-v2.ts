import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ownCgroupPath, readKeyed, readNumber, removeCgroupDir, type MemoryCgroup } from './cgroup-files.js';

// Pure v2 systems mount the hierarchy here; hybrid ones (systemd's default on
// older distributions) mount it at unified/.
const ROOTS = ['/sys/fs/cgroup', '/sys/fs/cgroup/unified'];

/**
 * A child of the bench's own v2 cgroup. It only works where that cgroup already
 * delegates the memory controller to its children: enabling it would mean
 * reorganising cgroups the bench does not own. Not exercised on our machines,
 * whose memory controller is bound to v1.
 */
export function createV2MemoryCgroup(limitBytes: number, name: string): MemoryCgroup | string {
  const root = ROOTS.find((r) => existsSync(join(r, 'cgroup.controllers')));
  if (!root) return 'no cgroup v2 hierarchy';
  const parent = join(root, ownCgroupPath(''));
  const delegated = existsSync(join(parent, 'cgroup.subtree_control'))
    ? readFileSync(join(parent, 'cgroup.subtree_control'), 'utf8').split(/\s+/)
    : [];
  if (!delegated.includes('memory')) return `cgroup v2 ${parent} does not delegate the memory controller`;
  const dir = join(parent, name);
  try {
    mkdirSync(dir);
    writeFileSync(join(dir, 'memory.max'), String(limitBytes));
    if (existsSync(join(dir, 'memory.swap.max'))) writeFileSync(join(dir, 'memory.swap.max'), '0');
  } catch (err) {
    if (existsSync(dir)) rmdirSync(dir);
    return `cannot set up cgroup v2 ${dir}: ${(err as Error).message}`;
  }
  return {
    path: dir,
    procsFile: join(dir, 'cgroup.procs'),
    report() {
      const events = readKeyed(join(dir, 'memory.events'));
      return {
        version: 'v2',
        path: dir,
        limitBytes,
        // memory.peak exists since Linux 5.19.
        maxUsageBytes: readNumber(join(dir, 'memory.peak')),
        limitHits: events.get('max'),
        oomKills: events.get('oom_kill'),
        underOom: undefined,
      };
    },
    remove: () => removeCgroupDir(() => rmdirSync(dir)),
  };
}
