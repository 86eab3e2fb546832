import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestApp } from '../helpers/app.js';

const MIB = 1024 * 1024;

test('/healthz says degraded, still 200, while free space is under twice the reserve', async (t) => {
  let free = 100 * MIB;
  const app = await startTestApp({ diskReserve: 10 * MIB, statDisk: () => ({ totalBytes: 1000 * MIB, freeBytes: free }) });
  t.after(() => app.close());
  const health = () => app.app.inject({ url: '/healthz' });
  assert.equal((await health()).body, 'ok\n');
  free = 19 * MIB;
  const low = await health();
  assert.equal(low.statusCode, 200);
  assert.equal(low.body, 'degraded: low disk space\n');
  free = 0;
  assert.equal((await health()).statusCode, 200);
});

test('an upload whose Content-Length would eat into the reserve gets 507 before a byte is stored', async (t) => {
  const app = await startTestApp({ diskReserve: 10 * MIB, statDisk: () => ({ totalBytes: 1000 * MIB, freeBytes: 11 * MIB }) });
  t.after(() => app.close());
  const res = await app.app.inject({
    method: 'PUT',
    url: '/big.bin',
    headers: { authorization: `Basic ${Buffer.from(':test-passphrase').toString('base64')}` },
    payload: Buffer.alloc(2 * MIB),
  });
  assert.equal(res.statusCode, 507);
  assert.equal(res.body, 'insufficient storage\n');
  assert.equal(app.count('entries_data'), 0);
});
