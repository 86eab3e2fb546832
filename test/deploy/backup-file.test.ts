import { join } from 'node:path';
import { test } from 'node:test';
import { backupRoundTrip } from './round-trip.js';
import { makeTempDir } from './support.js';

test('a file replica brings every upload back onto an empty data folder', { timeout: 90_000 }, async (t) => {
  const dir = await makeTempDir(t);
  await backupRoundTrip(t, dir, { LITESTREAM_REPLICA_PATH: join(dir, 'replica') });
});
