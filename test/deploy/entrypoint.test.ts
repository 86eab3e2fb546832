import assert from 'node:assert/strict';
import { chmod, stat, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { baseEnv, ENTRYPOINT, freePort, makeTempDir, ROOT, run } from './support.js';

/**
 * The entrypoint's choices, checked with stand-ins: a "server" and a
 * "litestream" that print what they were given, as one JSON line, and exit.
 */

const REPORTED_ENV = [
  'DB_PATH',
  'LITESTREAM_BUCKET',
  'LITESTREAM_ENDPOINT',
  'LITESTREAM_REGION',
  'LITESTREAM_ACCESS_KEY_ID',
  'LITESTREAM_SECRET_ACCESS_KEY',
  'LITESTREAM_FORCE_PATH_STYLE',
  'LITESTREAM_RETENTION',
  'LITESTREAM_REPLICA_TYPE',
  'LITESTREAM_REPLICA_LOCATION',
  'LITESTREAM_REPLICA_PATH',
  'LITESTREAM_CONFIG',
];

const STAND_IN = `#!${process.execPath}
const env = Object.fromEntries(${JSON.stringify(REPORTED_ENV)}.filter((k) => k in process.env).map((k) => [k, process.env[k]]));
const args = process.argv.slice(2);
if (process.env.STAND_IN === 'litestream' && args[0] === 'version') { console.log('v0.0.0-stand-in'); process.exit(0); }
console.log(JSON.stringify({ standIn: process.env.STAND_IN, pid: process.pid, uid: process.getuid(), args, env }));
process.exit(Number(process.env.SERVER_EXIT ?? 0));
`;

interface Report {
  standIn: 'server' | 'litestream';
  pid: number;
  uid: number;
  args: string[];
  env: Record<string, string>;
}

function reports(output: string): Report[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{"standIn"'))
    .map((line) => JSON.parse(line) as Report);
}

/** Writes the stand-ins; `server` and `litestream` are commands for PICOSHARE_COMMAND and LITESTREAM_BIN. */
async function standIns(t: TestContext) {
  const dir = await makeTempDir(t);
  const script = join(dir, 'stand-in.cjs');
  await writeFile(script, STAND_IN, { mode: 0o755 });
  const litestream = join(dir, 'litestream');
  await writeFile(litestream, `#!/bin/sh\nSTAND_IN=litestream exec ${script} "$@"\n`, { mode: 0o755 });
  return { dir, server: `${process.execPath} ${script}`, litestream };
}

function entrypoint(args: readonly string[], env: Record<string, string>) {
  return run(ENTRYPOINT, args, baseEnv({ STAND_IN: 'server', ...env }));
}

test('without a replica it becomes the server, with -db /data/store.db when no -db is given', async (t) => {
  const { server } = await standIns(t);
  const { code, output, pid } = await entrypoint([], { PICOSHARE_COMMAND: server });
  assert.equal(code, 0, output);
  const [report] = reports(output);
  assert.equal(report?.pid, pid, 'the script execs the server: signals reach it directly');
  assert.deepEqual(report?.args, ['-db', '/data/store.db']);
  assert.match(output, /starting without Litestream/);

  const flags = await entrypoint(['--db=/srv/pico.db', '--vacuum'], { PICOSHARE_COMMAND: server });
  assert.deepEqual(reports(flags.output)[0]?.args, ['--db=/srv/pico.db', '--vacuum']);
});

test('it finds the database path in each form of the -db flag', async (t) => {
  const { dir, server, litestream } = await standIns(t);
  const db = join(dir, 'data', 'store.db');
  const cases = [
    { description: '-db PATH', args: ['-db', db] },
    { description: '-db=PATH', args: [`-db=${db}`] },
    { description: '--db PATH', args: ['--db', db] },
    { description: '--db=PATH', args: [`--db=${db}`] },
    { description: 'among other flags', args: ['--vacuum', '-db', db, '--cleanup-interval', '1h'] },
    { description: 'the last one wins, as in the server', args: ['-db', join(dir, 'old.db'), `--db=${db}`] },
  ];
  for (const { description, args } of cases) {
    const { code, output } = await entrypoint(args, {
      PICOSHARE_COMMAND: server,
      LITESTREAM_BIN: litestream,
      LITESTREAM_REPLICA_PATH: join(dir, 'replica'),
    });
    assert.equal(code, 0, `${description}: ${output}`);
    const [restore, replicate] = reports(output);
    assert.deepEqual(restore?.args, ['restore', '-config', join(ROOT, 'litestream.yml'), '-if-db-not-exists', '-if-replica-exists', db], description);
    assert.equal(replicate?.args[0], 'replicate', description);
    assert.equal(replicate?.env.DB_PATH, db, description);
  }
});

test('the server gets its arguments intact through litestream -exec', async (t) => {
  const { dir, server } = await standIns(t);
  const args = ['-db', join(dir, 'data dir', 'store.db'), '--label', `it's "quoted" $HOME \\ ; & * \`x\``];
  const { code, output } = await entrypoint(args, { PICOSHARE_COMMAND: server, LITESTREAM_REPLICA_PATH: join(dir, 'replica') });
  assert.equal(code, 0, output);
  assert.match(output, /starting the server under Litestream/);
  const [report] = reports(output);
  assert.deepEqual(report?.args, args);
  assert.equal(report?.env.LITESTREAM_REPLICA_PATH, join(dir, 'replica'), 'the server applies the Litestream pragmas');
});

test('a server that fails makes the entrypoint fail', async (t) => {
  const { dir, server } = await standIns(t);
  const { code, output } = await entrypoint(['-db', join(dir, 'store.db')], {
    PICOSHARE_COMMAND: server,
    LITESTREAM_REPLICA_PATH: join(dir, 'replica'),
    SERVER_EXIT: '3',
  });
  assert.equal(code, 1, output);
  assert.match(output, /exit status 3/);
});

test('it maps the variables `fly storage create` sets, and LITESTREAM_* ones win', async (t) => {
  const { litestream } = await standIns(t);
  const tigris = {
    LITESTREAM_BIN: litestream,
    BUCKET_NAME: 'pico-tigris',
    AWS_ENDPOINT_URL_S3: 'https://fly.storage.tigris.dev',
    AWS_ACCESS_KEY_ID: 'tid_example',
    AWS_SECRET_ACCESS_KEY: 'tsec_example+/=',
  };
  const { code, output } = await entrypoint(['litestream', 'snapshots', '/data/store.db'], tigris);
  assert.equal(code, 0, output);
  const [report] = reports(output);
  assert.deepEqual(report?.args, ['snapshots', '/data/store.db']);
  assert.deepEqual(report?.env, {
    DB_PATH: '/data/store.db',
    LITESTREAM_BUCKET: 'pico-tigris',
    LITESTREAM_ENDPOINT: 'https://fly.storage.tigris.dev',
    // Older `fly storage create` set no AWS_REGION; Tigris wants "auto".
    LITESTREAM_REGION: 'auto',
    LITESTREAM_ACCESS_KEY_ID: 'tid_example',
    LITESTREAM_SECRET_ACCESS_KEY: 'tsec_example+/=',
    LITESTREAM_FORCE_PATH_STYLE: 'true',
    LITESTREAM_RETENTION: '72h',
    LITESTREAM_REPLICA_TYPE: 's3',
    LITESTREAM_REPLICA_LOCATION: 'db',
    LITESTREAM_CONFIG: join(ROOT, 'litestream.yml'),
  });

  const own = await entrypoint(['litestream', 'generations'], {
    ...tigris,
    LITESTREAM_BUCKET: 'mine',
    LITESTREAM_ENDPOINT: 'http://minio.internal:9000',
    LITESTREAM_REGION: 'eu-1',
    LITESTREAM_FORCE_PATH_STYLE: 'false',
    LITESTREAM_RETENTION: '24h',
  });
  const env = reports(own.output)[0]?.env;
  assert.equal(env?.LITESTREAM_BUCKET, 'mine');
  assert.equal(env?.LITESTREAM_ENDPOINT, 'http://minio.internal:9000');
  assert.equal(env?.LITESTREAM_REGION, 'eu-1');
  assert.equal(env?.LITESTREAM_FORCE_PATH_STYLE, 'false');
  assert.equal(env?.LITESTREAM_RETENTION, '24h');

  const aws = await entrypoint(['litestream', 'generations'], { LITESTREAM_BIN: litestream, LITESTREAM_BUCKET: 'on-aws' });
  assert.equal(reports(aws.output)[0]?.env.LITESTREAM_FORCE_PATH_STYLE, 'false', 'AWS itself prefers virtual-host requests');
});

test('it refuses configurations it cannot honour', async (t) => {
  const { dir, server, litestream } = await standIns(t);
  const cases: { description: string; env: Record<string, string>; want: RegExp }[] = [
    { description: 'two replicas', env: { LITESTREAM_BUCKET: 'b', LITESTREAM_REPLICA_PATH: dir }, want: /choose one replica/ },
    { description: 'a quote in a value', env: { LITESTREAM_BUCKET: "it's" }, want: /must not contain a single quote/ },
    { description: 'a bad boolean', env: { LITESTREAM_BUCKET: 'b', LITESTREAM_FORCE_PATH_STYLE: 'yes' }, want: /must be true or false/ },
    { description: 'no Litestream binary', env: { LITESTREAM_BUCKET: 'b', LITESTREAM_BIN: join(dir, 'missing') }, want: /no Litestream binary/ },
  ];
  for (const { description, env, want } of cases) {
    const { code, output } = await entrypoint(['-db', join(dir, 'store.db')], { PICOSHARE_COMMAND: server, LITESTREAM_BIN: litestream, ...env });
    assert.equal(code, 2, `${description}: ${output}`);
    assert.match(output, want, description);
    assert.equal(reports(output).length, 0, `${description}: nothing started`);
  }
  const bare = await entrypoint(['litestream', 'generations'], { LITESTREAM_BIN: litestream });
  assert.equal(bare.code, 2);
  assert.match(bare.output, /no replica configured/);
});

test('it does not start on an empty database when the replica cannot be read', async (t) => {
  const { dir, server } = await standIns(t);
  const closed = await freePort();
  const { code, output } = await entrypoint(['-db', join(dir, 'store.db')], {
    PICOSHARE_COMMAND: server,
    LITESTREAM_BUCKET: 'unreachable',
    LITESTREAM_ENDPOINT: `http://127.0.0.1:${closed}`,
    LITESTREAM_ACCESS_KEY_ID: 'key',
    LITESTREAM_SECRET_ACCESS_KEY: 'secret',
  });
  assert.equal(code, 1, output);
  assert.match(output, /could not read the replica; not starting the server/);
  assert.equal(reports(output).length, 0);
});

test('healthcheck answers for GET /healthz', async (t) => {
  let status = 200;
  const server = http.createServer((req, res) => {
    res.statusCode = req.url === '/healthz' ? status : 404;
    res.end('ok\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const { port } = server.address() as { port: number };
  const check = () => entrypoint(['healthcheck'], { PORT: String(port) });
  assert.equal((await check()).code, 0);
  status = 503;
  assert.equal((await check()).code, 1);
  const closed = await freePort();
  assert.notEqual((await entrypoint(['healthcheck'], { PORT: String(closed) })).code, 0);
});

test('started as root with PICOSHARE_USER, it hands over the data folder and drops root', async (t) => {
  if (userInfo().uid !== 0) {
    t.skip('needs root to switch users (the image starts as root)');
    return;
  }
  const { dir, server, litestream } = await standIns(t);
  // The stand-ins must stay readable once the script runs as "nobody".
  await chmod(dir, 0o755);
  const nobody = (await run('id', ['-u', 'nobody'])).output.trim();
  const data = join(dir, 'data');
  const { code, output } = await entrypoint(['-db', join(data, 'store.db')], {
    PICOSHARE_COMMAND: server,
    LITESTREAM_BIN: litestream,
    LITESTREAM_REPLICA_PATH: join(dir, 'replica'),
    PICOSHARE_USER: 'nobody',
  });
  assert.equal(code, 0, output);
  assert.match(output, /giving .*data to user nobody/);
  for (const report of reports(output)) assert.equal(String(report.uid), nobody, `${report.args[0]} runs as nobody`);
  assert.equal(String((await stat(data)).uid), nobody);
  assert.equal(String((await stat(join(dir, 'replica'))).uid), nobody);
});
