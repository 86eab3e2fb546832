import assert from 'node:assert/strict';
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  downloadSha256,
  FIRST_SYNC,
  freePort,
  makeTempDir,
  startEntrypoint,
  stopUnderLitestream,
  upload,
  waitForOutput,
  waitForReplicaIdle,
  waitHealthy,
  writeRandomFile,
} from './support.js';

// Issue 11: large enough that the WAL goes round many checkpoint cycles.
const UPLOAD_BYTES = 300 * 1024 * 1024;
// Sent last, and the server stopped as soon as it is stored: Litestream is still shipping it.
const LAST_UPLOAD_BYTES = 40 * 1024 * 1024;
// A smaller margin than the default 256 MiB: what stays on disk once replication has
// caught up is about 3/8 of it (the -wal and Litestream's last segment), which at
// this test's size must fit in 10 % of what is stored.
// DISK_TEST_MARGIN_MIB=256 measures the default (its "after replication" needs a larger upload).
const MARGIN_MIB = Number(process.env.DISK_TEST_MARGIN_MIB ?? 64);
const MARGIN_BYTES = MARGIN_MIB * 1024 * 1024;
const SAMPLE_MS = 100;

/** Every byte under `dir`: the database, its -wal and -shm, Litestream's folder. */
async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += await folderBytes(path);
    else total += await stat(path).then((s) => s.size, () => 0);
  }
  return total;
}

/** Samples the folder every SAMPLE_MS until stopped; resolves to the peak. */
function sampleFolder(dir: string): { stop(): Promise<number> } {
  let peak = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      peak = Math.max(peak, await folderBytes(dir));
      await new Promise((resolve) => setTimeout(resolve, SAMPLE_MS));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return peak;
    },
  };
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

test('under Litestream the database folder stays within stored + 10 % + the margin, and restores', { timeout: 300_000 }, async (t) => {
  const dir = await makeTempDir(t);
  const data = join(dir, 'data');
  const db = join(data, 'store.db');
  const file = join(dir, 'upload.bin');
  const sha256 = await writeRandomFile(file, UPLOAD_BYTES);
  const port = await freePort();
  const env = { LITESTREAM_REPLICA_PATH: join(dir, 'replica'), PORT: String(port), PS_LITESTREAM_DISK_MARGIN_MB: String(MARGIN_MIB) };
  const lastFile = join(dir, 'last.bin');
  const lastSha256 = await writeRandomFile(lastFile, LAST_UPLOAD_BYTES);

  const first = startEntrypoint(t, ['-db', db], env);
  await waitHealthy(first, port);
  await waitForOutput(first, FIRST_SYNC);
  const sampler = sampleFolder(data);
  const started = performance.now();
  const id = await upload(port, file, 'big.bin');
  const seconds = (performance.now() - started) / 1000;
  const peak = await sampler.stop();
  await waitForReplicaIdle(first);
  const settled = await folderBytes(data);
  t.diagnostic(
    `${mb(UPLOAD_BYTES)} in ${seconds.toFixed(1)} s (${(UPLOAD_BYTES / 1e6 / seconds).toFixed(1)} MB/s); ` +
      `folder peak ${mb(peak)} (${(peak / UPLOAD_BYTES).toFixed(3)} x stored), after replication ${mb(settled)}`,
  );
  assert.ok(peak <= UPLOAD_BYTES * 1.1 + MARGIN_BYTES, `peak ${mb(peak)} over stored + 10 % + margin`);
  assert.ok(settled <= UPLOAD_BYTES * 1.1, `${mb(settled)} after replication, over stored + 10 %`);
  const lastId = await upload(port, lastFile, 'last.bin');
  await stopUnderLitestream(first);

  await rm(data, { recursive: true, force: true });
  const second = startEntrypoint(t, ['-db', db], env);
  await waitHealthy(second, port, 120_000);
  assert.equal(await downloadSha256(port, id), sha256, 'the restored file is byte-identical');
  assert.equal(await downloadSha256(port, lastId), lastSha256, 'so is the one still being shipped at the stop');
  await stopUnderLitestream(second);
});
