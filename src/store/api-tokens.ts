import type { ApiToken, ApiTokenId, TokenScope } from '../domain/api-token.js';
import { toPage, type Page, type PageQuery, type TimeRowidKey } from '../domain/page.js';
import { formatTimestamp, parseTimestamp } from '../domain/time.js';
import type { Db } from './database.js';

interface ApiTokenRow {
  id: string;
  name: string;
  scope: string;
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
  revoked_at: string | null;
}

const optionalTime = (text: string | null): Date | null => (text === null ? null : parseTimestamp(text));

function toApiToken(row: ApiTokenRow): ApiToken {
  return {
    id: row.id as ApiTokenId,
    name: row.name,
    scope: row.scope as TokenScope,
    createdAt: parseTimestamp(row.created_at),
    lastUsedAt: optionalTime(row.last_used_at),
    expiresAt: optionalTime(row.expires_at),
    revokedAt: optionalTime(row.revoked_at),
  };
}

const COLUMNS = 'id, name, scope, created_at, last_used_at, expires_at, revoked_at';
// Newest first, rowid breaking ties within a second; as guest links are paged.
const START: TimeRowidKey = ['~', 0];

export function apiTokenReads(db: Db) {
  const byHash = db.prepare<{ hash: string }, ApiTokenRow>(`SELECT ${COLUMNS} FROM api_tokens WHERE token_hash = :hash`);
  const byId = db.prepare<{ id: string }, ApiTokenRow>(`SELECT ${COLUMNS} FROM api_tokens WHERE id = :id`);
  type Params = { afterTime: string; afterRowid: number };
  const page = db.prepare<Params & { limit: number }, ApiTokenRow & { rid: number }>(`
    SELECT rowid AS rid, ${COLUMNS} FROM api_tokens WHERE (created_at, rowid) < (:afterTime, :afterRowid)
    ORDER BY created_at DESC, rowid DESC LIMIT :limit`);
  const counts = db.prepare<Params, { total: number; offset: number }>(`
    SELECT count(*) AS total, count(*) FILTER (WHERE (created_at, rowid) >= (:afterTime, :afterRowid)) AS offset FROM api_tokens`);
  const live = db.prepare<{ now: string }, { n: number }>(
    'SELECT count(*) AS n FROM api_tokens WHERE revoked_at IS NULL AND (expires_at IS NULL OR expires_at > :now)',
  );
  return {
    /** The token a secret's hash names; the index lookup is the comparison, so no timing leaks the secret. */
    findApiTokenByHash(hash: string): ApiToken | undefined {
      const row = byHash.get({ hash });
      return row && toApiToken(row);
    },
    findApiToken(id: ApiTokenId): ApiToken | undefined {
      const row = byId.get({ id });
      return row && toApiToken(row);
    },
    listApiTokens(options: PageQuery<TimeRowidKey>): Page<ApiToken, TimeRowidKey> {
      const [afterTime, afterRowid] = options.after ?? START;
      const rows = page.all({ afterTime, afterRowid, limit: options.limit + 1 });
      return toPage(rows, options.limit, toApiToken, (r): TimeRowidKey => [r.created_at, r.rid], counts.get({ afterTime, afterRowid })!);
    },
    countLiveApiTokens(now: Date): number {
      return live.get({ now: formatTimestamp(now) })!.n;
    },
  };
}

export function apiTokenWrites(db: Db) {
  const insert = db.prepare(`
    INSERT INTO api_tokens (id, token_hash, name, scope, created_at, expires_at)
    VALUES (:id, :hash, :name, :scope, :createdAt, :expiresAt)`);
  const touch = db.prepare('UPDATE api_tokens SET last_used_at = :now WHERE id = :id');
  const revoke = db.prepare('UPDATE api_tokens SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL');
  const exists = db.prepare<[string], { ok: number }>('SELECT 1 AS ok FROM api_tokens WHERE id = ?');

  return {
    insertApiToken(token: Pick<ApiToken, 'id' | 'name' | 'scope' | 'createdAt' | 'expiresAt'>, hash: string): void {
      insert.run({
        id: token.id,
        hash,
        name: token.name,
        scope: token.scope,
        createdAt: formatTimestamp(token.createdAt),
        expiresAt: token.expiresAt && formatTimestamp(token.expiresAt),
      });
    },
    touchApiToken(id: ApiTokenId, now: Date): void {
      touch.run({ id, now: formatTimestamp(now) });
    },
    /** Returns false when there is no such token; revoking twice keeps the first time. */
    revokeApiToken(id: ApiTokenId, now: Date): boolean {
      revoke.run({ id, now: formatTimestamp(now) });
      return exists.get(id) !== undefined;
    },
  };
}
