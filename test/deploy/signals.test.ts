import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseDocument } from 'yaml';
import {
  downloadSha256,
  FIRST_SYNC,
  freePort,
  LITESTREAM_YML,
  makeTempDir,
  PASSPHRASE,
  startEntrypoint,
  stopUnderLitestream,
  waitForOutput,
  waitHealthy,
} from './support.js';

const UPLOAD_BYTES = 4 * 1024 * 1024;
const PIECE = 256 * 1024;

/** Starts a PUT that sends its body piece by piece; `finish()` sends the rest and resolves to the entry id. */
function slowUpload(port: number, name: string, body: Buffer) {
  let response: (id: string) => void;
  let failure: (err: Error) => void;
  const done = new Promise<string>((resolve, reject) => {
    response = resolve;
    failure = reject;
  });
  const req = http.request(
    {
      host: '127.0.0.1',
      port,
      method: 'PUT',
      path: `/${name}`,
      auth: `:${PASSPHRASE}`,
      // Without it the connection would idle after the response and the closing
      // server would wait out its keep-alive timeout before exiting.
      headers: { 'Content-Length': body.length, Accept: 'application/json', Connection: 'close' },
    },
    (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () =>
        res.statusCode === 201 ? response((JSON.parse(text) as { id: string }).id) : failure(new Error(`status ${res.statusCode}: ${text}`)),
      );
    },
  );
  req.on('error', (err) => failure(err));
  // A test may never finish the upload; its failure is then expected.
  done.catch(() => undefined);
  req.write(body.subarray(0, PIECE));
  return {
    async finish(): Promise<string> {
      for (let at = PIECE; at < body.length; at += PIECE) {
        req.write(body.subarray(at, at + PIECE));
        await new Promise((resolve) => setTimeout(resolve, 40));
      }
      req.end();
      return done;
    },
  };
}

test(
  'SIGTERM lets an upload in flight finish, stops the server, and Litestream ships it before exiting',
  { timeout: 60_000 },
  async (t) => {
    const dir = await makeTempDir(t);
    const db = join(dir, 'data', 'store.db');
    const replica = join(dir, 'replica');
    // Litestream's own sync every hour: whatever reaches the replica after the
    // first snapshot can only come from the sync it runs on the way out.
    const config = parseDocument(await readFile(LITESTREAM_YML, 'utf8'));
    config.setIn(['dbs', 0, 'replicas', 0, 'sync-interval'], '1h');
    const configPath = join(dir, 'litestream.yml');
    await writeFile(configPath, config.toString());
    const port = await freePort();
    const env = { PORT: String(port), LITESTREAM_REPLICA_PATH: replica, LITESTREAM_CONFIG: configPath };

    const first = startEntrypoint(t, ['-db', db], env);
    await waitHealthy(first, port);
    await waitForOutput(first, FIRST_SYNC);

    const body = Buffer.alloc(UPLOAD_BYTES, 'picoshare ');
    const upload = slowUpload(port, 'in-flight.txt', body);
    await new Promise((resolve) => setTimeout(resolve, 200));
    first.child.kill('SIGTERM');
    await waitForOutput(first, /"signal":"SIGTERM"/);
    const id = await upload.finish();

    const exit = await first.waitExit(30_000);
    assert.deepEqual(exit, { code: 0, signal: null }, first.output);
    const log = first.output;
    const signalled = log.indexOf('msg="signal received, litestream shutting down"');
    const serverDone = log.indexOf('"msg":"shutting down"');
    const finalSync = log.indexOf('msg="wal segment written"', signalled);
    const litestreamDone = log.indexOf('msg="litestream shut down"');
    assert.ok(signalled >= 0 && serverDone > signalled, `Litestream passed the signal on to the server:\n${log}`);
    assert.ok(finalSync > serverDone, `Litestream synced after the server stopped:\n${log}`);
    assert.ok(litestreamDone > finalSync, `and exited after that sync:\n${log}`);
    assert.doesNotMatch(log, /level=ERROR/);

    // An empty volume restores the upload that finished during the shutdown.
    await rm(join(dir, 'data'), { recursive: true, force: true });
    const second = startEntrypoint(t, ['-db', db], { PORT: String(port), LITESTREAM_REPLICA_PATH: replica });
    await waitHealthy(second, port);
    assert.equal(await downloadSha256(port, id), createHash('sha256').update(body).digest('hex'));
    await stopUnderLitestream(second, 20_000);
  },
);

test('an upload that never ends holds up the stop only for the server\'s grace period', { timeout: 40_000 }, async (t) => {
  const dir = await makeTempDir(t);
  const port = await freePort();
  const started = startEntrypoint(t, ['-db', join(dir, 'data', 'store.db')], {
    PORT: String(port),
    LITESTREAM_REPLICA_PATH: join(dir, 'replica'),
  });
  await waitHealthy(started, port);
  await waitForOutput(started, FIRST_SYNC);
  slowUpload(port, 'never-finished.txt', Buffer.alloc(UPLOAD_BYTES));
  await new Promise((resolve) => setTimeout(resolve, 200));
  const signalledAt = Date.now();
  started.child.kill('SIGTERM');
  const exit = await started.waitExit(30_000);
  const seconds = (Date.now() - signalledAt) / 1000;
  // Litestream 0.3.13 passes on the first signal only, so the server's grace
  // period (10 s) is what bounds the stop; fly.toml's kill_timeout leaves room.
  assert.deepEqual(exit, { code: 0, signal: null }, started.output);
  assert.ok(seconds < 20, `stopped after ${seconds} s`);
  assert.match(started.output, /litestream shut down/);
});
