import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { describe, test } from 'node:test';
import { BASIC, startTestApp, type TestApp } from '../helpers/app.js';
import { BOUNDARY } from '../helpers/multipart.js';
import { waitFor } from '../helpers/wait.js';
import type { Limits } from '../../src/config.js';

// Per-client caps are tested from several loopback addresses, all of which
// reach a server listening on 127.0.0.1 on Linux.
const CLIENT_A = '127.0.0.2';
const CLIENT_B = '127.0.0.3';

interface Connection {
  socket: Socket;
  answer(): string;
}

async function listening(limits: Partial<Limits>, chunkSize = 5): Promise<TestApp & { port: number }> {
  const t = await startTestApp({ limits, chunkSize });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  return Object.assign(t, { port: (t.app.server.address() as { port: number }).port });
}

/** Opens a connection from `from` and sends `data`, keeping the socket open. */
async function send(port: number, from: string, data: string): Promise<Connection> {
  const socket = connect({ port, host: '127.0.0.1', localAddress: from });
  socket.on('error', () => {});
  let answer = '';
  socket.on('data', (d) => (answer += d));
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write(data);
  return { socket, answer: () => answer };
}

/** The head of a raw PUT of `length` bytes, and its first `sent` bytes. */
const rawUpload = (length: number, sent: number, name = 'stall.bin') =>
  `PUT /${name} HTTP/1.1\r\nHost: x\r\nAuthorization: ${BASIC}\r\nContent-Length: ${length}\r\n\r\n${'x'.repeat(sent)}`;

const multipartUpload = (length: number) =>
  `POST /api/entry?expiration=2999-12-31T00:00:00Z HTTP/1.1\r\nHost: x\r\nAuthorization: ${BASIC}\r\n` +
  `Content-Type: multipart/form-data; boundary=${BOUNDARY}\r\nContent-Length: ${length}\r\n\r\n` +
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="stall.bin"\r\n\r\n0123456789`;

const statusOf = (answer: string): number => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);

async function putFile(t: TestApp & { port: number }, from: string, body = 'hello'): Promise<string> {
  const c = await send(t.port, from, rawUpload(body.length, body.length, 'whole.txt').replace(/x+$/, body));
  await waitFor(() => statusOf(c.answer()) !== 0, 'an answer');
  c.socket.destroy();
  return c.answer();
}

describe('upload caps (issue 10)', () => {
  test('past the global cap a new upload answers 503 with Retry-After, before its body is read', async () => {
    const t = await listening({ maxUploads: 2, maxUploadsPerClient: 10 });
    try {
      const stalled = [await send(t.port, CLIENT_A, rawUpload(1000, 10)), await send(t.port, CLIENT_B, rawUpload(1000, 10))];
      await waitFor(() => t.store.uploads.activeCount === 2, 'two uploads in progress');
      const refused = await send(t.port, CLIENT_A, rawUpload(1000, 10));
      await waitFor(() => statusOf(refused.answer()) !== 0, 'the third upload to be answered');
      assert.equal(statusOf(refused.answer()), 503, refused.answer());
      assert.match(refused.answer(), /\r\nretry-after: \d+\r\n/i);
      assert.match(refused.answer(), /\r\nconnection: close\r\n/i);
      assert.match(refused.answer(), /too many uploads in progress/);
      // The refused connection is closed: its body is never read.
      await waitFor(() => refused.socket.readableEnded || refused.socket.destroyed, 'the refused connection to close');

      // An aborted upload gives its slot back, and deletes what it wrote.
      stalled[0]!.socket.destroy();
      await waitFor(() => t.store.uploads.activeCount === 1, 'the aborted upload to end');
      assert.match(await putFile(t, CLIENT_A), /^HTTP\/1\.1 201/);
      await waitFor(() => t.count('entries') === 1, 'the file to be stored');
      stalled[1]!.socket.destroy();
      await waitFor(() => t.store.uploads.activeCount === 0 && t.count('entries_data') === 1, 'only the stored file left');
    } finally {
      await t.close();
    }
  });

  test('one client is capped on its own; others still upload', async () => {
    const t = await listening({ maxUploads: 10, maxUploadsPerClient: 2 });
    try {
      const stalled = [await send(t.port, CLIENT_A, multipartUpload(1000)), await send(t.port, CLIENT_A, rawUpload(1000, 10))];
      await waitFor(() => t.store.uploads.activeCount === 2, 'two uploads in progress');
      const refused = await putFile(t, CLIENT_A);
      assert.match(refused, /^HTTP\/1\.1 503/);
      assert.match(refused, /from your address \(at most 2\)/);
      assert.match(await putFile(t, CLIENT_B), /^HTTP\/1\.1 201/);
      for (const c of stalled) c.socket.destroy();
      await waitFor(() => t.store.uploads.activeCount === 0, 'the stalled uploads to end');
      // A completed upload released its slot too.
      assert.match(await putFile(t, CLIENT_A), /^HTTP\/1\.1 201/);
      assert.match(await putFile(t, CLIENT_A), /^HTTP\/1\.1 201/);
      assert.match(await putFile(t, CLIENT_A), /^HTTP\/1\.1 201/);
    } finally {
      await t.close();
    }
  });
});

describe('timeouts (issue 10)', () => {
  for (const [kind, request] of [
    ['raw PUT', rawUpload(100_000, 40)],
    ['multipart', multipartUpload(100_000)],
  ] as const) {
    test(`a ${kind} body that stalls is cut off with 408, its rows deleted and its slot freed`, async () => {
      const t = await listening({ uploadIdleTimeoutMs: 300 });
      try {
        const c = await send(t.port, CLIENT_A, request);
        await waitFor(() => t.count('entries_data') > 0, 'chunks of the upload to be written');
        await waitFor(() => statusOf(c.answer()) !== 0, 'the stalled upload to be answered');
        assert.equal(statusOf(c.answer()), 408, c.answer());
        assert.match(c.answer(), /nothing received for 0 s|nothing received for \d+ s/);
        await waitFor(() => c.socket.readableEnded || c.socket.destroyed, 'the connection to close');
        await waitFor(() => t.count('entries_data') === 0 && t.store.uploads.activeCount === 0, 'nothing left behind');
        assert.equal(t.count('entries'), 0);
      } finally {
        await t.close();
      }
    });
  }

  test('an upload that keeps sending is never cut off by the idle clock', async () => {
    const t = await listening({ uploadIdleTimeoutMs: 1000 });
    try {
      const c = await send(t.port, CLIENT_A, rawUpload(18, 0, 'slow.txt'));
      // Longer in all than the idle timeout, each gap far below it.
      for (const piece of ['abc', 'def', 'ghi', 'jkl', 'mno', 'pqr']) {
        c.socket.write(piece);
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
      await waitFor(() => statusOf(c.answer()) !== 0, 'the upload to be answered');
      assert.equal(statusOf(c.answer()), 201, c.answer());
      c.socket.destroy();
    } finally {
      await t.close();
    }
  });

  test('another request must arrive whole within the request timeout', async () => {
    const t = await listening({ requestTimeoutMs: 300 });
    try {
      const c = await send(t.port, CLIENT_A, 'POST /api/auth HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\n{"sharedSecretKey":');
      await waitFor(() => c.socket.readableEnded || c.socket.destroyed, 'the connection to close');
      assert.equal(statusOf(c.answer()), 408, c.answer());
      // Requests that arrive whole are untouched.
      const health = await fetch(`http://127.0.0.1:${t.port}/healthz`);
      assert.equal(health.status, 200);
    } finally {
      await t.close();
    }
  });
});

describe('download caps (issue 10)', () => {
  test('a client that stops reading holds its slot; past the cap downloads answer 503 until it goes', async () => {
    const t = await listening({ maxDownloads: 10, maxDownloadsPerClient: 1 }, 327_680);
    try {
      const big = 'z'.repeat(16 * 1024 * 1024);
      const stored = await send(t.port, CLIENT_A, `${rawUpload(big.length, 0, 'big.bin')}${big}`);
      await waitFor(() => statusOf(stored.answer()) === 201, 'the file to be stored');
      const id = /\/-(\w+)\//.exec(stored.answer())![1]!;
      stored.socket.destroy();

      // Reads nothing: the server's writes back up and the download stays open.
      const stuck = await send(t.port, CLIENT_A, `GET /-${id} HTTP/1.1\r\nHost: x\r\n\r\n`);
      stuck.socket.pause();
      await waitFor(async () => (await fetch(`http://127.0.0.1:${t.port}/healthz`)).ok, 'the server');
      const refused = await send(t.port, CLIENT_A, `GET /-${id} HTTP/1.1\r\nHost: x\r\nRange: bytes=0-9\r\n\r\n`);
      await waitFor(() => statusOf(refused.answer()) !== 0, 'an answer');
      assert.equal(statusOf(refused.answer()), 503, refused.answer());
      assert.match(refused.answer(), /too many downloads in progress to your address/);
      refused.socket.destroy();
      const other = await send(t.port, CLIENT_B, `GET /-${id} HTTP/1.1\r\nHost: x\r\nRange: bytes=0-9\r\n\r\n`);
      await waitFor(() => statusOf(other.answer()) !== 0, 'an answer');
      assert.equal(statusOf(other.answer()), 206, other.answer());
      other.socket.destroy();
      // HEAD sends no body and takes no slot.
      const head = await send(t.port, CLIENT_A, `HEAD /-${id} HTTP/1.1\r\nHost: x\r\n\r\n`);
      await waitFor(() => statusOf(head.answer()) !== 0, 'an answer');
      assert.equal(statusOf(head.answer()), 200);
      head.socket.destroy();

      stuck.socket.destroy();
      await waitFor(async () => {
        const c = await send(t.port, CLIENT_A, `GET /-${id} HTTP/1.1\r\nHost: x\r\nRange: bytes=0-9\r\n\r\n`);
        await waitFor(() => statusOf(c.answer()) !== 0, 'an answer');
        c.socket.destroy();
        return statusOf(c.answer()) === 206;
      }, 'the slot to be free again');
      // Each finished download gives its slot back.
      for (let i = 0; i < 5; i++) {
        const res = await t.app.inject({ method: 'GET', url: `/-${id}`, headers: { range: 'bytes=0-9' }, remoteAddress: CLIENT_A });
        assert.equal(res.statusCode, 206);
      }
    } finally {
      await t.close();
    }
  });
});

describe('connections (issue 10)', () => {
  test('past the connection cap, new connections are closed as they arrive', async () => {
    const t = await listening({ maxConnections: 2 });
    try {
      const held = [await send(t.port, CLIENT_A, ''), await send(t.port, CLIENT_B, '')];
      const extra = await send(t.port, CLIENT_A, 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
      await waitFor(() => extra.socket.readableEnded || extra.socket.destroyed, 'the extra connection to be closed');
      assert.equal(extra.answer(), '');
      for (const c of held) c.socket.destroy();
      await waitFor(async () => (await fetch(`http://127.0.0.1:${t.port}/healthz`).catch(() => undefined))?.status === 200, 'room again');
    } finally {
      await t.close();
    }
  });
});

describe('storage quota (issue 10)', () => {
  test('an upload whose declared size exceeds the quota answers 507 and stores nothing', async () => {
    const t = await listening({ storageQuotaBytes: 20 });
    try {
      assert.match(await putFile(t, CLIENT_A, 'x'.repeat(15)), /^HTTP\/1\.1 201/);
      const refused = await putFile(t, CLIENT_A, 'y'.repeat(10));
      assert.match(refused, /^HTTP\/1\.1 507/);
      assert.match(refused, /storage quota/);
      await waitFor(() => t.store.uploads.activeCount === 0, 'the refused upload to end');
      assert.equal(t.count('entries'), 1);
      assert.equal(t.store.chunks.storedBytes(), 15);
    } finally {
      await t.close();
    }
  });

  test('an upload of unknown size stops with 507 at the quota, its rows deleted', async () => {
    const t = await listening({ storageQuotaBytes: 20 });
    try {
      const chunked = `PUT /chunked.bin HTTP/1.1\r\nHost: x\r\nAuthorization: ${BASIC}\r\nTransfer-Encoding: chunked\r\n\r\n`;
      const c = await send(t.port, CLIENT_A, `${chunked}10\r\n${'a'.repeat(16)}\r\n10\r\n${'b'.repeat(16)}\r\n0\r\n\r\n`);
      await waitFor(() => statusOf(c.answer()) !== 0, 'an answer');
      assert.equal(statusOf(c.answer()), 507, c.answer());
      assert.match(c.answer(), /storage quota/);
      c.socket.destroy();
      await waitFor(() => t.store.uploads.activeCount === 0 && t.count('entries_data') === 0, 'nothing left behind');
      assert.equal(t.count('entries'), 0);
    } finally {
      await t.close();
    }
  });
});
