import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ConfigError, HELP, parseConfig, type Config } from '../src/config.js';
import { scratchDir } from './helpers/scratch.js';

const parse = (argv: string[], env: Record<string, string> = {}) => parseConfig(argv, env) as Config;
const secretFile = (content: string) => {
  const path = join(scratchDir('config'), 'secret');
  writeFileSync(path, content);
  return path;
};

describe('parseConfig', () => {
  test('defaults need no configuration; a passphrase is generated', () => {
    const config = parse([]);
    assert.equal(config.port, 4001);
    assert.equal(config.host, '0.0.0.0');
    assert.equal(config.dbPath, 'data/store.db');
    assert.equal(config.sharedSecretGenerated, true);
    assert.ok(config.sharedSecret.length >= 20);
    assert.equal(config.behindProxy, false);
    assert.equal(config.litestream, false);
    assert.equal(config.vacuum, false);
    assert.equal(config.cleanupIntervalMs, 7 * 3_600_000);
    assert.ok(Object.isFrozen(config));
  });

  test('every -db form upstream accepts', () => {
    for (const argv of [['-db', 'a.db'], ['-db=a.db'], ['--db', 'a.db'], ['--db=a.db']]) {
      assert.equal(parse(argv).dbPath, 'a.db', argv.join(' '));
    }
  });

  test('environment', () => {
    const config = parse(['--vacuum', '--cleanup-interval', '30s'], {
      PORT: '8080',
      HOST: '127.0.0.1',
      PS_SHARED_SECRET: 'pw',
      PS_BEHIND_PROXY: 'true',
      LITESTREAM_BUCKET: 'b',
    });
    assert.deepEqual(
      [config.port, config.host, config.sharedSecret, config.sharedSecretGenerated, config.behindProxy, config.litestream, config.vacuum, config.cleanupIntervalMs],
      [8080, '127.0.0.1', 'pw', false, 1, true, true, 30_000],
    );
    assert.equal(parse([], { LITESTREAM_REPLICA_PATH: '/backup' }).litestream, true);
    // Empty means unset, as in upstream and most shells' habits.
    assert.equal(parse([], { PORT: '', LITESTREAM_BUCKET: '' }).port, 4001);
    assert.equal(parse([], { LITESTREAM_BUCKET: '' }).litestream, false);
  });

  test('PS_BEHIND_PROXY: hops, addresses and networks, or off (issue 12)', () => {
    for (const [value, want] of [
      [undefined, false],
      ['', false],
      ['false', false],
      ['FALSE', false],
      ['0', false],
      ['true', 1],
      ['1', 1],
      ['2', 2],
      ['10.0.0.0/8,fdaa::/16', ['10.0.0.0/8', 'fdaa::/16']],
      [' 10.0.0.1 , 2001:db8::1 ', ['10.0.0.1', '2001:db8::1']],
    ] as const) {
      const env: Record<string, string> = value === undefined ? {} : { PS_BEHIND_PROXY: value };
      assert.deepEqual(parse([], env).behindProxy, want, String(value));
    }
  });

  test('PS_DOWNLOAD_ORIGIN is an origin (issue 12)', () => {
    assert.equal(parse([], {}).downloadOrigin, undefined);
    assert.equal(parse([], { PS_DOWNLOAD_ORIGIN: 'https://DL.example.com/' }).downloadOrigin, 'https://dl.example.com');
    assert.equal(parse([], { PS_DOWNLOAD_ORIGIN: 'http://dl.example.com:8080' }).downloadOrigin, 'http://dl.example.com:8080');
  });

  test('PS_UPLOAD_REQUEST_SIZE sets the upload pages\' request size (issue 13)', () => {
    assert.equal(parse([], {}).limits.uploadRequestBytes, 50_000_000);
    assert.equal(parse([], { PS_UPLOAD_REQUEST_SIZE: '90MB' }).limits.uploadRequestBytes, 90_000_000);
    assert.throws(() => parse([], { PS_UPLOAD_REQUEST_SIZE: 'big' }), /PS_UPLOAD_REQUEST_SIZE: must be a number of bytes/);
  });

  test('PS_SHARED_SECRET_FILE wins and loses its trailing newlines', () => {
    const path = secretFile('from-file\r\n\n');
    assert.equal(parse([], { PS_SHARED_SECRET_FILE: path, PS_SHARED_SECRET: 'from-env' }).sharedSecret, 'from-file');
  });

  const bad: { description: string; argv?: string[]; env?: Record<string, string>; want: RegExp }[] = [
    { description: 'non-numeric PORT', env: { PORT: 'abc' }, want: /^PORT: must be a port number from 0 to 65535 \(got "abc"\)$/ },
    { description: 'PORT out of range', env: { PORT: '70000' }, want: /^PORT: must be a port number/ },
    { description: 'unknown LOG_LEVEL', env: { LOG_LEVEL: 'loud' }, want: /^LOG_LEVEL: / },
    { description: 'unreadable secret file', env: { PS_SHARED_SECRET_FILE: '/nonexistent/secret' }, want: /^PS_SHARED_SECRET_FILE: cannot read/ },
    { description: 'secret file of newlines', env: { PS_SHARED_SECRET_FILE: secretFile('\n\n') }, want: /^PS_SHARED_SECRET_FILE: invalid shared secret/ },
    { description: 'unknown flag', argv: ['--port', '1'], want: /unknown flag "--port"/ },
    { description: 'flag without value', argv: ['-db'], want: /^--db: needs a value/ },
    { description: 'stray argument', argv: ['store.db'], want: /unexpected argument "store.db"/ },
    { description: 'bad interval', argv: ['--cleanup-interval', 'often'], want: /^--cleanup-interval: / },
    { description: 'tiny interval', argv: ['--cleanup-interval=10ms'], want: /^--cleanup-interval: must be at least 1s/ },
    ...['yes', 'on', '-1', '1.5', '999', '10.0.0.0/33', '10.0.0.1,', 'proxy.internal', '10.0.0.0/8;fdaa::/16', 'fdaa::/129'].map((value) => ({
      description: `PS_BEHIND_PROXY=${value}`,
      env: { PS_BEHIND_PROXY: value },
      want: /^PS_BEHIND_PROXY: must be a number of proxy hops, true, false, or a comma-separated list/,
    })),
    ...['dl.example.com', 'ftp://dl.example.com', 'https://dl.example.com/files', 'https://u:p@dl.example.com', 'https://dl.example.com?x', 'https://'].map((value) => ({
      description: `PS_DOWNLOAD_ORIGIN=${value}`,
      env: { PS_DOWNLOAD_ORIGIN: value },
      want: /^PS_DOWNLOAD_ORIGIN: must be an origin such as https:\/\/dl\.example\.com/,
    })),
  ];
  for (const { description, argv = [], env = {}, want } of bad) {
    test(`refuses ${description}`, () => {
      assert.throws(() => parseConfig(argv, env), (err: unknown) => err instanceof ConfigError && want.test(err.message));
    });
  }

  test('--help and -h', () => {
    assert.equal(parseConfig(['--help'], {}), 'help');
    assert.equal(parseConfig(['-h'], {}), 'help');
    for (const name of ['PORT', 'HOST', 'PS_SHARED_SECRET', 'PS_SHARED_SECRET_FILE', 'PS_BEHIND_PROXY', 'PS_DOWNLOAD_ORIGIN', 'LITESTREAM_BUCKET', '-db', '--vacuum']) {
      assert.ok(HELP.includes(name), name);
    }
  });
});
