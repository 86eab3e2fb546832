import { MIB } from './ceiling-jobs.js';
import type { CgroupOutcome, FailedWorkload, WorkloadResult } from './results.js';
import type { ServerExit } from './server.js';

export interface TargetCheck {
  target: string;
  measured: string;
  /** Undefined when this run did not measure it. */
  pass: boolean | undefined;
}

// Issue 6's targets, checked here and reported, never asserted by tests.
const MIN_PERCENT_OF_CEILING = 80;
const MAX_RANGE_P99_MS = 3;
const MAX_THREE_UPLOAD_RSS_MIB = 80;
const MAX_RSS_GROWTH_MIB = 10;
const MAX_UPLOAD_LOOP_P99_MS = 50;
const MAX_DISK_OVERHEAD = 0.1;

const notMeasured = (target: string): TargetCheck => ({ target, measured: 'not measured', pass: undefined });

export function checkTargets(
  all: ReadonlyArray<WorkloadResult | FailedWorkload>,
  cgroup: CgroupOutcome | undefined,
  serverDied: ServerExit | undefined,
): TargetCheck[] {
  const ok = all.filter((w): w is WorkloadResult => w.ok);
  const byName = (name: string) => ok.find((w) => w.name === name);
  const check = (name: string, target: string, measure: (w: WorkloadResult) => [string, boolean] | undefined) => {
    const w = byName(name);
    const got = w && measure(w);
    return got ? { target, measured: got[0], pass: got[1] } : notMeasured(target);
  };
  const ofCeiling = (w: WorkloadResult): [string, boolean] | undefined => {
    const percent = w.percentOfCeiling;
    return percent === undefined ? undefined : [`${percent.toFixed(0)} %`, percent >= MIN_PERCENT_OF_CEILING];
  };
  const uploads = ok.filter((w) => w.isUpload);
  const worstLoop = Math.max(...uploads.map((w) => w.eventLoopDelayMs.p99));

  const checks = [
    check('three-uploads', `3 parallel uploads ≥ ${MIN_PERCENT_OF_CEILING} % of raw insert`, ofCeiling),
    check('one-upload', `1 upload ≥ ${MIN_PERCENT_OF_CEILING} % of raw insert`, ofCeiling),
    check('three-downloads', `3 parallel downloads ≥ ${MIN_PERCENT_OF_CEILING} % of raw read`, ofCeiling),
    // Not a target of the issue: how close downloads come to what HTTP itself
    // carries here, which bounds them whatever SQLite does.
    {
      target: '  (reference: % of bare Node HTTP transport)',
      measured: byName('three-downloads')?.percentOfTransport?.toFixed(0).concat(' %') ?? 'not measured',
      pass: undefined,
    },
    check('range', `Range p99 time to first byte ≤ ${MAX_RANGE_P99_MS} ms`, (w) => {
      const p99 = Number(w.details.ttfbP99Ms);
      return [`${p99} ms`, p99 <= MAX_RANGE_P99_MS];
    }),
    check('three-uploads', `peak RSS ≤ ${MAX_THREE_UPLOAD_RSS_MIB} MiB during 3 parallel uploads`, (w) => {
      const peak = Math.max(w.peakRssBytes, w.hwmSinceStart ? 0 : w.hwmBytes) / MIB;
      return [`${peak.toFixed(1)} MiB`, peak <= MAX_THREE_UPLOAD_RSS_MIB];
    }),
    check('small-uploads', `RSS after 300 uploads within ${MAX_RSS_GROWTH_MIB} MiB of after 50`, (w) => {
      const growth = Number(w.details.rssGrowthMiB);
      return [`${growth >= 0 ? '+' : ''}${growth} MiB`, Math.abs(growth) <= MAX_RSS_GROWTH_MIB];
    }),
    uploads.length === 0
      ? notMeasured(`event-loop p99 ≤ ${MAX_UPLOAD_LOOP_P99_MS} ms during uploads`)
      : {
          target: `event-loop p99 ≤ ${MAX_UPLOAD_LOOP_P99_MS} ms during uploads`,
          measured: `worst ${worstLoop} ms`,
          pass: worstLoop <= MAX_UPLOAD_LOOP_P99_MS,
        },
    check('three-uploads', `disk ≤ stored + ${MAX_DISK_OVERHEAD * 100} % during 3 parallel uploads`, (w) => {
      const ratio = w.peakDiskBytes / w.storedBytes;
      return [`${(100 * (ratio - 1)).toFixed(1)} % over`, ratio <= 1 + MAX_DISK_OVERHEAD];
    }),
  ];
  if (cgroup) {
    const target = `no OOM kill in a ${cgroup.limitMiB} MiB cgroup`;
    const report = cgroup.report;
    if (!report) checks.push(notMeasured(target));
    else {
      const measured = `${report.oomKills ?? '?'} OOM kills, server ${serverDied ? 'died' : 'survived'}`;
      checks.push({ target, measured, pass: (report.oomKills ?? 0) === 0 && !serverDied });
    }
  }
  return checks;
}
