import assert from 'node:assert/strict';
import { DEFAULT_LIMITS } from '../../src/config.js';
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { validate, ValidationSeverity } from 'dockerfile-utils';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import { baseEnv, ENTRYPOINT, LITESTREAM, LITESTREAM_YML, ROOT } from './support.js';

const read = (path: string) => readFile(join(ROOT, path), 'utf8');

/** The value of `--max-old-space-size=` in a NODE_OPTIONS string, in MB. */
function heapCap(nodeOptions: string): number {
  const match = /--max-old-space-size=(\d+)/.exec(nodeOptions);
  assert.ok(match, `no heap cap in ${nodeOptions}`);
  return Number(match[1]);
}

/** ENV values of a Dockerfile's final stage, `ENV A=1 B=2` form only. */
function finalStageEnv(dockerfile: string): Map<string, string> {
  const stages = dockerfile.replace(/\\\n/g, ' ').split(/^FROM /m);
  const env = new Map<string, string>();
  for (const line of stages.at(-1)!.split('\n')) {
    if (!line.startsWith('ENV ')) continue;
    for (const [, key, value] of line.slice(4).matchAll(/([A-Z_]+)=(\S+)/g)) env.set(key!, value!);
  }
  return env;
}

// CI installs the Debian package (see .ci/run), so there a missing one is a
// failure; elsewhere the test is skipped saying what to install (issue 14).
const noShellcheck = spawnSync('shellcheck', ['--version'], { encoding: 'utf8' }).error
  ? 'shellcheck is not installed: apt-get install shellcheck'
  : false;

test('the entrypoint passes shellcheck', { skip: process.env.CI === 'true' ? false : noShellcheck }, () => {
  assert.ok(!noShellcheck, noShellcheck || '');
  const check = spawnSync('shellcheck', ['--severity=style', '--shell=bash', ENTRYPOINT], { encoding: 'utf8' });
  assert.equal(check.status, 0, check.stdout + check.stderr);
});

test('the entrypoint starts the server from where `npm run build` puts it', async () => {
  const build = JSON.parse(await read('tsconfig.build.json')) as { compilerOptions: { rootDir: string; outDir: string } };
  const { rootDir, outDir } = build.compilerOptions;
  const main = join(outDir, relative(join(ROOT, rootDir), join(ROOT, 'src', 'main.ts'))).replace(/\.ts$/, '.js');
  assert.ok((await readFile(ENTRYPOINT, 'utf8')).includes(`"$root/${main}"`), `the default command runs ${main}`);
});

test('the Dockerfile lints clean and has the parts issue 5 asks for', async () => {
  const dockerfile = await read('Dockerfile');
  const error = ValidationSeverity.ERROR;
  const problems = validate(dockerfile, {
    deprecatedMaintainer: error,
    directiveCasing: error,
    emptyContinuationLine: error,
    instructionCasing: error,
    instructionCmdMultiple: error,
    instructionEntrypointMultiple: error,
    instructionHealthcheckMultiple: error,
    instructionJSONInSingleQuotes: error,
    instructionWorkdirRelative: error,
  });
  assert.deepEqual(problems.map((p) => `line ${p.range.start.line + 1}: ${p.message}`), []);

  const stages = dockerfile.split(/^FROM /m).slice(1);
  assert.equal(stages.length, 2, 'a build stage and a runtime stage');
  const [build, runtime] = stages as [string, string];
  assert.match(build, /^\$\{NODE_IMAGE\} AS build/);
  assert.match(dockerfile, /^ARG NODE_IMAGE=node:20-bookworm-slim$/m);
  assert.match(build, /apt-get install[^\n]*python3 make g\+\+/, 'a toolchain for better-sqlite3');
  assert.match(build, /npm ci/);
  assert.match(build, /npm prune --omit=dev/);
  assert.match(runtime, /COPY --from=build \/app \/app/);
  assert.match(runtime, /apt-get install[^\n]*tini/);
  assert.match(runtime, /HEALTHCHECK [^\n]*\\\n\s+CMD \["\/app\/scripts\/docker-entrypoint.sh", "healthcheck"\]/);
  assert.match(runtime, /^ENTRYPOINT \["\/usr\/bin\/tini", "-s", "--", "\/app\/scripts\/docker-entrypoint.sh"\]$/m);
  assert.match(runtime, /^CMD \["-db", "\/data\/store.db"\]$/m);

  const env = finalStageEnv(dockerfile);
  assert.equal(env.get('PICOSHARE_USER'), 'node', 'the server runs as the unprivileged user "node"');
  assert.equal(env.get('MALLOC_ARENA_MAX'), '2');
  // jemalloc returns freed memory to the kernel (issue 10); the library must be installed.
  assert.equal(env.get('LD_PRELOAD'), '/usr/lib/x86_64-linux-gnu/libjemalloc.so.2');
  assert.match(runtime, /apt-get install[^\n]*libjemalloc2/);
  assert.match(env.get('MALLOC_CONF') ?? '', /dirty_decay_ms:\d+/);
  assert.ok(heapCap(env.get('NODE_OPTIONS') ?? '') <= 128, 'a heap cap for a 256 MB machine');
  assert.match(env.get('GOMEMLIMIT') ?? '', /^\d+MiB$/);
});

test('.dockerignore keeps what the server reads at run time', async () => {
  const ignored = (await read('.dockerignore')).split('\n').filter((line) => line !== '' && !line.startsWith('#'));
  for (const needed of ['src', 'migrations', 'scripts', 'litestream.yml', 'package.json', 'package-lock.json', '.npmrc', 'tsconfig.json', 'tsconfig.build.json']) {
    assert.ok(!ignored.some((pattern) => pattern === needed || pattern === '*' || pattern === `${needed}/`), `${needed} reaches the build`);
  }
  for (const kept of ['node_modules', '.git', 'test', '**/*.db']) assert.ok(ignored.includes(kept), `${kept} stays out`);
});

interface FlyConfig {
  kill_signal: string;
  kill_timeout: string;
  env: Record<string, string>;
  mounts: Record<string, string>[];
  http_service: {
    internal_port: number;
    force_https: boolean;
    min_machines_running: number;
    concurrency: { type: string; soft_limit: number; hard_limit: number };
    checks: Record<string, string>[];
  };
  vm: Record<string, string>[];
}

test('fly.toml: one small machine, a volume at /data, HTTPS, a health check and a graceful stop', async () => {
  const fly = parseToml(await read('fly.toml')) as unknown as FlyConfig;
  // smol-toml builds objects without a prototype; compare plain copies.
  const plain = (tables: Record<string, string>[]) => tables.map((table) => ({ ...table }));
  assert.equal(fly.kill_signal, 'SIGTERM');
  assert.ok(Number.parseInt(fly.kill_timeout, 10) >= 20, 'room for the 10 s upload grace and the final sync');
  assert.deepEqual(plain(fly.mounts), [{ source: 'picoshare_data', destination: '/data' }]);
  const service = fly.http_service;
  assert.equal(service.internal_port, 4001);
  assert.equal(service.force_https, true);
  assert.equal(service.min_machines_running, 1);
  assert.deepEqual(
    service.checks.map((check) => [check.method, check.path]),
    [['GET', '/healthz']],
  );
  assert.deepEqual(plain(fly.vm), [{ size: 'shared-cpu-1x', memory: '256mb' }]);
  // Fly holds connections past its hard limit; the server's own cap would close them.
  assert.ok(service.concurrency.hard_limit < Number(fly.env.PS_MAX_CONNECTIONS ?? DEFAULT_LIMITS.maxConnections));
  assert.ok(service.concurrency.soft_limit <= service.concurrency.hard_limit);
  assert.equal(fly.env.PS_BEHIND_PROXY, '1', 'Fly proxies every request, through one hop that appends the client address');
  const dockerEnv = finalStageEnv(await read('Dockerfile'));
  assert.equal(heapCap(fly.env.NODE_OPTIONS ?? ''), heapCap(dockerEnv.get('NODE_OPTIONS') ?? ''), 'the same heap cap as the image');
  assert.equal(fly.env.GOMEMLIMIT, dockerEnv.get('GOMEMLIMIT'));
});

interface ComposeFile {
  services: Record<string, { build: string; volumes: string[]; mem_limit: string; stop_grace_period: string; ports: string[] }>;
  volumes: Record<string, unknown>;
}

test('docker-compose.yml keeps the data in a named volume under the same memory budget', async () => {
  const compose = parseYaml(await read('docker-compose.yml')) as ComposeFile;
  const service = compose.services.picoshare!;
  assert.equal(service.build, '.');
  assert.ok(service.volumes.includes('picoshare-data:/data'));
  assert.ok('picoshare-data' in compose.volumes);
  assert.equal(service.mem_limit, '256m');
  assert.ok(Number.parseInt(service.stop_grace_period, 10) >= 20);
  assert.deepEqual(service.ports, ['4001:4001']);
});

test('litestream.yml names every setting through the environment', async () => {
  const config = parseYaml(await readFile(LITESTREAM_YML, 'utf8')) as { dbs: { path: string; replicas: unknown[] }[] };
  assert.equal(config.dbs.length, 1);
  const db = config.dbs[0]!;
  assert.equal(db.path, '${DB_PATH}');
  assert.equal(db.replicas.length, 1);
  assert.deepEqual(db.replicas[0], {
    type: '${LITESTREAM_REPLICA_TYPE}',
    path: '${LITESTREAM_REPLICA_LOCATION}',
    bucket: '${LITESTREAM_BUCKET}',
    endpoint: '${LITESTREAM_ENDPOINT}',
    region: '${LITESTREAM_REGION}',
    'access-key-id': '${LITESTREAM_ACCESS_KEY_ID}',
    'secret-access-key': '${LITESTREAM_SECRET_ACCESS_KEY}',
    'force-path-style': '${LITESTREAM_FORCE_PATH_STYLE}',
    retention: '${LITESTREAM_RETENTION}',
    'snapshot-interval': '24h',
  });
});

test('Litestream itself accepts litestream.yml for both kinds of replica', () => {
  const version = spawnSync(LITESTREAM, ['version'], { encoding: 'utf8' });
  assert.equal(version.stdout.trim(), 'v0.3.13', 'the binary @flydotio/litestream-linux-x64 ships');
  const common = { DB_PATH: '/data/store.db', LITESTREAM_RETENTION: '72h' };
  const kinds = [
    {
      type: 's3',
      env: {
        ...common,
        LITESTREAM_REPLICA_TYPE: 's3',
        LITESTREAM_REPLICA_LOCATION: 'db',
        LITESTREAM_BUCKET: 'picoshare',
        LITESTREAM_ENDPOINT: 'https://fly.storage.tigris.dev',
        LITESTREAM_REGION: 'auto',
        LITESTREAM_ACCESS_KEY_ID: 'tid_example',
        LITESTREAM_SECRET_ACCESS_KEY: 'tsec_example',
        LITESTREAM_FORCE_PATH_STYLE: 'true',
      },
    },
    {
      type: 'file',
      env: { ...common, LITESTREAM_REPLICA_TYPE: 'file', LITESTREAM_REPLICA_LOCATION: '/backup', LITESTREAM_FORCE_PATH_STYLE: 'false' },
    },
  ];
  for (const { type, env } of kinds) {
    const result = spawnSync(LITESTREAM, ['databases', '-config', LITESTREAM_YML], { encoding: 'utf8', env: baseEnv(env) });
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.match(result.stdout, new RegExp(`^/data/store\\.db\\s+${type}$`, 'm'));
  }
});
