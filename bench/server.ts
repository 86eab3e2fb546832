import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { builtFile } from './built.js';
import { inCgroup } from './cgroup.js';
import type { MemoryCgroup } from './cgroup-files.js';
import { BENCH_METRICS_TOKEN, BenchClient } from './http-client.js';

// A cold start migrates a fresh database; anything slower is a failure to start.
const READY_ATTEMPTS = 300;
const READY_PAUSE_MS = 50;
// The server waits up to 10 s for requests in flight before it exits.
const STOP_GRACE_MS = 20_000;
const LOG_TAIL_BYTES = 3_000;

export interface ServerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Why the process could not be started at all. */
  error?: string;
}

export interface ServerOptions {
  dir: string;
  heapMiB: number;
  passphrase: string;
  cgroup: MemoryCgroup | undefined;
  /** Added to the server's environment. */
  env?: Record<string, string>;
}

export interface RunningServer {
  pid: number;
  origin: string;
  /** The temp folder holding the database. */
  dir: string;
  dbPath: string;
  logPath: string;
  /** How the server ended, once it has. */
  exited(): ServerExit | undefined;
  stop(): Promise<ServerExit>;
  logTail(): string;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts the built main.js as production runs it (package.json "start", the Dockerfile's heap cap). */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const port = await freePort();
  const dbPath = join(options.dir, 'store.db');
  const logPath = join(options.dir, 'server.log');
  const nodeArgs = [
    '--max-semi-space-size=1',
    `--max-old-space-size=${options.heapMiB}`,
    builtFile('main.js'),
    '-db',
    dbPath,
  ];
  const [command, args] = options.cgroup ? inCgroup(options.cgroup, process.execPath, nodeArgs) : [process.execPath, nodeArgs];
  const log = openSync(logPath, 'a');
  let child: ChildProcess;
  try {
    child = spawn(command, args, {
      stdio: ['ignore', log, log],
      // Only what the server should see: nothing of the bench's own environment leaks in.
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        MALLOC_ARENA_MAX: '2',
        PS_SHARED_SECRET: options.passphrase,
        PORT: String(port),
        HOST: '127.0.0.1',
        PS_METRICS_TOKEN: BENCH_METRICS_TOKEN,
        LOG_LEVEL: 'warn',
        ...options.env,
      },
    });
  } finally {
    closeSync(log);
  }
  let exit: ServerExit | undefined;
  const exitPromise = new Promise<ServerExit>((resolve) => {
    child.on('exit', (code, signal) => resolve((exit ??= { code, signal })));
    child.on('error', (err) => resolve((exit ??= { code: null, signal: null, error: err.message })));
  });
  const logTail = () => readFileSync(logPath, 'utf8').slice(-LOG_TAIL_BYTES);
  const server: RunningServer = {
    pid: child.pid!,
    origin: `http://127.0.0.1:${port}`,
    dir: options.dir,
    dbPath,
    logPath,
    exited: () => exit,
    logTail,
    async stop() {
      if (exit) return exit;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      try {
        return await exitPromise;
      } finally {
        clearTimeout(timer);
      }
    },
  };

  const probe = new BenchClient(server.origin, options.passphrase);
  try {
    for (let attempt = 0; attempt < READY_ATTEMPTS && !exit; attempt++) {
      if (await probe.isHealthy()) return server;
      await sleep(READY_PAUSE_MS);
    }
  } finally {
    probe.close();
  }
  await server.stop();
  throw new Error(`the server did not start (${JSON.stringify(exit)}); its log ends:\n${logTail()}`);
}
