// The raw SQLite figures the server is compared with, in a process of their own
// so that their memory and CPU show up in no server figure. Each job arrives as
// an IPC message and is answered with a CeilingReply. The SQL here is written
// out on purpose rather than taken from src/store: a ceiling is SQLite alone,
// with none of the server's code between the bytes and the database.
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { Readable } from 'node:stream';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { builtFile } from './built.js';
import type { CeilingJob, CeilingReply } from './ceiling-jobs.js';

// Typed from the sources, loaded from the build: the ceilings must use exactly
// the code production runs.
type DatabaseModule = typeof import('../src/store/database.js');
type MigrateModule = typeof import('../src/store/migrate.js');
const { openDatabase } = (await import(pathToFileURL(builtFile('store/database.js')).href)) as DatabaseModule;
const { migrate } = (await import(pathToFileURL(builtFile('store/migrate.js')).href)) as MigrateModule;

type Logger = Parameters<MigrateModule['migrate']>[1];
const quiet = () => {};
const silentLogger = { info: quiet, warn: quiet, error: quiet } as unknown as Logger;
// A few distinct buffers, so SQLite never sees the same bytes twice in a row.
const POOL_SIZE = 8;

type Job<K extends CeilingJob['kind']> = Extract<CeilingJob, { kind: K }>;

function insertCeiling(job: Job<'insert'>): CeilingReply {
  const path = join(job.dir, `ceiling-${process.pid}.db`);
  const db = openDatabase(path, { litestream: false });
  try {
    migrate(db, silentLogger);
    const insert = db.prepare('INSERT INTO entries_data (id, chunk_index, chunk) VALUES (?, ?, ?)');
    const pool = Array.from({ length: POOL_SIZE }, () => randomBytes(job.chunkSize));
    const chunksPerFile = Math.ceil(job.fileBytes / job.chunkSize);
    const lastChunkBytes = job.fileBytes - (chunksPerFile - 1) * job.chunkSize;
    // Ten characters, like the server's entry IDs.
    const ids = Array.from({ length: job.files }, (_, f) => `c${String(f).padStart(9, '0')}`);
    const insertChunk = (f: number, c: number, n: number): void => {
      const chunk = pool[n % POOL_SIZE]!;
      insert.run(ids[f], c, c === chunksPerFile - 1 ? chunk.subarray(0, lastChunkBytes) : chunk);
    };
    const began = performance.now();
    let n = 0;
    if (job.interleave) {
      for (let c = 0; c < chunksPerFile; c++) for (let f = 0; f < job.files; f++) insertChunk(f, c, n++);
    } else {
      for (let f = 0; f < job.files; f++) for (let c = 0; c < chunksPerFile; c++) insertChunk(f, c, n++);
    }
    return { ok: true, bytes: job.files * job.fileBytes, seconds: (performance.now() - began) / 1000 };
  } finally {
    db.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
  }
}

/** Opens the server's database as the server's reading connection does. */
function openReader(dbPath: string) {
  const db = openDatabase(dbPath, { litestream: false });
  db.pragma('query_only = ON');
  return db;
}

function readCeiling(job: Job<'read'>): CeilingReply {
  const db = openReader(job.dbPath);
  try {
    const count = db.prepare('SELECT count(*) FROM entries_data WHERE id = ?').pluck();
    const select = db.prepare('SELECT chunk FROM entries_data WHERE id = ? AND chunk_index = ?').pluck();
    const chunkCounts = job.ids.map((id) => count.get(id) as number);
    const began = performance.now();
    let bytes = 0;
    job.ids.forEach((id, i) => {
      for (let c = 0; c < chunkCounts[i]!; c++) bytes += (select.get(id, c) as Buffer).length;
    });
    return { ok: true, bytes, seconds: (performance.now() - began) / 1000 };
  } finally {
    db.close();
  }
}

/** The server's chunk size is the length of a stored file's first chunk (upstream's rule). */
function chunkSize(job: Job<'chunk-size'>): CeilingReply {
  const db = openReader(job.dbPath);
  try {
    const length = db.prepare('SELECT length(chunk) FROM entries_data WHERE id = ? AND chunk_index = 0').pluck().get(job.id);
    if (typeof length !== 'number') throw new Error(`no chunk 0 for ${job.id}`);
    return { ok: true, bytes: length, seconds: 0 };
  } finally {
    db.close();
  }
}

let transport: Server | undefined;

/**
 * Serves `fileBytes` per request from memory as the server sends a file: one
 * fresh chunk-sized buffer per event-loop turn (better-sqlite3 returns each
 * chunk in a new buffer), the next only once the socket took the last.
 */
function startTransport(job: Job<'http'>): Promise<CeilingReply> {
  const pool = Array.from({ length: POOL_SIZE }, () => randomBytes(job.chunkSize));
  transport = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': job.fileBytes });
    let sent = 0;
    let n = 0;
    const body = new Readable({
      highWaterMark: 0,
      read() {
        setImmediate(() => {
          if (sent >= job.fileBytes) return void body.push(null);
          const length = Math.min(job.chunkSize, job.fileBytes - sent);
          sent += length;
          body.push(Buffer.from(pool[n++ % POOL_SIZE]!.subarray(0, length)));
        });
      },
    });
    body.pipe(response);
  });
  return new Promise((resolve) =>
    transport!.listen(0, '127.0.0.1', () => resolve({ ok: true, bytes: 0, seconds: 0, port: (transport!.address() as { port: number }).port })),
  );
}

function stopTransport(): Promise<CeilingReply> {
  return new Promise((resolve) => {
    if (!transport) return resolve({ ok: true, bytes: 0, seconds: 0 });
    transport.close(() => resolve({ ok: true, bytes: 0, seconds: 0 }));
    transport.closeAllConnections();
    transport = undefined;
  });
}

async function handle(job: CeilingJob): Promise<CeilingReply> {
  if (job.kind === 'insert') return insertCeiling(job);
  if (job.kind === 'read') return readCeiling(job);
  if (job.kind === 'http') return startTransport(job);
  if (job.kind === 'http-stop') return stopTransport();
  return chunkSize(job);
}

process.on('message', (job: CeilingJob) => {
  handle(job).then(
    (reply) => process.send!(reply),
    (err: unknown) => process.send!({ ok: false, error: (err as Error).stack ?? String(err) } satisfies CeilingReply),
  );
});
