import { randomInt } from 'node:crypto';
import { percentile, round } from '../stats.js';
import { storeParallelFiles } from './uploads.js';
import { required, type Workload, type WorkloadContext } from './workload.js';

const RANGE_REQUESTS = 200;
const RANGE_BYTES = 64 * 1024;

/** Downloads read the files three-uploads stored; when it was not chosen, store them unmeasured. */
async function ensureParallelStored(ctx: WorkloadContext): Promise<void> {
  if (!ctx.state.parallel) await storeParallelFiles(ctx);
}

export const threeDownloads: Workload = {
  name: 'three-downloads',
  title: '3 parallel full downloads',
  isUpload: false,
  needs: ['parallel'],
  prepare: ensureParallelStored,
  async run(ctx) {
    const stored = required(ctx.state.parallel, 'the stored parallel files');
    // One hash proves the bytes; hashing all three would make the bench, not
    // the server, the bottleneck on two cores.
    const got = await Promise.all(stored.map((s, i) => ctx.client.download(s.id, i === 0)));
    got.forEach(({ bytes, sha256 }, i) => {
      const { file, id } = stored[i]!;
      if (bytes !== file.size) throw new Error(`download of ${id}: ${bytes} bytes, stored ${file.size}`);
      if (sha256 !== undefined && sha256 !== file.sha256) throw new Error(`download of ${id}: sha256 differs from the upload`);
    });
    return {
      bytes: got.reduce((sum, g) => sum + g.bytes, 0),
      details: { sizesVerified: got.length, sha256Verified: true },
      ceiling: { kind: 'read', ids: stored.map((s) => s.id), fileBytes: stored[0]!.file.size },
    };
  },
};

export const rangeRequests: Workload = {
  name: 'range',
  title: `${RANGE_REQUESTS} sequential 64 KiB Range requests`,
  isUpload: false,
  needs: ['parallel'],
  prepare: ensureParallelStored,
  async run(ctx) {
    const { id, file } = required(ctx.state.parallel?.[0], 'a stored parallel file');
    const firstByteMs: number[] = [];
    for (let i = 0; i < RANGE_REQUESTS; i++) {
      firstByteMs.push(await ctx.client.rangeFirstByteMs(id, randomInt(0, file.size - RANGE_BYTES + 1), RANGE_BYTES));
    }
    return {
      bytes: RANGE_REQUESTS * RANGE_BYTES,
      details: {
        ttfbP50Ms: round(percentile(firstByteMs, 50), 2),
        ttfbP99Ms: round(percentile(firstByteMs, 99), 2),
        ttfbMaxMs: round(Math.max(...firstByteMs), 2),
      },
    };
  },
};
