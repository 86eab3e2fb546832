// `npm run bench -- --hostile` (issue 10): the server in a 256 MiB memory limit
// with production settings, a 50,000-file database with a 50,000-row history,
// three real uploads, and at the same time 1,000 stalled uploads, 200
// slow-header connections, every page of the files list and of the history,
// and a health probe. Then the attackers leave, and memory must come back.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { MIB } from './ceiling-jobs.js';
import { createMemoryCgroup } from './cgroup.js';
import type { Cleanup } from './cleanup.js';
import {
  listAll,
  retries,
  probeHealth,
  realUpload,
  sha256Of,
  slowHeaders,
  stalledUploads,
} from './hostile-clients.js';
import { seedDatabase, SEEDED_FILES, SEEDED_HISTORY_ROWS } from './hostile-seed.js';
import type { BenchOptions } from './options.js';
import { readResidentMemory } from './proc.js';
import { progress } from './runner.js';
import { startSampler } from './sampler.js';
import { startServer } from './server.js';
import { percentile, round } from './stats.js';
import { generateTestFiles } from './test-files.js';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const STALLED_UPLOADS = 1_000;
const SLOW_HEADER_CONNECTIONS = 200;
const SLOW_HEADER_EVERY_MS = 5_000;
const HEALTH_EVERY_MS = 50;
const DEFAULT_LIMIT_MIB = 256;
// Pages are 100 rows: 500 pages list 50,000 files.
const MAX_PAGES = 1_000;
// How long memory gets to come back once the attackers have gone.
const SETTLE_MS = 30_000;

// The issue's ceilings.
const TARGETS = { peakRssMiB: 150, healthP99Ms: 100, settledOverIdleMiB: 20 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runHostile(options: BenchOptions, cleanup: Cleanup): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'picoshare-hostile-'));
  cleanup.add('remove the temp folder', () => (options.keep ? progress(`kept ${dir}`) : rmSync(dir, { recursive: true, force: true })));
  progress(`seeding ${SEEDED_FILES} files and ${SEEDED_HISTORY_ROWS} history rows`);
  const seeded = await seedDatabase(join(dir, 'store.db'));
  const files = await generateTestFiles(dir, new Set(['parallel']), options);

  const limitMiB = options.memoryLimitMiB ?? DEFAULT_LIMIT_MIB;
  const made = createMemoryCgroup(limitMiB * MIB, `picoshare-hostile-${process.pid}`);
  const cgroup = 'unavailable' in made ? undefined : made;
  if (!cgroup) progress(`WARNING: no memory cgroup (${(made as { unavailable: string }).unavailable}); no memory limit`);
  else cleanup.add(`remove the cgroup ${cgroup.path}`, () => cgroup.remove());

  const passphrase = randomBytes(12).toString('base64url');
  const auth = `Basic ${Buffer.from(`:${passphrase}`).toString('base64')}`;
  const server = await startServer({ dir, heapMiB: options.heapMiB, passphrase, cgroup, env: options.serverEnv });
  cleanup.add('stop the server', () => server.stop());
  const port = Number(new URL(server.origin).port);
  progress(`server pid ${server.pid} at ${server.origin}${Object.keys(options.serverEnv).length ? ` with ${JSON.stringify(options.serverEnv)}` : ''}`);

  // Idle: after start-up and one look at each page, as a real owner would have.
  await listAll(server.origin, '/api/entries', auth, 1);
  await sleep(3_000);
  const idleRss = readResidentMemory(server.pid).rss;

  const sampler = startSampler(server.pid, server.dbPath);
  const health = probeHealth(server.origin, HEALTH_EVERY_MS);
  const began = performance.now();
  progress('three real uploads, then the attackers');
  const uploads = Promise.all(files.parallel.map((file) => realUpload(server.origin, auth, file, 20)));
  uploads.catch(() => {});
  await sleep(200);
  const stalled = stalledUploads(port, seeded.guestLinkId, STALLED_UPLOADS);
  const slow = slowHeaders(port, SLOW_HEADER_CONNECTIONS, SLOW_HEADER_EVERY_MS);
  const listings = {
    filesApi: await listAll(server.origin, '/api/entries', auth, MAX_PAGES),
    filesPage: await listAll(server.origin, '/files', auth, MAX_PAGES),
    historyApi: await listAll(server.origin, `/api/entry/${seeded.historyEntryId}/downloads`, auth, MAX_PAGES),
    historyPage: await listAll(server.origin, `/files/${seeded.historyEntryId}/downloads`, auth, MAX_PAGES),
  };
  let uploaded: { id: string; tries: number }[] = [];
  let uploadError: string | undefined;
  try {
    uploaded = await uploads;
  } catch (err) {
    uploadError = (err as Error).message;
  }
  const uploadSeconds = (performance.now() - began) / 1000;
  const intact = uploadError
    ? false
    : (await Promise.all(uploaded.map((u, i) => sha256Of(server.origin, u.id).then((h) => h === files.parallel[i]!.sha256)))).every(Boolean);
  stalled.close();
  slow.close();
  const probes = await health.stop();
  const peak = sampler.stop();

  progress('attackers gone; waiting for memory to come back');
  let settledRss = readResidentMemory(server.pid).rss;
  for (const until = performance.now() + SETTLE_MS; performance.now() < until; await sleep(1_000)) {
    settledRss = readResidentMemory(server.pid).rss;
    if (settledRss - idleRss <= TARGETS.settledOverIdleMiB * MIB) break;
  }
  const died = server.exited();
  await server.stop();
  const cgroupReport = cgroup?.report();

  const mib = (bytes: number) => round(bytes / MIB);
  const result = {
    when: new Date().toISOString(),
    limitMiB: cgroup ? limitMiB : null,
    heapMiB: options.heapMiB,
    serverEnv: options.serverEnv,
    fileMiB: mib(files.parallel[0]!.size),
    uploads: { intact, error: uploadError, tries: uploaded.map((u) => u.tries), seconds: round(uploadSeconds), mibPerSecond: round((3 * files.parallel[0]!.size) / MIB / uploadSeconds) },
    stalledOutcomes: Object.fromEntries(stalled.outcomes),
    slowHeaderOutcomes: Object.fromEntries(slow.outcomes),
    listings,
    clientRetries: retries.count,
    health: {
      probes: probes.latencies.length,
      failures: probes.failures,
      p50Ms: round(percentile(probes.latencies, 50)),
      p99Ms: round(percentile(probes.latencies, 99)),
      maxMs: round(Math.max(...probes.latencies)),
    },
    rssMiB: { idle: mib(idleRss), peak: mib(peak.peakRss), peakAnon: mib(peak.peakAnon), settled: mib(settledRss) },
    cgroup: cgroupReport ?? null,
    serverDied: died ?? null,
  };
  const checks = [
    ['no OOM kill', (cgroupReport?.oomKills ?? 0) === 0 && !died],
    [`peak RSS ≤ ${TARGETS.peakRssMiB} MiB`, result.rssMiB.peak <= TARGETS.peakRssMiB],
    ['the real uploads complete intact', intact],
    [`/healthz p99 ≤ ${TARGETS.healthP99Ms} ms`, result.health.p99Ms <= TARGETS.healthP99Ms && probes.failures === 0],
    [`RSS back within ${TARGETS.settledOverIdleMiB} MiB of idle`, result.rssMiB.settled - result.rssMiB.idle <= TARGETS.settledOverIdleMiB],
  ] as const;
  process.stdout.write(`\n${JSON.stringify(result, null, 2)}\n\n`);
  for (const [what, ok] of checks) process.stdout.write(`${ok ? 'MET   ' : 'MISSED'} ${what}\n`);
  mkdirSync(join(BENCH_DIR, 'results'), { recursive: true });
  const path = join(BENCH_DIR, 'results', `hostile-${result.when.replace(/[:.]/g, '-')}.json`);
  writeFileSync(path, `${JSON.stringify({ ...result, checks }, null, 2)}\n`);
  progress(`results written to ${path}`);
  return checks.every(([, ok]) => ok) ? 0 : 1;
}
