import { MIB, type CeilingResult } from './ceiling-jobs.js';
import type { BenchResults, WorkloadResult } from './results.js';

type Cell = string | number;

/** Columns padded to their widest cell; the first left-aligned, numbers right-aligned. */
function table(header: readonly string[], rows: ReadonlyArray<readonly Cell[]>): string {
  const text = [header, ...rows].map((row) => row.map(String));
  const widths = header.map((_, c) => Math.max(...text.map((row) => row[c]?.length ?? 0)));
  const pad = (cell: string, c: number) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!));
  const line = (row: string[]) => row.map(pad).join('  ');
  return [line(text[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...text.slice(1).map(line)].join('\n');
}

const mib = (bytes: number) => (bytes / MIB).toFixed(1);
const fixed = (n: number | undefined, digits = 1) => (n === undefined || Number.isNaN(n) ? '-' : n.toFixed(digits));

function workloadRow(w: WorkloadResult): Cell[] {
  return [
    w.title,
    mib(w.bytes),
    fixed(w.mibPerSecond),
    w.percentOfCeiling === undefined ? '-' : `${w.percentOfCeiling.toFixed(0)} %`,
    fixed(w.wallSeconds, 2),
    mib(w.peakRssBytes),
    mib(w.peakAnonBytes),
    `${mib(w.hwmBytes)}${w.hwmSinceStart ? '*' : ''}`,
    fixed(w.cpuSeconds, 2),
    fixed(w.eventLoopDelayMs.p50, 2),
    fixed(w.eventLoopDelayMs.p99, 2),
    fixed(w.eventLoopDelayMs.max, 0),
    w.storedBytes > 0 ? (w.peakDiskBytes / w.storedBytes).toFixed(3) : '-',
  ];
}

function describeCeiling(c: CeilingResult): string {
  const job = c.job;
  if (job.kind === 'read') return `raw reads, one chunk per query, ${job.ids.length} stored file(s)`;
  if (job.kind === 'chunk-size') return 'chunk size';
  if (job.kind === 'http-stop') return 'transport stop';
  if (job.kind === 'http') return `bare Node HTTP transport, ${job.files} parallel, ${job.chunkSize}-byte chunks from memory`;
  const order = job.files > 1 ? (job.interleave ? ', round-robin' : ', one after another') : '';
  return `raw inserts, ${job.files} × ${mib(job.fileBytes)} MiB as ${job.chunkSize}-byte rows${order}`;
}

function describeCgroup(c: NonNullable<BenchResults['cgroup']>): string {
  const r = c.report;
  if (!r) return `NO MEMORY LIMIT: ${c.unavailable}`;
  const maxUsage = r.maxUsageBytes === undefined ? '?' : mib(r.maxUsageBytes);
  return (
    `cgroup ${r.version} ${r.path}: limit ${mib(r.limitBytes)} MiB, max usage ${maxUsage} MiB (page cache included), ` +
    `limit hits ${r.limitHits ?? '?'}, OOM kills ${r.oomKills ?? '?'}, under OOM ${r.underOom ?? '?'}`
  );
}

const WORKLOAD_HEADER = [
  'workload', 'MiB', 'MiB/s', 'ceiling', 'wall s', 'RSS MiB', 'anon MiB', 'HWM MiB',
  'CPU s', 'loop p50', 'loop p99', 'loop max', 'disk/stored',
];
const verdict = (pass: boolean | undefined) => (pass === undefined ? '-' : pass ? 'pass' : 'FAIL');

export function formatReport(r: BenchResults): string {
  const out: string[] = [];
  const m = r.machine;
  out.push(
    `picoshare bench, ${m.date}: ${m.cpuModel} × ${m.cores}, ${mib(m.ramBytes)} MiB RAM, Node ${m.node}, ` +
      `${m.filesystem.type} (${m.filesystem.device}) at ${m.tempDir}; server heap cap ${r.options.heapMiB} MiB` +
      (r.serverChunkBytes ? `, chunk ${r.serverChunkBytes} bytes` : ''),
    '',
  );
  const ok = r.workloads.filter((w): w is WorkloadResult => w.ok);
  out.push(table(WORKLOAD_HEADER, ok.map(workloadRow)));
  if (ok.some((w) => w.hwmSinceStart)) out.push('* VmHWM could not be reset: the peak since the server started');
  for (const w of r.workloads) {
    if (!w.ok) out.push(`FAILED ${w.title}: ${w.error}`);
    else if (Object.keys(w.details).length > 0) {
      out.push(`  ${w.title}: ${Object.entries(w.details).map(([k, v]) => `${k} ${v}`).join(', ')}`);
    }
  }
  if (r.ceilings.length > 0) {
    const rows = r.ceilings.map((c) => [describeCeiling(c), fixed(c.mibPerSecond), fixed(c.seconds, 2)]);
    out.push('', table(['ceiling (same disk, separate process)', 'MiB/s', 'seconds'], rows));
  }
  if (r.cgroup) out.push('', describeCgroup(r.cgroup));
  if (r.serverDied) out.push(`THE SERVER DIED during the run: ${JSON.stringify(r.serverDied)}`);
  out.push('', table(['target (issue 6)', 'measured', ''], r.targets.map((t) => [t.target, t.measured, verdict(t.pass)])));
  return out.join('\n');
}
