import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { BASIC, SECRET } from './helpers/app.js';
import { startServerProcess, stopServerProcess } from './helpers/server-process.js';
import { waitFor } from './helpers/wait.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const run = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 20_000 });

describe('start-up', () => {
  test('--help lists every setting and exits 0', () => {
    const result = run(['--help']);
    assert.equal(result.status, 0);
    for (const name of ['PORT', 'HOST', 'PS_SHARED_SECRET', 'PS_SHARED_SECRET_FILE', 'PS_BEHIND_PROXY', 'LITESTREAM_BUCKET', '--db', '--vacuum']) {
      assert.ok(result.stdout.includes(name), name);
    }
  });

  test('a bad setting stops start-up with a message naming it', () => {
    const result = run([], { PORT: '80a' });
    assert.equal(result.status, 2);
    assert.equal(result.stderr.trim(), 'picoshare: PORT: must be a port number from 0 to 65535 (got "80a")');
    assert.match(run(['--nope']).stderr, /unknown flag "--nope"/);
  });

  test('with no passphrase configured, one is generated, logged, and works', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'picoshare-main-'));
    const env = { PS_SHARED_SECRET: '', PS_SHARED_SECRET_FILE: '' };
    const server = await startServerProcess(['--db', join(dir, 'nested', 'store.db')], env);
    try {
      const warning = server.output().split('\n').map((l) => (l.startsWith('{') ? JSON.parse(l) : {})).find((l) => l.passphrase);
      assert.ok(warning, server.output());
      assert.equal(warning.level, 40, 'a warning');
      const login = await fetch(`${server.url}/api/auth`, { method: 'POST', body: JSON.stringify({ sharedSecretKey: warning.passphrase }) });
      assert.equal(login.status, 200);
    } finally {
      assert.equal(await stopServerProcess(server), 0);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('background maintenance (issue 10)', () => {
  test('the server listens first; start-up cleanup and VACUUM run afterwards', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'picoshare-vacuum-'));
    const server = await startServerProcess(['--db', join(dir, 'store.db'), '--vacuum'], { PS_SHARED_SECRET: SECRET });
    try {
      await waitFor(() => server.output().includes('VACUUM done'), 'VACUUM to run');
      const lines = server.output().split('\n');
      const listened = lines.findIndex((l) => l.includes('Server listening'));
      const cleaned = lines.findIndex((l) => l.includes('database maintenance done'));
      const vacuumed = lines.findIndex((l) => l.includes('VACUUM done'));
      assert.ok(listened !== -1 && listened < cleaned && cleaned < vacuumed, server.output());
    } finally {
      assert.equal(await stopServerProcess(server), 0);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('graceful shutdown', () => {
  test('SIGTERM lets an upload in progress finish, then exits at once despite keep-alive', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'picoshare-stop-'));
    const server = await startServerProcess(['--db', join(dir, 'store.db')], { PS_SHARED_SECRET: SECRET });
    try {
      const socket = connect(Number(new URL(server.url).port), '127.0.0.1');
      socket.on('error', () => {});
      let answer = '';
      socket.on('data', (d) => (answer += d));
      await new Promise((resolve) => socket.once('connect', resolve));
      // Node answers 100 Continue once the request is dispatched: from then on it
      // is in flight, and the shutdown must let it finish.
      socket.write(`PUT /late.txt HTTP/1.1\r\nHost: x\r\nAuthorization: ${BASIC}\r\nContent-Length: 10\r\nExpect: 100-continue\r\n\r\n`);
      await waitFor(() => answer.includes('100 Continue'), 'the request to be in flight');
      socket.write('hello');
      const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
      server.child.kill('SIGTERM');
      await waitFor(() => server.output().includes('shutting down'), 'shutdown to begin');
      socket.write('world');
      await waitFor(() => answer.includes('201 Created'), 'the upload to be answered');
      const started = Date.now();
      assert.equal(await exited, 0);
      assert.ok(Date.now() - started < 2000, `exited after ${Date.now() - started} ms`);
      socket.destroy();
    } finally {
      await stopServerProcess(server);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
