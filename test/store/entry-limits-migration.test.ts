import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { openDatabase, type Db } from '../../src/store/database.js';
import { loadMigrations, migrate } from '../../src/store/migrate.js';
import { silentLog } from '../helpers/app.js';
import { copyFixtureDb } from '../helpers/fixture.js';

const UPSTREAM_TABLES = ['downloads', 'entries', 'entries_data', 'guest_links', 'settings'];
// Upstream's last migration; everything after it is ours.
const UPSTREAM_LAST = '015-convert-to-strict-tables.sql';

/** The CREATE statements of upstream's tables, exactly as SQLite keeps them. */
const tableSql = (db: Db) =>
  db
    .prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name IN (SELECT value FROM json_each(?)) ORDER BY name`)
    .all(JSON.stringify(UPSTREAM_TABLES));

describe('migration 018 (issue 15): our tables beside upstream\'s', () => {
  test('the upstream fixture, migrated, keeps upstream\'s exact table definitions', () => {
    const migrations = loadMigrations();
    const upstreamCount = migrations.findIndex((m) => m.name === UPSTREAM_LAST) + 1;
    assert.ok(upstreamCount > 0);

    const asUpstream = openDatabase(copyFixtureDb(), { litestream: false });
    migrate(asUpstream, silentLog, migrations.slice(0, upstreamCount));
    const ours = openDatabase(copyFixtureDb(), { litestream: false });
    migrate(ours, silentLog);

    assert.equal(tableSql(ours).length, UPSTREAM_TABLES.length);
    assert.deepEqual(tableSql(ours), tableSql(asUpstream));
    // Our tables exist, reference upstream's and are not referenced by them.
    const names = (ours.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);
    for (const table of ['entry_limits', 'guest_link_limits', 'server_secrets']) assert.ok(names.includes(table), table);
    for (const { sql } of tableSql(ours) as { sql: string }[]) assert.doesNotMatch(sql, /entry_limits|guest_link_limits|server_secrets/);
    assert.deepEqual(ours.pragma('foreign_key_check'), []);
    asUpstream.close();
    ours.close();
  });

  test('limits go with their entry and guest link; the secret is drawn once per database', () => {
    const db = openDatabase(copyFixtureDb(), { litestream: false });
    migrate(db, silentLog);
    const entry = (db.prepare('SELECT id FROM entries LIMIT 1').get() as { id: string }).id;
    const link = db.prepare('SELECT id FROM guest_links LIMIT 1').get() as { id: string } | undefined;
    db.prepare('INSERT INTO entry_limits (entry_id, max_downloads) VALUES (?, 3)').run(entry);
    if (link) db.prepare('INSERT INTO guest_link_limits (guest_link_id, max_downloads) VALUES (?, 2)').run(link.id);
    db.prepare('DELETE FROM downloads WHERE entry_id = ?').run(entry);
    db.prepare('DELETE FROM entries WHERE id = ?').run(entry);
    assert.equal((db.prepare('SELECT count(*) AS n FROM entry_limits').get() as { n: number }).n, 0);
    if (link) {
      db.prepare('UPDATE entries SET guest_link_id = NULL WHERE guest_link_id = ?').run(link.id);
      db.prepare('DELETE FROM guest_links WHERE id = ?').run(link.id);
      assert.equal((db.prepare('SELECT count(*) AS n FROM guest_link_limits').get() as { n: number }).n, 0);
    }
    const secret = db.prepare('SELECT secret FROM server_secrets').all() as { secret: string }[];
    assert.equal(secret.length, 1);
    assert.match(secret[0]!.secret, /^[0-9a-f]{64}$/);
    db.close();
  });
});
