import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import Database from 'better-sqlite3';
import {
  downloadSha256,
  FIRST_SYNC,
  freePort,
  startEntrypoint,
  stopUnderLitestream,
  upload,
  waitForOutput,
  waitForReplicaIdle,
  waitHealthy,
  writeRandomFile,
  type Started,
} from './support.js';

// Larger than 50 MB, as issue 5 asks: many chunks and a WAL segment far above Litestream's buffers.
const FILES = [
  { name: 'note.txt', bytes: 13 },
  { name: 'holiday photo.jpg', bytes: 700_000 },
  { name: 'disk.iso', bytes: 55 * 1024 * 1024 },
];

/**
 * Start through the entrypoint, upload, stop, lose the whole data folder (an
 * empty volume), start again: every file must come back from the replica.
 */
export async function backupRoundTrip(t: TestContext, dir: string, replicaEnv: Record<string, string>): Promise<Started> {
  const data = join(dir, 'data');
  const db = join(data, 'store.db');
  const files = await Promise.all(
    FILES.map(async (file) => ({ ...file, sha256: await writeRandomFile(join(dir, `upload-${file.bytes}`), file.bytes) })),
  );
  const port = await freePort();
  const env = { ...replicaEnv, PORT: String(port) };

  const first = startEntrypoint(t, ['-db', db], env);
  await waitHealthy(first, port);
  assert.match(first.output, /no database at .*: restoring it from the replica/);
  await waitForOutput(first, FIRST_SYNC);
  const ids: string[] = [];
  for (const file of files) ids.push(await upload(port, join(dir, `upload-${file.bytes}`), file.name));
  // Stopping while Litestream ships can hit its shutdown races (see stopUnderLitestream);
  // the final sync on stop has its own test in signals.test.ts.
  await waitForReplicaIdle(first);
  await stopUnderLitestream(first);

  // The database, its -wal and -shm, and Litestream's own bookkeeping beside them.
  await rm(data, { recursive: true, force: true });

  const second = startEntrypoint(t, ['-db', db], env);
  await waitHealthy(second, port);
  assert.match(second.output, /restoring snapshot/, `first run:\n${first.output}\nsecond run:\n${second.output}`);
  for (const [i, file] of files.entries()) {
    assert.equal(await downloadSha256(port, ids[i]!), file.sha256, `${file.name} comes back byte for byte`);
  }
  await stopUnderLitestream(second);

  const restored = new Database(db, { readonly: true });
  try {
    assert.equal(restored.pragma('integrity_check', { simple: true }), 'ok');
    assert.equal((restored.prepare('SELECT count(*) AS n FROM entries').get() as { n: number }).n, files.length);
  } finally {
    restored.close();
  }
  return second;
}
