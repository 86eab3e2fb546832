import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BASIC, SECRET } from '../helpers/app.js';
import { parseMetrics, sample } from '../helpers/prometheus.js';
import { freePort, startServerProcess, stopServerProcess, type ServerProcess } from '../helpers/server-process.js';

const TOKEN = 'metrics-token-0123456789';

describe('PS_METRICS_ADDR: a listener of its own', () => {
  let dir: string;
  let server: ServerProcess | undefined;
  let metricsUrl: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'picoshare-metrics-'));
    const port = await freePort();
    metricsUrl = `http://127.0.0.1:${port}`;
    server = await startServerProcess(['--db', join(dir, 'store.db')], {
      PS_SHARED_SECRET: SECRET, PS_METRICS_TOKEN: TOKEN, PS_METRICS_ADDR: `127.0.0.1:${port}`,
    });
  });
  after(async () => {
    // Both listeners close and the process exits cleanly.
    if (server) assert.equal(await stopServerProcess(server), 0);
    rmSync(dir, { recursive: true, force: true });
  });

  test('serves the metrics there, with the token, and the figures of the real database', async () => {
    const upload = await fetch(`${server!.url}/hello.txt`, { method: 'PUT', headers: { authorization: BASIC }, body: 'hello metrics' });
    assert.equal(upload.status, 201);
    const res = await fetch(`${metricsUrl}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(res.status, 200);
    const families = parseMetrics(await res.text());
    assert.equal(sample(families, 'picoshare_uploads_completed_total', { path: 'raw' }), 1);
    assert.equal(sample(families, 'picoshare_stored_bytes'), 13);
    assert.ok(sample(families, 'picoshare_database_bytes') > 0);
    assert.ok(sample(families, 'picoshare_database_wal_bytes') > 0);
    assert.ok(sample(families, 'picoshare_disk_free_bytes') > 0);
    assert.ok(sample(families, 'process_resident_memory_bytes') > 0);
    // The start-up cleanup ran once.
    assert.equal(sample(families, 'picoshare_cleanup_runs_total'), 1);
  });

  test('still requires the token there', async () => {
    assert.equal((await fetch(`${metricsUrl}/metrics`)).status, 401);
    assert.equal((await fetch(`${metricsUrl}/metrics`, { headers: { authorization: 'Bearer nope' } })).status, 401);
  });

  test('the main port has no /metrics, and the metrics port nothing else', async () => {
    assert.equal((await fetch(`${server!.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).status, 404);
    assert.equal((await fetch(`${metricsUrl}/healthz`)).status, 404);
    assert.equal((await fetch(`${metricsUrl}/`, { headers: { authorization: BASIC } })).status, 404);
  });
});

describe('PS_METRICS_ADDR without a token', () => {
  test('serves the metrics on that address alone, unauthenticated', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'picoshare-metrics-'));
    const port = await freePort();
    const server = await startServerProcess(['--db', join(dir, 'store.db')], { PS_SHARED_SECRET: SECRET, PS_METRICS_ADDR: `127.0.0.1:${port}` });
    try {
      assert.equal((await fetch(`http://127.0.0.1:${port}/metrics`)).status, 200);
      assert.equal((await fetch(`${server!.url}/metrics`)).status, 404);
    } finally {
      assert.equal(await stopServerProcess(server), 0);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
