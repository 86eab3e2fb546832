import { CeilingRunner, jobsFor } from './ceilings.js';
import { BenchClient } from './http-client.js';
import { measure, type Measurement } from './measure.js';
import { readResidentMemory } from './proc.js';
import type { FailedWorkload } from './results.js';
import type { RunningServer, ServerExit } from './server.js';
import type { TestFiles } from './test-files.js';
import type { BenchState, Workload } from './workloads/workload.js';

export interface WorkloadsOutcome {
  runs: Array<(Measurement & { ok: true }) | FailedWorkload>;
  /** The length of chunk 0 of a stored file, once something was stored. */
  serverChunkBytes: number | undefined;
  /** Set when the server ended on its own (a crash, an OOM kill). */
  serverDied: ServerExit | undefined;
}

export function progress(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/**
 * Runs the workloads in order against one server, each followed by its ceiling
 * while the server idles: measured minutes apart, the two would see a shared
 * disk in different moods. A failed workload is recorded and the next one runs.
 */
export async function runWorkloads(
  workloads: readonly Workload[],
  server: RunningServer,
  files: TestFiles,
  passphrase: string,
  ceilings: CeilingRunner,
): Promise<WorkloadsOutcome> {
  const client = new BenchClient(server.origin, passphrase);
  const state: BenchState = { parallel: undefined, someId: undefined, storedBytes: 0 };
  const ctx = { client, files, state, serverRss: () => readResidentMemory(server.pid).rss };
  const paths = { dir: server.dir, dbPath: server.dbPath };
  const outcome: WorkloadsOutcome = { runs: [], serverChunkBytes: undefined, serverDied: undefined };
  try {
    for (const workload of workloads) {
      const { name, title } = workload;
      if (server.exited()) {
        outcome.runs.push({ ok: false, name, title, error: 'not run: the server had died' });
        continue;
      }
      progress(`${name}: ${title}`);
      let measured: Measurement;
      try {
        measured = await measure(workload, ctx, server);
      } catch (err) {
        // A dying server closes sockets a moment before its exit is reported.
        await new Promise((resolve) => setTimeout(resolve, 200));
        const died = server.exited();
        const error = `${(err as Error).message}${died ? ` (the server died: ${JSON.stringify(died)})` : ''}`;
        progress(`${name} FAILED: ${error}`);
        outcome.runs.push({ ok: false, name, title, error });
        continue;
      }
      outcome.runs.push({ ok: true, ...measured });
      if (!measured.ceiling) continue;
      if (outcome.serverChunkBytes === undefined && state.someId) {
        outcome.serverChunkBytes = await ceilings.serverChunkBytes(server.dbPath, state.someId);
      }
      progress(`${name}: its raw SQLite ceiling`);
      for (const job of jobsFor(measured.ceiling, paths, outcome.serverChunkBytes)) await ceilings.measure(job);
    }
  } finally {
    client.close();
  }
  outcome.serverDied = server.exited();
  return outcome;
}
