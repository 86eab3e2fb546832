import { formatTimestamp } from '../domain/time.js';
import type { Db } from './database.js';

export function sessionReads(db: Db) {
  const live = db.prepare<{ hash: string; now: string }, { ok: number }>(
    'SELECT 1 AS ok FROM sessions WHERE token_hash = :hash AND expires_at > :now',
  );
  return {
    isSessionLive(tokenHash: string, now: Date): boolean {
      return live.get({ hash: tokenHash, now: formatTimestamp(now) }) !== undefined;
    },
  };
}

export function sessionWrites(db: Db) {
  const insert = db.prepare(
    'INSERT INTO sessions (token_hash, created_at, expires_at) VALUES (:hash, :createdAt, :expiresAt)',
  );
  const remove = db.prepare('DELETE FROM sessions WHERE token_hash = ?');
  const removeExpired = db.prepare('DELETE FROM sessions WHERE expires_at <= ?');

  return {
    insertSession(tokenHash: string, createdAt: Date, expiresAt: Date): void {
      insert.run({ hash: tokenHash, createdAt: formatTimestamp(createdAt), expiresAt: formatTimestamp(expiresAt) });
    },
    deleteSession(tokenHash: string): void {
      remove.run(tokenHash);
    },
    deleteExpiredSessions(now: Date): number {
      return removeExpired.run(formatTimestamp(now)).changes;
    },
  };
}
