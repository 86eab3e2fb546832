import type { CeilingSpec } from '../ceiling-jobs.js';
import type { BenchClient } from '../http-client.js';
import type { WorkloadName } from '../options.js';
import type { FileRole, TestFile, TestFiles } from '../test-files.js';

export interface StoredFile {
  id: string;
  file: TestFile;
}

/** What the server holds so far, as far as the bench knows. */
export interface BenchState {
  /** The three parallel files once stored; downloads read them. */
  parallel: StoredFile[] | undefined;
  /** Any stored file, to read the server's chunk size from. */
  someId: string | undefined;
  storedBytes: number;
}

export interface WorkloadContext {
  client: BenchClient;
  files: TestFiles;
  state: BenchState;
  /** The server's resident memory right now, for figures taken mid-workload. */
  serverRss(): number;
}

export type Details = Record<string, number | string | boolean>;

export interface WorkloadRun {
  /** Payload bytes moved, the numerator of MiB/s. */
  bytes: number;
  /** Figures only this workload has, e.g. Range latencies. */
  details: Details;
  /** The raw SQLite operation its throughput is compared with, if any. */
  ceiling?: CeilingSpec;
}

export interface Workload {
  name: WorkloadName;
  title: string;
  /** Uploads are held to the event-loop and memory targets of issue 6. */
  isUpload: boolean;
  needs: readonly FileRole[];
  /** Unmeasured setup, such as storing the files a download workload reads. */
  prepare?(ctx: WorkloadContext): Promise<void>;
  run(ctx: WorkloadContext): Promise<WorkloadRun>;
}

export function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is missing`);
  return value;
}
