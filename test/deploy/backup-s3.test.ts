import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { backupRoundTrip } from './round-trip.js';
import { S3RVER_KEY, startS3rver } from './s3rver.js';
import { freePort, makeTempDir, startEntrypoint, stopUnderLitestream, waitHealthy, type Started } from './support.js';

/** The environment of the server process Litestream started (Linux /proc). */
async function serverEnvironment(started: Started): Promise<Map<string, string>> {
  const pid = started.child.pid!;
  // Go forks from whichever thread runs the call: gather the children of all of them.
  const tasks = await readdir(`/proc/${pid}/task`);
  const lists = await Promise.all(tasks.map((task) => readFile(`/proc/${pid}/task/${task}/children`, 'utf8')));
  const children = lists.join(' ').split(/\s+/).filter(Boolean);
  assert.equal(children.length, 1, 'Litestream runs one child: the server');
  const environ = await readFile(`/proc/${children[0]}/environ`, 'utf8');
  return new Map(environ.split('\0').filter(Boolean).map((entry) => {
    const at = entry.indexOf('=');
    return [entry.slice(0, at), entry.slice(at + 1)] as const;
  }));
}

test(
  'an S3 bucket, configured the way `fly storage create` does, brings every upload back',
  { timeout: 90_000 },
  async (t) => {
    const dir = await makeTempDir(t);
    const { endpoint } = await startS3rver(t, dir, 'picoshare-backups');
    // Exactly the names Tigris sets on a Fly app; the entrypoint maps them.
    const second = await backupRoundTrip(t, dir, {
      BUCKET_NAME: 'picoshare-backups',
      AWS_ENDPOINT_URL_S3: endpoint,
      AWS_REGION: 'auto',
      AWS_ACCESS_KEY_ID: S3RVER_KEY,
      AWS_SECRET_ACCESS_KEY: S3RVER_KEY,
    });
    assert.match(second.output, new RegExp(`replicates .* to s3 bucket picoshare-backups at ${endpoint}`));
  },
);

test('the server sees LITESTREAM_BUCKET when only BUCKET_NAME is set, so it applies Litestream\'s pragmas', { timeout: 30_000 }, async (t) => {
  const dir = await makeTempDir(t);
  const { endpoint } = await startS3rver(t, dir, 'pragmas');
  const port = await freePort();
  const started = startEntrypoint(t, ['-db', `${dir}/data/store.db`], {
    PORT: String(port),
    BUCKET_NAME: 'pragmas',
    AWS_ENDPOINT_URL_S3: endpoint,
    AWS_ACCESS_KEY_ID: S3RVER_KEY,
    AWS_SECRET_ACCESS_KEY: S3RVER_KEY,
  });
  await waitHealthy(started, port);
  const env = await serverEnvironment(started);
  assert.equal(env.get('LITESTREAM_BUCKET'), 'pragmas');
  await stopUnderLitestream(started, 20_000);
});
