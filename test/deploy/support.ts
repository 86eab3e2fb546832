import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import http from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';

/** Helpers for the deploy tests: they run scripts/docker-entrypoint.sh as an operator would. */

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const ENTRYPOINT = join(ROOT, 'scripts/docker-entrypoint.sh');
export const LITESTREAM = join(ROOT, 'node_modules/@flydotio/litestream-linux-x64/litestream');
export const LITESTREAM_YML = join(ROOT, 'litestream.yml');
export const PASSPHRASE = 'deploy-test-passphrase';
// The production node flags, running the TypeScript sources so that no build is needed.
export const SERVER_COMMAND = `${process.execPath} --max-semi-space-size=1 --import tsx src/main.ts`;

export async function makeTempDir(t: TestContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'picoshare-deploy-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Only what the scripts need, so that the developer's own LITESTREAM_* or NODE_OPTIONS stay out. */
export function baseEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8' };
  if (process.env.HOME !== undefined) env.HOME = process.env.HOME;
  if (process.env.TMPDIR !== undefined) env.TMPDIR = process.env.TMPDIR;
  return { ...env, ...extra };
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A process started in its own group, so that a test can always end it with its children. */
export class Started {
  readonly child: ChildProcess;
  readonly exited: Promise<Exit>;
  #output = '';

  constructor(command: string, args: readonly string[], env: NodeJS.ProcessEnv) {
    this.child = spawn(command, args, { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout?.on('data', (data: Buffer) => (this.#output += data.toString()));
    this.child.stderr?.on('data', (data: Buffer) => (this.#output += data.toString()));
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  get output(): string {
    return this.#output;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Waits for the exit, or fails after `ms` (and kills the group, so nothing is left behind). */
  async waitExit(ms: number): Promise<Exit> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.kill();
        reject(new Error(`still running after ${ms} ms; output:\n${this.#output}`));
      }, ms);
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  kill(): void {
    if (this.child.pid === undefined) return;
    try {
      process.kill(-this.child.pid, 'SIGKILL');
    } catch {
      // The whole group has exited already.
    }
  }
}

/** Starts the entrypoint with a server on `port`; call `ready()` before using it. */
export function startEntrypoint(
  t: TestContext,
  args: readonly string[],
  env: Record<string, string>,
): Started {
  const started = new Started(ENTRYPOINT, args, baseEnv({ PICOSHARE_COMMAND: SERVER_COMMAND, PS_SHARED_SECRET: PASSPHRASE, HOST: '127.0.0.1', ...env }));
  t.after(() => started.kill());
  return started;
}

/** Resolves once GET /healthz answers 200; fails if the process exits first or takes too long. */
export async function waitHealthy(started: Started, port: number, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!started.running) throw new Error(`exited before it was healthy; output:\n${started.output}`);
    const status = await request(port, 'GET', '/healthz').then(
      (res) => res.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  started.kill();
  throw new Error(`not healthy after ${ms} ms; output:\n${started.output}`);
}

/** Resolves once the output matches `pattern`; fails if the process exits first or takes too long. */
export async function waitForOutput(started: Started, pattern: RegExp, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!pattern.test(started.output)) {
    if (!started.running) throw new Error(`exited before printing ${pattern}; output:\n${started.output}`);
    if (Date.now() > deadline) throw new Error(`no ${pattern} after ${ms} ms; output:\n${started.output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const count = (text: string, needle: string) => text.split(needle).length - 1;

/**
 * Resolves once Litestream is idle: every segment and snapshot it began
 * writing is written, and the output has not grown for `quietMs`.
 */
export async function waitForReplicaIdle(started: Started, quietMs = 1_500, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  const idle = (out: string) =>
    count(out, 'msg="write wal segment"') === count(out, 'msg="wal segment written"') &&
    count(out, 'msg="write snapshot"') === count(out, 'msg="snapshot written"');
  let length = -1;
  let since = Date.now();
  for (;;) {
    const out = started.output;
    if (out.length !== length || !idle(out)) {
      length = out.length;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) {
      return;
    }
    if (Date.now() > deadline) throw new Error(`Litestream still busy after ${ms} ms:\n${out}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Litestream 0.3.13 opens the database on its first sync, a second after it
 * starts, and a stop before that ships nothing (the data stays on the local
 * disk). Tests that stop early wait for that first sync.
 */
export const FIRST_SYNC = /msg="snapshot written"/;

interface Response {
  status: number;
  body: string;
}

export function request(port: number, method: string, path: string): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, timeout: 5_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.on('error', reject);
    req.end();
  });
}

/** PUT /<name> as `curl -u :PASS -T file` does; resolves to the new entry's id. */
export async function upload(port: number, file: string, name: string): Promise<string> {
  const { size } = await stat(file);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'PUT',
        path: `/${encodeURIComponent(name)}`,
        auth: `:${PASSPHRASE}`,
        headers: { 'Content-Length': size, Accept: 'application/json', 'Content-Type': 'application/octet-stream' },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => {
          if (res.statusCode !== 201) {
            reject(new Error(`upload of ${name}: status ${res.statusCode}: ${body}`));
            return;
          }
          resolve((JSON.parse(body) as { id: string }).id);
        });
      },
    );
    req.on('error', reject);
    createReadStream(file).pipe(req);
  });
}

/** GET /-<id>; resolves to the sha256 of the body. */
export function downloadSha256(port: number, id: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: `/-${id}` }, (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          reject(new Error(`download of ${id}: status ${res.statusCode}`));
          return;
        }
        const hash = createHash('sha256');
        res.on('data', (chunk: Buffer) => hash.update(chunk));
        res.on('end', () => resolve(hash.digest('hex')));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

/** Writes `bytes` random (so incompressible) bytes; resolves to their sha256. */
export async function writeRandomFile(path: string, bytes: number): Promise<string> {
  const hash = createHash('sha256');
  const chunk = 1 << 20;
  async function* chunks() {
    for (let left = bytes; left > 0; left -= chunk) {
      const data = randomBytes(Math.min(chunk, left));
      hash.update(data);
      yield data;
    }
  }
  await pipeline(chunks(), createWriteStream(path));
  return hash.digest('hex');
}

/**
 * Litestream 0.3.13 can fail its own shutdown after the server has stopped
 * cleanly, and then exits 1. Each of these races is fixed in later releases:
 * - its last checkpoint runs with a context it has already cancelled
 *   (benbjohnson/litestream#601);
 * - its periodic sync and the final one write the same WAL segment at once, and
 *   the loser finds the other's temporary file gone;
 * - a sync cut off by the stop leaves it unable to read back the replica's
 *   position.
 * The server's data is on the volume either way and is shipped on the next
 * start; the round-trip tests prove what reached the replica by restoring it.
 */
const KNOWN_SHUTDOWN_ERRORS = [
  /level=ERROR msg="error closing db" .*error="checkpoint: mode=PASSIVE err=release read lock: context canceled"/,
  /level=ERROR msg="error closing db" .*error="client write: .*\.tmp: no such file or directory"/,
  /level=ERROR msg="error closing db" .*error="cannot determine replica position: EOF"/,
];

/**
 * SIGTERM to the entrypoint under Litestream: the server must stop gracefully
 * and Litestream after it, exiting 0 or 1 for one of its known shutdown races.
 */
export async function stopUnderLitestream(started: Started, ms = 30_000): Promise<void> {
  started.child.kill('SIGTERM');
  const exit = await started.waitExit(ms);
  assert.equal(exit.signal, null, started.output);
  if (exit.code !== 0) {
    assert.equal(exit.code, 1, started.output);
    assert.ok(
      KNOWN_SHUTDOWN_ERRORS.some((error) => error.test(started.output)),
      `Litestream exited 1 without one of its known shutdown errors:\n${started.output}`,
    );
  }
  assert.match(started.output, /"msg":"shutting down"/, 'the server shut down gracefully');
  assert.doesNotMatch(started.output, /cannot wait for exec process/, 'the server exited 0');
  assert.match(started.output, /litestream shut down/);
}

/** Runs a command to its end; resolves to its exit code and output. */
export async function run(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = baseEnv({}),
  ms = 20_000,
): Promise<{ code: number | null; output: string; pid: number | undefined }> {
  const started = new Started(command, args, env);
  const { code } = await started.waitExit(ms);
  return { code, output: started.output, pid: started.child.pid };
}
