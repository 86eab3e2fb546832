import { performance } from 'node:perf_hooks';
import { MIB } from '../ceiling-jobs.js';
import { percentile, round } from '../stats.js';
import type { TestFile } from '../test-files.js';
import { required, type Workload, type WorkloadContext, type WorkloadRun } from './workload.js';

// RSS is compared after this many uploads and after all of them: growth between
// the two would be a leak (issue 6).
const SMALL_UPLOADS = 300;
const SMALL_UPLOADS_BASELINE = 50;

/** Uploads the three parallel files at once and remembers them for the download workloads. */
export async function storeParallelFiles(ctx: WorkloadContext): Promise<WorkloadRun> {
  const files = ctx.files.parallel;
  const ids = await Promise.all(files.map((file) => ctx.client.uploadMultipart(file)));
  ctx.state.parallel = files.map((file, i) => ({ id: ids[i]!, file }));
  const bytes = files.reduce((sum, f) => sum + f.size, 0);
  ctx.state.storedBytes += bytes;
  ctx.state.someId ??= ids[0];
  return { bytes, details: {}, ceiling: { kind: 'insert', files: files.length, fileBytes: files[0]!.size, interleave: true } };
}

async function storeOne(ctx: WorkloadContext, upload: (file: TestFile) => Promise<string>): Promise<WorkloadRun> {
  const file = required(ctx.files.single, 'the single test file');
  const id = await upload(file);
  ctx.state.someId ??= id;
  ctx.state.storedBytes += file.size;
  return { bytes: file.size, details: {}, ceiling: { kind: 'insert', files: 1, fileBytes: file.size, interleave: false } };
}

export const threeUploads: Workload = {
  name: 'three-uploads',
  title: '3 parallel multipart uploads',
  isUpload: true,
  needs: ['parallel'],
  run: storeParallelFiles,
};

export const oneUpload: Workload = {
  name: 'one-upload',
  title: '1 multipart upload',
  isUpload: true,
  needs: ['single'],
  run: (ctx) => storeOne(ctx, (file) => ctx.client.uploadMultipart(file)),
};

export const rawPut: Workload = {
  name: 'raw-put',
  title: '1 raw PUT upload',
  isUpload: true,
  needs: ['single'],
  run: (ctx) => storeOne(ctx, (file) => ctx.client.uploadRaw(file)),
};

// PATCH size the browser uses by default (issue 13): under Cloudflare's 100 MB body cap.
const TUS_PATCH_BYTES = 50 * 1_000_000;

export const tusUpload: Workload = {
  name: 'tus',
  title: '1 tus upload in 50 MB PATCHes',
  isUpload: true,
  needs: ['single'],
  run: (ctx) => storeOne(ctx, (file) => ctx.client.uploadTus(file, TUS_PATCH_BYTES)),
};

export const smallUploads: Workload = {
  name: 'small-uploads',
  title: `${SMALL_UPLOADS} sequential 1 MiB uploads`,
  isUpload: true,
  needs: ['small'],
  async run(ctx) {
    const file = required(ctx.files.small, 'the small test file');
    const latencies: number[] = [];
    let rssAtBaseline = 0;
    for (let i = 1; i <= SMALL_UPLOADS; i++) {
      const began = performance.now();
      const id = await ctx.client.uploadMultipart(file);
      ctx.state.someId ??= id;
      latencies.push(performance.now() - began);
      ctx.state.storedBytes += file.size;
      if (i === SMALL_UPLOADS_BASELINE) rssAtBaseline = ctx.serverRss();
    }
    const rssAtEnd = ctx.serverRss();
    return {
      bytes: SMALL_UPLOADS * file.size,
      details: {
        [`rssAfter${SMALL_UPLOADS_BASELINE}MiB`]: round(rssAtBaseline / MIB),
        [`rssAfter${SMALL_UPLOADS}MiB`]: round(rssAtEnd / MIB),
        rssGrowthMiB: round((rssAtEnd - rssAtBaseline) / MIB),
        uploadP50Ms: round(percentile(latencies, 50)),
        uploadP99Ms: round(percentile(latencies, 99)),
      },
      ceiling: { kind: 'insert', files: SMALL_UPLOADS, fileBytes: file.size, interleave: false },
    };
  },
};
