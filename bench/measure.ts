import { performance } from 'node:perf_hooks';
import type { CeilingSpec } from './ceiling-jobs.js';
import { flushDirtyPages, readCpuSeconds, readResidentMemory, resetPeakRss } from './proc.js';
import { startSampler, type Samples } from './sampler.js';
import type { RunningServer } from './server.js';
import type { Details, Workload, WorkloadContext, WorkloadRun } from './workloads/workload.js';

export interface Measurement {
  name: string;
  title: string;
  isUpload: boolean;
  bytes: number;
  wallSeconds: number;
  /** Sampled VmRSS maximum. */
  peakRssBytes: number;
  /** Sampled RssAnon maximum. */
  peakAnonBytes: number;
  /** VmHWM: the kernel's own peak, for this workload where it could be reset. */
  hwmBytes: number;
  hwmSinceStart: boolean;
  cpuSeconds: number;
  eventLoopDelayMs: { p50: number; p99: number; max: number };
  peakDiskBytes: number;
  /** Everything the server stores once the workload is done. */
  storedBytes: number;
  details: Details;
  ceiling: CeilingSpec | undefined;
}

/**
 * Runs one workload and takes the server's figures around it: the disk is
 * flushed and the event-loop window and the RSS peak restart first, /proc is
 * sampled throughout.
 */
export async function measure(workload: Workload, ctx: WorkloadContext, server: RunningServer): Promise<Measurement> {
  await workload.prepare?.(ctx);
  flushDirtyPages();
  const { pid } = server;
  // Starts a new event-loop window.
  await ctx.client.metrics();
  const hwmReset = resetPeakRss(pid);
  const cpuBefore = readCpuSeconds(pid);
  const sampler = startSampler(pid, server.dbPath);
  const began = performance.now();
  let run: WorkloadRun;
  let samples: Samples;
  let wallSeconds: number;
  try {
    run = await workload.run(ctx);
  } finally {
    wallSeconds = (performance.now() - began) / 1000;
    samples = sampler.stop();
  }
  const cpuSeconds = readCpuSeconds(pid) - cpuBefore;
  const { hwm } = readResidentMemory(pid);
  const { eventLoopDelayMs } = await ctx.client.metrics();
  return {
    name: workload.name,
    title: workload.title,
    isUpload: workload.isUpload,
    bytes: run.bytes,
    wallSeconds,
    peakRssBytes: samples.peakRss,
    peakAnonBytes: samples.peakAnon,
    hwmBytes: hwm,
    hwmSinceStart: !hwmReset,
    cpuSeconds,
    eventLoopDelayMs: { p50: eventLoopDelayMs.p50, p99: eventLoopDelayMs.p99, max: eventLoopDelayMs.max },
    peakDiskBytes: samples.peakDiskBytes,
    storedBytes: ctx.state.storedBytes,
    details: run.details,
    ceiling: run.ceiling,
  };
}
