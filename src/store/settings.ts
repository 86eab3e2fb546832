import type { Db } from './database.js';

export function settingsReads(db: Db) {
  const lifetime = db.prepare<[], { days: number | null }>(
    'SELECT default_expiration_in_days AS days FROM settings WHERE id = 1',
  );
  return {
    /** Default lifetime of the owner's uploads in days (36500 = never); upstream seeds 30. */
    defaultLifetimeDays(): number {
      return lifetime.get()?.days ?? 30;
    },
  };
}

export function settingsWrites(db: Db) {
  const upsert = db.prepare(`
    INSERT INTO settings (id, default_expiration_in_days) VALUES (1, ?)
    ON CONFLICT (id) DO UPDATE SET default_expiration_in_days = excluded.default_expiration_in_days`);
  return {
    setDefaultLifetimeDays(days: number): void {
      upsert.run(days);
    },
  };
}
