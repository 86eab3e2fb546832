import { readFileSync } from 'node:fs';
import { readdir, stat, statfs } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface DiskUsage {
  totalBytes: number;
  usedBytes: number;
}

/**
 * The whole file system holding `path`, as upstream reports it: total blocks,
 * and used = total minus free blocks (root's reserve counts as used).
 */
export async function diskUsage(path: string): Promise<DiskUsage> {
  const fs = await statfs(path);
  const totalBytes = fs.blocks * fs.bsize;
  return { totalBytes, usedBytes: totalBytes - fs.bfree * fs.bsize };
}

/** Bytes of the database and its companions (`-wal`, `-shm`, Litestream's): every `<dbPath>*` file. */
export async function databaseFilesBytes(dbPath: string): Promise<number> {
  const dir = dirname(dbPath);
  const prefix = basename(dbPath);
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isFile() && entry.name.startsWith(prefix)) total += (await stat(join(dir, entry.name))).size;
  }
  return total;
}

/** The version in package.json, without a leading `v` (upstream strips it too). */
export function readVersion(projectRoot: string): string {
  const { version } = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version?: unknown };
  return typeof version === 'string' ? version.replace(/^v/, '') : 'unknown';
}
