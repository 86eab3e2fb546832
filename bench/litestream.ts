// `npm run bench -- --litestream` (issue 11): three parallel uploads through the real
// entrypoint with Litestream replicating to a file replica. Reports the database
// folder's peak size ÷ what is stored (sampled every 100 ms), MB/s, and how long
// Litestream took to be idle after the last upload (the replication lag).
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import {
  FIRST_SYNC,
  freePort,
  startEntrypoint,
  stopUnderLitestream,
  upload,
  waitForOutput,
  waitForReplicaIdle,
  waitHealthy,
  writeRandomFile,
} from '../test/deploy/support.js';
import type { BenchOptions } from './options.js';
import { progress } from './runner.js';

const SAMPLE_MS = 100;
const PARALLEL = 3;

function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += folderBytes(path);
    else total += statSync(path, { throwIfNoEntry: false })?.size ?? 0;
  }
  return total;
}

/** Runs the workload; returns the exit code. */
export async function benchLitestream(options: BenchOptions): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'picoshare-bench-litestream-'));
  const cleanups: (() => void)[] = [() => (options.keep ? progress(`kept ${dir}`) : rmSync(dir, { recursive: true, force: true }))];
  // The deploy helpers take a test context only to register clean-ups.
  const t = { after: (fn: () => void) => cleanups.unshift(fn) } as unknown as TestContext;
  try {
    const data = join(dir, 'data');
    const files = Array.from({ length: PARALLEL }, (_, i) => join(dir, `upload-${i}.bin`));
    progress(`writing ${PARALLEL} files of ${options.parallelFileBytes / 2 ** 20} MiB`);
    for (const file of files) await writeRandomFile(file, options.parallelFileBytes);
    const port = await freePort();
    const server = startEntrypoint(t, ['-db', join(data, 'store.db')], {
      LITESTREAM_REPLICA_PATH: join(dir, 'replica'),
      PORT: String(port),
      NODE_OPTIONS: `--max-old-space-size=${options.heapMiB}`,
      MALLOC_ARENA_MAX: '2',
      GOMEMLIMIT: '48MiB',
    });
    await waitHealthy(server, port);
    await waitForOutput(server, FIRST_SYNC);
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, folderBytes(data))), SAMPLE_MS);
    const started = performance.now();
    await Promise.all(files.map((file, i) => upload(port, file, `file-${i}.bin`)));
    const seconds = (performance.now() - started) / 1000;
    const uploaded = performance.now();
    await waitForReplicaIdle(server, 1_000, 600_000);
    // waitForReplicaIdle waits for a quiet second after the last segment.
    const lagSeconds = (performance.now() - uploaded - 1_000) / 1000;
    clearInterval(sampler);
    const settled = folderBytes(data);
    const stored = PARALLEL * options.parallelFileBytes;
    await stopUnderLitestream(server);
    process.stdout.write(
      [
        '',
        `litestream: ${PARALLEL} × ${options.parallelFileBytes / 2 ** 20} MiB in parallel, file replica`,
        `  upload     ${(stored / 2 ** 20 / seconds).toFixed(1)} MiB/s (${seconds.toFixed(1)} s)`,
        `  folder     peak ${(peak / 2 ** 20).toFixed(0)} MiB = ${(peak / stored).toFixed(3)} × stored; ` +
          `${(settled / 2 ** 20).toFixed(0)} MiB = ${(settled / stored).toFixed(3)} × once replicated`,
        `  lag        Litestream idle ${Math.max(0, lagSeconds).toFixed(1)} s after the last upload`,
        '',
      ].join('\n'),
    );
    return 0;
  } finally {
    for (const fn of cleanups) fn();
  }
}
