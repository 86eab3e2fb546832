import type { Db } from './database.js';

export function settingsReads(db: Db) {
  const lifetime = db.prepare<[], { days: number | null }>(
    'SELECT default_expiration_in_days AS days FROM settings WHERE id = 1',
  );
  return {
    /** Default lifetime of admin uploads in days; upstream seeds 30. */
    defaultLifetimeDays(): number {
      return lifetime.get()?.days ?? 30;
    },
  };
}
