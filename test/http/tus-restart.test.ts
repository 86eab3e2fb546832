import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { BASIC, SECRET } from '../helpers/app.js';
import { startFlakyProxy } from '../helpers/flaky-proxy.js';
import { startServerProcess, stopServerProcess } from '../helpers/server-process.js';
import { tusUpload } from '../helpers/tus-node-client.js';
import { waitFor } from '../helpers/wait.js';

const MiB = 1_048_576;

test('kill -9 mid-upload, restart: the same tus-js-client continues and the file is byte-identical', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'picoshare-tus-crash-'));
  const db = join(dir, 'store.db');
  const env = { PS_SHARED_SECRET: SECRET };
  let server = await startServerProcess(['-db', db], env);
  // The client talks to a fixed address; the restarted server gets a new port behind it.
  const proxy = await startFlakyProxy(server.url, { maxBodyBytes: 8 * MiB, dropRate: 0, seed: 1 });
  try {
    const file = randomBytes(16 * MiB + 321);
    const { done } = tusUpload(file, {
      endpoint: `${proxy.url}/api/tus`,
      headers: { authorization: BASIC },
      chunkSize: MiB,
      // Long enough for a restart under load: a retry every 250 ms for a minute.
      retryDelays: Array<number>(240).fill(250),
      metadata: { filename: 'crash.bin' },
    });
    done.catch(() => {});
    const reader = new Database(db, { readonly: true });
    const stored = () => (reader.prepare('SELECT COALESCE(MAX(upload_offset), 0) AS n FROM tus_uploads').get() as { n: number }).n;
    await waitFor(() => stored() >= 4 * MiB, 'a few MiB to be stored', 60_000);
    server.child.kill('SIGKILL');
    await new Promise((resolve) => server.child.once('exit', resolve));
    const offsetAtCrash = stored();
    reader.close();
    assert.ok(offsetAtCrash < file.length, 'killed mid-upload');

    server = await startServerProcess(['-db', db], env);
    proxy.target = server.url;
    const { id } = await done;
    const got = Buffer.from(await (await fetch(`${server.url}/-${id}`)).arrayBuffer());
    assert.equal(got.length, file.length);
    assert.ok(got.equals(file), 'byte-identical');
    const after = new Database(db, { readonly: true });
    assert.equal(after.pragma('integrity_check', { simple: true }), 'ok');
    assert.equal((after.prepare('SELECT count(*) AS n FROM tus_uploads').get() as { n: number }).n, 0);
    after.close();
  } finally {
    await proxy.close();
    await stopServerProcess(server);
    rmSync(dir, { recursive: true, force: true });
  }
});
