import { readFileSync, realpathSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  ramBytes: number;
  node: string;
  kernel: string;
  tempDir: string;
  filesystem: { type: string; device: string; mountPoint: string };
  date: string;
}

/** /proc/mounts escapes spaces and the like as octal (\040). */
const unescapeMount = (s: string) => s.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));

/** The mount holding `dir`: the longest mount point that contains it. */
function filesystemOf(dir: string): MachineInfo['filesystem'] {
  const real = realpathSync(dir);
  let best = { type: 'unknown', device: 'unknown', mountPoint: '' };
  for (const line of readFileSync('/proc/mounts', 'utf8').split('\n')) {
    const [device, rawMountPoint, type] = line.split(' ');
    if (!device || !rawMountPoint || !type) continue;
    const mountPoint = unescapeMount(rawMountPoint);
    const contains = mountPoint === '/' || real === mountPoint || real.startsWith(`${mountPoint}/`);
    if (contains && mountPoint.length >= best.mountPoint.length) best = { type, device, mountPoint };
  }
  return best;
}

export function describeMachine(tempDir: string): MachineInfo {
  const cores = cpus();
  return {
    cpuModel: cores[0]?.model ?? 'unknown',
    cores: cores.length,
    ramBytes: totalmem(),
    node: process.version,
    kernel: release(),
    tempDir,
    filesystem: filesystemOf(tempDir),
    date: new Date().toISOString(),
  };
}
