import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jobKey, MIB, type CeilingResult } from './ceiling-jobs.js';
import { ceilingJob, REFERENCE_CHUNK_BYTES, transportJob, type CeilingPaths } from './ceilings.js';
import type { CgroupReport } from './cgroup-files.js';
import type { MachineInfo } from './machine.js';
import type { Measurement } from './measure.js';
import type { BenchOptions } from './options.js';
import type { ServerExit } from './server.js';
import type { TargetCheck } from './targets.js';

export interface WorkloadResult extends Measurement {
  ok: true;
  mibPerSecond: number;
  /** Raw SQLite MiB/s for the same work with 320 KiB rows (issue 6's ceiling). */
  ceilingMiBps: number | undefined;
  percentOfCeiling: number | undefined;
  /** The same at the server's own chunk size, where that differs. */
  serverChunkCeilingMiBps: number | undefined;
  /** Downloads only: what bare Node HTTP carries on this machine, and our share of it. */
  transportMiBps: number | undefined;
  percentOfTransport: number | undefined;
}

export interface FailedWorkload {
  ok: false;
  name: string;
  title: string;
  error: string;
}

export interface CgroupOutcome {
  limitMiB: number;
  report: CgroupReport | undefined;
  /** Why the server ran without a cgroup. */
  unavailable: string | undefined;
}

export interface BenchResults {
  machine: MachineInfo;
  options: BenchOptions;
  serverChunkBytes: number | undefined;
  workloads: Array<WorkloadResult | FailedWorkload>;
  ceilings: CeilingResult[];
  cgroup: CgroupOutcome | undefined;
  /** Set when the server ended before the bench stopped it. */
  serverDied: ServerExit | undefined;
  targets: TargetCheck[];
}

/** A measurement with its throughput and its ceilings attached. */
export function withCeilings(
  m: Measurement,
  ceilings: ReadonlyMap<string, CeilingResult>,
  paths: CeilingPaths,
  serverChunkBytes: number | undefined,
): WorkloadResult {
  const mibPerSecond = m.bytes / MIB / m.wallSeconds;
  const at = (chunkSize: number) =>
    m.ceiling && ceilings.get(jobKey(ceilingJob(m.ceiling, paths, chunkSize)))?.mibPerSecond;
  const ceilingMiBps = at(REFERENCE_CHUNK_BYTES);
  const serverChunk = serverChunkBytes !== undefined && serverChunkBytes !== REFERENCE_CHUNK_BYTES;
  const transport = m.ceiling && transportJob(m.ceiling, serverChunkBytes);
  const transportMiBps = transport && ceilings.get(jobKey(transport))?.mibPerSecond;
  return {
    ...m,
    ok: true,
    mibPerSecond,
    ceilingMiBps,
    percentOfCeiling: ceilingMiBps ? (100 * mibPerSecond) / ceilingMiBps : undefined,
    serverChunkCeilingMiBps: serverChunk && m.ceiling?.kind === 'insert' ? at(serverChunkBytes) : undefined,
    transportMiBps,
    percentOfTransport: transportMiBps ? (100 * mibPerSecond) / transportMiBps : undefined,
  };
}

/** bench/results/<ISO timestamp>.json, with the colons of the time made file-name safe. */
export function writeResults(benchDir: string, results: BenchResults): string {
  const dir = join(benchDir, 'results');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${results.machine.date.replace(/:/g, '-')}.json`);
  writeFileSync(path, `${JSON.stringify(results, null, 2)}\n`);
  return path;
}
