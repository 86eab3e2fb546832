import assert from 'node:assert/strict';
import { DEFAULT_LIMITS } from '../../src/config.js';
import { once } from 'node:events';
import { connect } from 'node:net';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildApp } from '../../src/app.js';
import { BASIC, SECRET, startTestApp, type TestApp } from '../helpers/app.js';
import { fileForm } from '../helpers/multipart.js';
import { waitFor } from '../helpers/wait.js';

/** The real app, its log lines collected as they are written. */
async function appWithLogLines(): Promise<{ t: TestApp; app: FastifyInstance; lines: string[] }> {
  const t = await startTestApp();
  const lines: string[] = [];
  const sink = new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) });
  const app = buildApp({ config: { sharedSecret: SECRET, behindProxy: false, limits: DEFAULT_LIMITS }, store: t.store, clock: t.clock, log: pino({ level: 'info' }, sink) });
  return { t, app, lines };
}

test('one JSON line per request, never the passphrase, cookies or credentials (decision O4)', async () => {
  const { t, app, lines } = await appWithLogLines();
  try {
    const login = await app.inject({ method: 'POST', url: '/api/auth', payload: JSON.stringify({ sharedSecretKey: SECRET }) });
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const token = cookie.split('=')[1]!;
    const body = fileForm('x');
    await app.inject({ method: 'POST', url: '/api/entry?expiration=2999-12-31T00:00:00Z', headers: { ...body.headers, cookie }, payload: body.payload });
    await app.inject({ method: 'PUT', url: '/a.txt', headers: { authorization: BASIC }, payload: 'x' });
    await app.inject({ method: 'POST', url: '/api/auth', payload: '{"sharedSecretKey":"a wrong guess"}' });

    const log = lines.join('');
    for (const secret of [SECRET, token, BASIC.split(' ')[1]!, 'a wrong guess']) {
      assert.ok(!log.includes(secret), `the log contains ${secret}`);
    }
    const requests = lines.map((l) => JSON.parse(l) as { msg: string; method?: string; status?: number }).filter((l) => l.msg === 'request');
    assert.deepEqual(requests.map((r) => [r.method, r.status]), [['POST', 200], ['POST', 200], ['PUT', 201], ['POST', 401]]);
  } finally {
    await app.close();
    await t.close();
  }
});

test('a client that gives up mid-upload still gets its log line', async () => {
  const { t, app, lines } = await appWithLogLines();
  try {
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = new URL(address);
    const socket = connect(Number(port), '127.0.0.1');
    await once(socket, 'connect');
    socket.write(`PUT /big.bin HTTP/1.1\r\nHost: x\r\nAuthorization: ${BASIC}\r\nContent-Length: 10000000\r\n\r\n`);
    socket.write(Buffer.alloc(100_000));
    await waitFor(() => t.store.uploads.activeIds().length === 1, 'the upload to start');
    socket.destroy();
    await waitFor(() => lines.some((l) => l.includes('request aborted by the client')), 'the abort line');
    const line = JSON.parse(lines.find((l) => l.includes('request aborted by the client'))!) as { method: string; url: string };
    assert.deepEqual([line.method, line.url], ['PUT', '/big.bin']);
  } finally {
    await app.close();
    await t.close();
  }
});
