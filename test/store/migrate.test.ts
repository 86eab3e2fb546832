import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { openDatabase, type Db } from '../../src/store/database.js';
import { loadMigrations, migrate } from '../../src/store/migrate.js';
import { silentLog } from '../helpers/app.js';
import { copyFixtureDb } from '../helpers/fixture.js';
import { scratchDir } from '../helpers/scratch.js';

// Other branches add migrations too: never a fixed count.
const LATEST = loadMigrations().length;
const freshPath = () => join(scratchDir('migrate'), 'store.db');

/** Tables, columns, constraints and indexes, in a comparable form. */
function describeSchema(db: Db) {
  const tables = db
    .prepare("SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all() as { name: string; strict: number }[];
  return tables.map(({ name, strict }) => ({
    name,
    strict,
    columns: db.prepare(`SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info('${name}')`).all(),
    foreignKeys: db.prepare(`SELECT "table", "from", "to" FROM pragma_foreign_key_list('${name}')`).all(),
    indexes: (db.prepare(`SELECT name FROM pragma_index_list('${name}') WHERE origin = 'c' ORDER BY name`).all() as { name: string }[]).map(
      (i) => ({ name: i.name, sql: (db.prepare('SELECT sql FROM sqlite_schema WHERE name = ?').get(i.name) as { sql: string }).sql.replace(/\s+/g, ' ') }),
    ),
    checks: /CHECK/.test((db.prepare('SELECT sql FROM sqlite_schema WHERE name = ?').get(name) as { sql: string }).sql),
  }));
}

describe('migrations', () => {
  test('numbered files in sequence', () => {
    const migrations = loadMigrations();
    assert.ok(migrations.length >= 18);
    migrations.forEach((m, i) => assert.match(m.name, new RegExp(`^${String(i + 1).padStart(3, '0')}-`)));
    assert.equal(migrations[14]!.name, '015-convert-to-strict-tables.sql');
  });

  test('a fresh database ends at upstream schema 15 plus our sessions table and indexes', () => {
    const db = openDatabase(freshPath(), { litestream: false });
    migrate(db, silentLog);
    assert.equal(db.pragma('user_version', { simple: true }), LATEST);
    assert.equal(db.pragma('page_size', { simple: true }), 32_768);
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    const schema = describeSchema(db);
    assert.deepEqual(schema.map((t) => [t.name, t.strict]), [
      ['api_tokens', 1], ['bundle_entries', 1], ['bundles', 1], ['downloads', 1], ['entries', 1], ['entries_data', 1], ['entry_digests', 1],
      ['entry_limits', 1], ['guest_link_limits', 1], ['guest_links', 1], ['notification_settings', 1], ['server_secrets', 1], ['sessions', 1],
      ['settings', 1], ['tus_uploads', 1],
    ]);
    const byName = Object.fromEntries(schema.map((t) => [t.name, t]));
    assert.deepEqual(byName.entries_data!.columns, [
      { name: 'id', type: 'TEXT', notnull: 1, dflt_value: null, pk: 1 },
      { name: 'chunk_index', type: 'INTEGER', notnull: 1, dflt_value: null, pk: 2 },
      { name: 'chunk', type: 'BLOB', notnull: 1, dflt_value: null, pk: 0 },
    ]);
    assert.deepEqual(byName.entries_data!.foreignKeys, []);
    assert.deepEqual(byName.entries!.columns.map((c: any) => c.name), ['id', 'filename', 'content_type', 'upload_time', 'expiration_time', 'guest_link_id', 'note']);
    assert.deepEqual(byName.entries!.foreignKeys, []);
    assert.deepEqual(byName.downloads!.foreignKeys, [{ table: 'entries', from: 'entry_id', to: 'id' }]);
    assert.deepEqual(byName.guest_links!.columns.map((c: any) => c.name), [
      'id', 'label', 'max_file_bytes', 'max_file_uploads', 'creation_time', 'url_expiration_time', 'file_expiration_time', 'is_disabled',
    ]);
    assert.deepEqual(byName.entries!.indexes, [
      { name: 'idx_entries_guest_link_id', sql: 'CREATE INDEX idx_entries_guest_link_id ON entries (guest_link_id)' },
      { name: 'idx_entries_upload_time', sql: 'CREATE INDEX idx_entries_upload_time ON entries (upload_time DESC, id)' },
    ]);
    // Ours (migration 017): history by file, and by file and IP.
    assert.deepEqual(byName.downloads!.indexes, [
      { name: 'idx_downloads_entry_ip_time', sql: 'CREATE INDEX idx_downloads_entry_ip_time ON downloads (entry_id, client_ip, download_timestamp)' },
      { name: 'idx_downloads_entry_time', sql: 'CREATE INDEX idx_downloads_entry_time ON downloads (entry_id, download_timestamp)' },
    ]);
    assert.deepEqual(byName.entries_data!.indexes, [{ name: 'idx_entries_data_length', sql: 'CREATE INDEX idx_entries_data_length ON entries_data (id, length(chunk))' }]);
    assert.deepEqual(db.prepare('SELECT * FROM settings').all(), [{ id: 1, default_expiration_in_days: 30 }]);
    // The CHECK constraints of upstream's 015 hold.
    assert.throws(() => db.prepare("INSERT INTO entries VALUES ('a', 'f', '', '2021-01-01T00:00:00Z', NULL, NULL, NULL)").run(), /CHECK/);
    assert.throws(() => db.prepare("INSERT INTO entries_data VALUES ('a', -1, x'00')").run(), /CHECK/);
    assert.throws(() => db.prepare('INSERT INTO settings VALUES (2, 1)').run(), /CHECK/);
    db.close();
  });

  test('the upstream 1.4.4 fixture (version 7) migrates to the same schema, data intact', () => {
    const path = copyFixtureDb();
    const before = new Database(path, { readonly: true });
    const chunksBefore = before.prepare('SELECT id, chunk_index, hex(chunk) AS h FROM entries_data ORDER BY id, chunk_index').all();
    const entriesBefore = before.prepare('SELECT * FROM entries ORDER BY id').all();
    before.close();

    const db = openDatabase(path, { litestream: false });
    assert.equal(db.pragma('user_version', { simple: true }), 7);
    migrate(db, silentLog);
    assert.equal(db.pragma('user_version', { simple: true }), LATEST);
    const fresh = openDatabase(freshPath(), { litestream: false });
    migrate(fresh, silentLog);
    assert.deepEqual(describeSchema(db), describeSchema(fresh));
    assert.deepEqual(db.prepare('SELECT id, chunk_index, hex(chunk) AS h FROM entries_data ORDER BY id, chunk_index').all(), chunksBefore);
    // Upstream 1.4 wrote '' for "no guest link"; migration 009 makes it NULL.
    const expected = (entriesBefore as { guest_link_id: string | null }[]).map((e) => ({ ...e, guest_link_id: e.guest_link_id || null }));
    assert.deepEqual(db.prepare('SELECT * FROM entries ORDER BY id').all(), expected);
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
    assert.deepEqual(db.pragma('foreign_key_check'), []);
    // Upstream databases keep their page size: it cannot change without a VACUUM.
    assert.equal(db.pragma('page_size', { simple: true }), 4096);
    db.close();
    fresh.close();
  });

  test('running again is a no-op', () => {
    const path = freshPath();
    const db = openDatabase(path, { litestream: false });
    migrate(db, silentLog);
    migrate(db, silentLog);
    assert.equal(db.pragma('user_version', { simple: true }), LATEST);
    db.close();
  });

  test('refuses a database newer than the server', () => {
    const db = openDatabase(freshPath(), { litestream: false });
    migrate(db, silentLog);
    db.pragma('user_version = 99');
    assert.throws(() => migrate(db, silentLog), new RegExp(`schema version 99 is newer than this server knows \\(${LATEST}\\)`));
    db.close();
  });

  test('refuses a database that is not PicoShare', () => {
    const db = openDatabase(freshPath(), { litestream: false });
    db.exec('CREATE TABLE other (x)');
    assert.throws(() => migrate(db, silentLog), /not a PicoShare database/);
    db.close();
  });

  test('a failing migration leaves the database at the last good version', () => {
    const db = openDatabase(freshPath(), { litestream: false });
    const migrations = loadMigrations().slice(0, 3);
    migrations.push({ version: 4, name: '004-broken.sql', sql: 'ALTER TABLE entries ADD COLUMN x TEXT; SELECT * FROM nowhere;' });
    assert.throws(() => migrate(db, silentLog, migrations), /no such table: nowhere/);
    assert.equal(db.pragma('user_version', { simple: true }), 3);
    assert.ok(!(db.prepare("SELECT name FROM pragma_table_info('entries')").all() as { name: string }[]).some((c) => c.name === 'x'));
    db.close();
  });

  test('pragmas: upstream set without Litestream, Litestream set with it', () => {
    const plain = openDatabase(freshPath(), { litestream: false });
    assert.deepEqual(
      [plain.pragma('synchronous', { simple: true }), plain.pragma('busy_timeout', { simple: true }), plain.pragma('foreign_keys', { simple: true }), plain.pragma('temp_store', { simple: true })],
      [2, 0, 1, 1],
    );
    assert.notEqual(plain.pragma('wal_autocheckpoint', { simple: true }), 0);
    const replicated = openDatabase(freshPath(), { litestream: true });
    assert.deepEqual(
      [replicated.pragma('synchronous', { simple: true }), replicated.pragma('busy_timeout', { simple: true }), replicated.pragma('wal_autocheckpoint', { simple: true })],
      [1, 5000, 0],
    );
    plain.close();
    replicated.close();
  });
});
