import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { PROJECT_ROOT } from '../paths.js';
import type { Db } from './database.js';

const MIGRATIONS_DIR = join(PROJECT_ROOT, 'migrations');

const FILE_NAME = /^(\d{3})-[a-z0-9_-]+\.sql$/;

interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function loadMigrations(): Migration[] {
  const migrations = readdirSync(MIGRATIONS_DIR)
    .filter((name) => name.endsWith('.sql'))
    .sort()
    .map((name, i) => {
      const m = FILE_NAME.exec(name);
      if (!m || Number(m[1]) !== i + 1) throw new Error(`migration ${name} is misnamed or out of sequence`);
      return { version: i + 1, name, sql: readFileSync(join(MIGRATIONS_DIR, name), 'utf8') };
    });
  return migrations;
}

/**
 * Applies pending migrations, each in its own transaction, recording progress in
 * PRAGMA user_version as upstream does (= the number of migrations applied), so a
 * database written by any upstream version continues from where it stopped.
 */
export function migrate(db: Db, log: Logger, migrations = loadMigrations()): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.length;
  if (current > latest) {
    throw new Error(
      `database schema version ${current} is newer than this server knows (${latest}); ` +
        'upgrade the server or restore a backup made for this version',
    );
  }
  if (current === 0) {
    const tables = db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'").get() as { n: number };
    if (tables.n > 0) throw new Error('the database has tables but no schema version; it is not a PicoShare database');
  }
  if (current === latest) return;

  // Table rebuilds (003, 011, 012, 015) need foreign keys off, and the pragma is
  // ignored inside a transaction. Intermediate upstream schemas broke their own
  // keys (003 pointed entries_data at a dropped table; 012 repaired it), so the
  // check runs once, inside the last migration: the schema we end at is sound.
  db.pragma('foreign_keys = OFF');
  try {
    for (const migration of migrations.slice(current)) {
      db.transaction(() => {
        db.exec(migration.sql);
        if (migration.version === latest) {
          const violations = db.pragma('foreign_key_check') as unknown[];
          if (violations.length > 0) {
            throw new Error(`migration ${migration.name} left ${violations.length} foreign key violations`);
          }
        }
        db.pragma(`user_version = ${migration.version}`);
      }).immediate();
      log.info({ migration: migration.name, version: migration.version }, 'migration applied');
    }
  } finally {
    db.pragma('foreign_keys = ON');
  }
}
