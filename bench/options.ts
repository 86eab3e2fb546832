export const WORKLOAD_NAMES = [
  'three-uploads',
  'one-upload',
  'three-downloads',
  'range',
  'small-uploads',
  'raw-put',
  'tus',
] as const;
export type WorkloadName = (typeof WORKLOAD_NAMES)[number];

// The heap cap production runs with: the Dockerfile's NODE_OPTIONS, sized so that
// heap, native buffers and SQLite's cache fit a 256 MB machine (issue 6).
export const PRODUCTION_HEAP_MIB = 96;
// The scenario of upstream's "fixing memory exhaustion" post: three 618 MiB files
// in parallel; and the single big file.
const FULL_PARALLEL_FILE_MIB = 618;
const FULL_SINGLE_FILE_MIB = 1024;
const MIB = 1024 * 1024;

export interface BenchOptions {
  only: readonly WorkloadName[];
  keep: boolean;
  /** Run the Litestream disk workload (bench/litestream.ts) instead of the others. */
  litestream: boolean;
  /** Run the server in a memory cgroup of this many MiB. */
  memoryLimitMiB: number | undefined;
  heapMiB: number;
  parallelFileBytes: number;
  singleFileBytes: number;
  /** The hostile-load run (issue 10) instead of the workloads. */
  hostile: boolean;
  /** Extra environment for the server, e.g. allocator settings being weighed. */
  serverEnv: Record<string, string>;
}

export const USAGE = `Usage: npm run bench -- [flags]

  --only NAMES          comma-separated workloads to run (default: all): ${WORKLOAD_NAMES.join(', ')}
  --memory-limit MIB    run the server inside a memory cgroup of this size (cgroup v1, else v2; root only)
  --heap-mb MIB         the server's --max-old-space-size (default ${PRODUCTION_HEAP_MIB}, as in production)
  --keep                keep the temp folder (database, test files, server log)
  --hostile             instead of the workloads: three real uploads under 1,000 stalled uploads,
                        200 slow-header connections and a 50,000-file database listed page by page,
                        in a 256 MiB memory limit unless --memory-limit says otherwise (issue 10)
  --env KEY=VALUE       extra environment for the server (repeatable), e.g. MALLOC_TRIM_THRESHOLD_=0
  --litestream          only three parallel uploads through the entrypoint under Litestream (file
                        replica): peak folder size ÷ stored, MiB/s, replication lag (issue 11)

Environment:
  BENCH_SIZE_MB         size in MiB of the files that are 618 MiB and 1 GiB in a full run
`;

export class UsageError extends Error {
  override name = 'UsageError';
}

function positiveInt(flag: string, value: string | undefined): number {
  if (value === undefined || !/^\d+$/.test(value) || Number(value) === 0) {
    throw new UsageError(`${flag}: needs a positive whole number (got ${value ?? 'nothing'})`);
  }
  return Number(value);
}

function workloadList(value: string | undefined): WorkloadName[] {
  const names = (value ?? '').split(',').filter((n) => n !== '');
  if (names.length === 0) throw new UsageError('--only: needs workload names');
  for (const name of names) {
    if (!(WORKLOAD_NAMES as readonly string[]).includes(name)) {
      throw new UsageError(`--only: unknown workload "${name}" (known: ${WORKLOAD_NAMES.join(', ')})`);
    }
  }
  return names as WorkloadName[];
}

export function parseOptions(argv: readonly string[], env: NodeJS.ProcessEnv): BenchOptions | 'help' {
  let only: WorkloadName[] = [...WORKLOAD_NAMES];
  let keep = false;
  let litestream = false;
  let memoryLimitMiB: number | undefined;
  let heapMiB = PRODUCTION_HEAP_MIB;
  let hostile = false;
  const serverEnv: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split(/=(.*)/s) as [string, string | undefined];
    const value = () => inline ?? argv[++i];
    if (flag === '--help' || flag === '-h') return 'help';
    else if (flag === '--keep') keep = true;
    else if (flag === '--hostile') hostile = true;
    else if (flag === '--env') {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(value() ?? '');
      if (!m) throw new UsageError('--env: needs KEY=VALUE');
      serverEnv[m[1]!] = m[2]!;
    }
    else if (flag === '--litestream') litestream = true;
    else if (flag === '--only') only = workloadList(value());
    else if (flag === '--memory-limit') memoryLimitMiB = positiveInt(flag, value());
    else if (flag === '--heap-mb') heapMiB = positiveInt(flag, value());
    else throw new UsageError(`unknown argument "${argv[i]}"`);
  }
  const sizeMiB = env.BENCH_SIZE_MB ? positiveInt('BENCH_SIZE_MB', env.BENCH_SIZE_MB) : undefined;
  return {
    // Always in the canonical order: downloads read what the uploads stored.
    only: WORKLOAD_NAMES.filter((n) => only.includes(n)),
    keep,
    litestream,
    memoryLimitMiB,
    heapMiB,
    parallelFileBytes: (sizeMiB ?? FULL_PARALLEL_FILE_MIB) * MIB,
    singleFileBytes: (sizeMiB ?? FULL_SINGLE_FILE_MIB) * MIB,
    hostile,
    serverEnv,
  };
}
