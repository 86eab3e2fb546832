import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Cleanup } from '../../src/store/cleanup.js';
import { statDisk } from '../../src/store/disk-guard.js';
import { FixedClock } from '../helpers/clock.js';
import { BASIC, silentLog, startTestApp, type TestApp } from '../helpers/app.js';

// Issue 11 on a real small file system: a tmpfs mount (root only). Large enough
// for several files, small enough to fill in seconds.
const FS_MIB = 160;
const FILE_BYTES = 20 * 1024 * 1024;
const MIB = 1024 * 1024;

/** Mounts a tmpfs; returns its folder, or why it can't (then the test is skipped). */
function mountSmallFs(): { dir: string; unmount(): void } | { unavailable: string } {
  const dir = mkdtempSync(join(tmpdir(), 'picoshare-fullfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${FS_MIB}m`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    return { unavailable: `cannot mount a tmpfs (${String((err as { stderr?: Buffer }).stderr ?? err).trim()}); needs root` };
  }
  return {
    dir,
    unmount() {
      execFileSync('umount', [dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const mounted = process.getuid?.() === 0 ? mountSmallFs() : { unavailable: 'not root: mounting a tmpfs needs root' };
const skip = 'unavailable' in mounted ? `full-disk test skipped: ${mounted.unavailable}` : false;
if (skip && process.env.CI === 'true' && process.getuid?.() === 0) throw new Error(skip);

async function putFile(t: TestApp, name: string, bytes: number) {
  return t.app.inject({ method: 'PUT', url: `/${name}`, headers: { authorization: BASIC, accept: 'application/json' }, payload: randomBytes(bytes) });
}

/**
 * A PUT without Content-Length (chunked), as a stream of unknown size arrives.
 * The server answers 507 while the body is still being sent. On a keep-alive
 * connection it keeps reading (and dropping) the rest, so the answer arrives
 * whole; `Connection: close` would make it close with unread bytes, and the
 * kernel's reset could discard the answer before the client read it. Once the
 * answer is read, the client hangs up.
 */
function putChunked(port: number, bytes: number): Promise<{ status: number; body: string }> {
  const agent = new http.Agent({ keepAlive: true });
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: 'PUT', path: '/stream.bin', agent, headers: { authorization: BASIC, 'transfer-encoding': 'chunked' } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    let answered = false;
    req.on('response', () => (answered = true));
    req.on('error', (err) => {
      if (!answered) reject(err);
    });
    const piece = randomBytes(MIB);
    let sent = 0;
    const pump = (): void => {
      while (sent < bytes && !answered) {
        sent += piece.length;
        if (!req.write(piece)) {
          req.once('drain', pump);
          return;
        }
      }
      if (!answered) req.end();
    };
    pump();
  }).finally(() => agent.destroy());
}

/** Another process fills the disk: writes until ENOSPC. */
function fillDisk(path: string): void {
  const fd = openSync(path, 'w');
  const block = Buffer.alloc(MIB);
  try {
    for (;;) writeSync(fd, block);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    closeSync(fd);
  }
  // The last bytes: a smaller block may still fit.
  const tail = openSync(path, 'a');
  try {
    for (let size = MIB / 2; size >= 4096; size /= 2) {
      try {
        writeSync(tail, Buffer.alloc(size));
      } catch {
        // Too big for what is left; try half.
      }
    }
  } finally {
    closeSync(tail);
  }
}

test('a small disk: refused before it fills, recoverable when it is full anyway', { skip }, async (t) => {
  if ('unavailable' in mounted) return;
  const dbPath = join(mounted.dir, 'data', 'store.db');
  const clock = new FixedClock();
  let app = await startTestApp({ dbPath, diskReserve: 'default', clock });
  t.after(async () => {
    await app.close();
    mounted.unmount();
  });
  const reserve = app.store.writer.disk!.reserveBytes();
  assert.equal(reserve, Math.floor(FS_MIB * MIB * 0.05), 'the default reserve is 5 % of a small disk');

  // Fill it through the API: every upload that fits is stored, then the declared size is refused.
  const ids: string[] = [];
  let refused: Awaited<ReturnType<typeof putFile>> | undefined;
  for (let i = 0; i < FS_MIB && !refused; i++) {
    const res = await putFile(app, `file-${i}.bin`, FILE_BYTES);
    if (res.statusCode === 201) ids.push((JSON.parse(res.body) as { id: string }).id);
    else refused = res;
  }
  assert.ok(refused, 'an upload was refused');
  assert.equal(refused.statusCode, 507);
  assert.equal(refused.body, 'insufficient storage\n');
  assert.ok(ids.length >= 2, `${ids.length} files stored before the refusal`);
  const rowsBefore = app.count('entries_data');
  const free = statDisk(mounted.dir).freeBytes;
  assert.ok(free >= reserve, `the reserve is still free (${free} bytes free, reserve ${reserve})`);

  // Without a declared size the upload starts, and stops at the reserve with its rows deleted.
  await app.app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.app.server.address() as { port: number }).port;
  const streamed = await putChunked(port, 2 * FILE_BYTES);
  assert.equal(streamed.status, 507, streamed.body);
  assert.equal(app.count('entries_data'), rowsBefore, 'the stopped upload left no rows');
  assert.equal(app.count('entries'), ids.length);

  // Another process takes the rest of the disk.
  fillDisk(join(mounted.dir, 'filler'));
  assert.ok(statDisk(mounted.dir).freeBytes < MIB, 'the disk is full');
  assert.equal((await app.app.inject({ url: '/healthz' })).body, 'degraded: low disk space\n');
  // Start-up's cleanup must not fail on a full disk.
  const cleanup = new Cleanup({
    writer: app.store.writer, uploads: app.store.uploads, clock, log: silentLog,
    dbPath, vacuum: false, litestream: false, diskFullRetryMs: 60_000,
  });
  await cleanup.run();
  await cleanup.stop();

  // The owner deletes files through the API; uploads work again in the space they leave.
  for (const id of ids.slice(0, 3)) {
    const res = await app.app.inject({ method: 'DELETE', url: `/api/entry/${id}`, headers: { authorization: BASIC } });
    assert.equal(res.statusCode, 200, res.body);
  }
  assert.equal(app.count('entries'), ids.length - 3);
  const again = await putFile(app, 'again.bin', FILE_BYTES);
  assert.equal(again.statusCode, 201, again.body);

  // Stop and start on the full disk: the server comes back with every file.
  await app.app.close();
  await app.store.writer.close();
  app.db.close();
  app = await startTestApp({ dbPath, diskReserve: 'default', clock });
  assert.equal(app.count('entries'), ids.length - 2);
  assert.equal((await app.app.inject({ url: '/healthz' })).statusCode, 200);
});
