import type { WorkloadName } from '../options.js';
import { rangeRequests, threeDownloads } from './downloads.js';
import { oneUpload, rawPut, smallUploads, threeUploads, tusUpload } from './uploads.js';
import type { Workload } from './workload.js';

const ALL: readonly Workload[] = [threeUploads, oneUpload, threeDownloads, rangeRequests, smallUploads, rawPut, tusUpload];

export function selectWorkloads(names: readonly WorkloadName[]): Workload[] {
  return names.map((name) => ALL.find((w) => w.name === name)!);
}
