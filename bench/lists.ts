// Time and peak memory of the owner's lists on a big database (issue 10): a
// built server (production flags) over a database seeded by direct SQL with
// 50,000 one-chunk files and one file with 50,000 history rows.
//
//   npm run build && node --import tsx bench/lists.ts [--root DIR] [--files N] [--history N] [--heap MB]
//
// --root runs another checkout's build (e.g. the code before a change); --heap 0
// runs without a heap cap, to see what a request would take if it could.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { seedRows } from './seed.js';

const { values } = parseArgs({
  options: {
    root: { type: 'string', default: process.cwd() },
    files: { type: 'string', default: '50000' },
    history: { type: 'string', default: '50000' },
    heap: { type: 'string', default: '96' },
    // Distinct client IPs among the history rows: 1 is a flood from one address.
    ips: { type: 'string' },
    port: { type: 'string', default: '4817' },
  },
});
const root = resolve(values.root);
const FILES = Number(values.files);
const HISTORY = Number(values.history);
const IPS = Number(values.ips ?? values.history);
const PORT = Number(values.port);
const SECRET = 'bench-lists';
const AUTH = `Basic ${Buffer.from(`:${SECRET}`).toString('base64')}`;
const HISTORY_ID = 'HHHHHHHHHH';
const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';

const dir = mkdtempSync(join(tmpdir(), 'bench-lists-'));
const dbPath = join(dir, 'store.db');

function startServer(): ChildProcess {
  const heap = values.heap === '0' ? [] : [`--max-old-space-size=${values.heap}`];
  const child = spawn(process.execPath, ['--max-semi-space-size=1', ...heap, join(root, 'dist/src/main.js'), '--db', dbPath], {
    env: { ...process.env, MALLOC_ARENA_MAX: '2', PORT: String(PORT), HOST: '127.0.0.1', PS_SHARED_SECRET: SECRET },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return child;
}

async function waitUp(): Promise<void> {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${PORT}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not start');
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (!alive(child)) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

function seed(): void {
  seedRows(dbPath, { files: FILES, historyRows: HISTORY, historyIps: IPS, historyEntryId: HISTORY_ID, userAgent: (n) => `${UA} #${n % 97}` });
}

const alive = (child: ChildProcess): boolean => child.exitCode === null && child.signalCode === null;

function rssOf(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0; // the process has gone
  }
}

async function measure(child: ChildProcess, path: string): Promise<string> {
  const pid = child.pid!;
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    // the kernel may refuse; the samples still give a peak
  }
  const before = rssOf(pid, 'VmRSS');
  let peak = before;
  const sampler = setInterval(() => {
    if (alive(child)) peak = Math.max(peak, rssOf(pid, 'VmRSS'));
  }, 5);
  const started = performance.now();
  let outcome: string;
  try {
    const res = await fetch(`http://127.0.0.1:${PORT}${path}`, { headers: { authorization: AUTH } });
    const body = await res.arrayBuffer();
    outcome = `${res.status} ${(body.byteLength / 1024).toFixed(0)} KiB total=${res.headers.get('x-total-count') ?? '-'}`;
  } catch (err) {
    outcome = `failed (${(err as Error).message})`;
  }
  const ms = performance.now() - started;
  clearInterval(sampler);
  await new Promise((r) => setTimeout(r, 300));
  if (!alive(child)) return `${path.padEnd(44)} ${ms.toFixed(0).padStart(6)} ms  peak ${peak.toFixed(0)} MiB  ${outcome}; server died (${child.signalCode ?? child.exitCode})`;
  peak = Math.max(peak, rssOf(pid, 'VmHWM'));
  return `${path.padEnd(44)} ${ms.toFixed(0).padStart(6)} ms  RSS ${before.toFixed(0)} → peak ${peak.toFixed(0)} → ${rssOf(pid, 'VmRSS').toFixed(0)} MiB  ${outcome}`;
}

const PATHS = [
  '/files',
  '/files',
  '/api/entries',
  '/api/entries',
  '/files?q=photo-4999',
  '/files?limit=1000',
  '/api/entries?limit=1000',
  `/files/${HISTORY_ID}/downloads`,
  `/files/${HISTORY_ID}/downloads`,
  `/files/${HISTORY_ID}/downloads?unique=true`,
  `/api/entry/${HISTORY_ID}/downloads`,
  `/api/entry/${HISTORY_ID}/downloads?unique=true`,
  `/api/entry/${HISTORY_ID}/downloads?limit=1000`,
  '/information',
];

try {
  let server = startServer();
  await waitUp();
  await stopServer(server);
  const seeding = performance.now();
  seed();
  console.log(`seeded ${FILES} files and ${HISTORY} history rows in ${((performance.now() - seeding) / 1000).toFixed(1)} s; root ${root}, heap ${values.heap} MB`);
  for (const path of PATHS) {
    if (!alive(server)) {
      server = startServer();
      await waitUp();
    }
    console.log(await measure(server, path));
  }
  await stopServer(server);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
