import { createHash, randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';
import { join } from 'node:path';

// Big enough that generation costs little per call, small enough to stay out of
// the bench's memory figures.
const BLOCK_BYTES = 1024 * 1024;
const SMALL_FILE_BYTES = 1024 * 1024;

export interface TestFile {
  path: string;
  /** The name it is uploaded under. */
  name: string;
  size: number;
  sha256: string;
}

/** The files a run uploads; each is generated only when a chosen workload needs it. */
export interface TestFiles {
  parallel: TestFile[];
  single: TestFile | undefined;
  small: TestFile | undefined;
}

export type FileRole = keyof TestFiles;

/** Random, hence incompressible, bytes written block by block and hashed on the way. */
export async function writeRandomFile(dir: string, name: string, size: number): Promise<TestFile> {
  const path = join(dir, name);
  const hash = createHash('sha256');
  const handle = await open(path, 'wx');
  try {
    for (let written = 0; written < size; ) {
      const block = randomBytes(Math.min(BLOCK_BYTES, size - written));
      hash.update(block);
      await handle.write(block);
      written += block.length;
    }
  } finally {
    await handle.close();
  }
  return { path, name, size, sha256: hash.digest('hex') };
}

export interface FileSizes {
  parallelFileBytes: number;
  singleFileBytes: number;
}

export async function generateTestFiles(dir: string, roles: ReadonlySet<FileRole>, sizes: FileSizes): Promise<TestFiles> {
  const files: TestFiles = { parallel: [], single: undefined, small: undefined };
  if (roles.has('parallel')) {
    for (const n of [1, 2, 3]) files.parallel.push(await writeRandomFile(dir, `parallel-${n}.bin`, sizes.parallelFileBytes));
  }
  if (roles.has('single')) files.single = await writeRandomFile(dir, 'single.bin', sizes.singleFileBytes);
  if (roles.has('small')) files.small = await writeRandomFile(dir, 'small.bin', SMALL_FILE_BYTES);
  return files;
}
