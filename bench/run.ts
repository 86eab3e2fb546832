// `npm run bench`: starts the built server, drives it over HTTP, measures raw
// SQLite on the same disk, prints a table and writes bench/results/<date>.json.
// See bench/README.md.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MIB } from './ceiling-jobs.js';
import { CeilingRunner } from './ceilings.js';
import { createMemoryCgroup } from './cgroup.js';
import type { MemoryCgroup } from './cgroup-files.js';
import { Cleanup } from './cleanup.js';
import { describeMachine } from './machine.js';
import { parseOptions, USAGE, UsageError, type BenchOptions } from './options.js';
import { runHostile } from './hostile.js';
import { formatReport } from './report.js';
import { withCeilings, writeResults, type BenchResults, type CgroupOutcome } from './results.js';
import { progress, runWorkloads } from './runner.js';
import { startServer } from './server.js';
import { checkTargets } from './targets.js';
import { benchLitestream } from './litestream.js';
import { generateTestFiles } from './test-files.js';
import { selectWorkloads } from './workloads/index.js';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));

function setUpCgroup(limitMiB: number, cleanup: Cleanup): { cgroup: MemoryCgroup | undefined; outcome: CgroupOutcome } {
  const made = createMemoryCgroup(limitMiB * MIB, `picoshare-bench-${process.pid}`);
  if ('unavailable' in made) {
    progress(`WARNING: no memory cgroup (${made.unavailable}); the server runs WITHOUT a memory limit`);
    return { cgroup: undefined, outcome: { limitMiB, report: undefined, unavailable: made.unavailable } };
  }
  cleanup.add(`remove the cgroup ${made.path}`, () => made.remove());
  progress(`server memory limited to ${limitMiB} MiB by ${made.path}`);
  return { cgroup: made, outcome: { limitMiB, report: undefined, unavailable: undefined } };
}

/** The whole run; returns the exit code. */
async function bench(options: BenchOptions, cleanup: Cleanup): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'picoshare-bench-'));
  cleanup.add('remove the temp folder', () =>
    options.keep ? progress(`kept ${dir}`) : rmSync(dir, { recursive: true, force: true }),
  );
  const machine = describeMachine(dir);
  const workloads = selectWorkloads(options.only);
  progress(`generating test files in ${dir}`);
  const files = await generateTestFiles(dir, new Set(workloads.flatMap((w) => w.needs)), options);

  const { cgroup, outcome } = options.memoryLimitMiB
    ? setUpCgroup(options.memoryLimitMiB, cleanup)
    : { cgroup: undefined, outcome: undefined };
  const passphrase = randomBytes(12).toString('base64url');
  const server = await startServer({ dir, heapMiB: options.heapMiB, passphrase, cgroup, env: options.serverEnv });
  cleanup.add('stop the server', () => server.stop());
  progress(`server pid ${server.pid} at ${server.origin}`);
  const ceilings = new CeilingRunner();
  cleanup.add('stop the ceiling process', () => ceilings.close());
  const { runs, serverChunkBytes, serverDied } = await runWorkloads(workloads, server, files, passphrase, ceilings);
  ceilings.close();
  await server.stop();
  if (serverDied) progress(`THE SERVER DIED: ${JSON.stringify(serverDied)}; its log ends:\n${server.logTail()}`);
  if (outcome && cgroup) outcome.report = cgroup.report();

  const results: BenchResults = {
    machine,
    options,
    serverChunkBytes,
    workloads: runs.map((r) => (r.ok ? withCeilings(r, ceilings.results, server, serverChunkBytes) : r)),
    ceilings: [...ceilings.results.values()],
    cgroup: outcome,
    serverDied,
    targets: [],
  };
  results.targets = checkTargets(results.workloads, outcome, serverDied);
  process.stdout.write(`\n${formatReport(results)}\n\n`);
  progress(`results written to ${writeResults(BENCH_DIR, results)}`);
  return runs.every((r) => r.ok) && !serverDied ? 0 : 1;
}

const cleanup = new Cleanup();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    progress(`${signal}: stopping the server and removing temp files`);
    void cleanup.run().finally(() => process.exit(130));
  });
}

let code = 1;
try {
  const options = parseOptions(process.argv.slice(2), process.env);
  if (options === 'help') {
    process.stdout.write(USAGE);
    code = 0;
  } else if (options.litestream) {
    code = await benchLitestream(options);
  } else {
    code = options.hostile ? await runHostile(options, cleanup) : await bench(options, cleanup);
  }
} catch (err) {
  process.stderr.write(err instanceof UsageError ? `bench: ${err.message}\n\n${USAGE}` : `bench: ${(err as Error).stack}\n`);
} finally {
  await cleanup.run();
}
process.exit(code);
