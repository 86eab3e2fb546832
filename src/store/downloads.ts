import type { Download, NewDownload } from '../domain/download.js';
import type { EntryId } from '../domain/ids.js';
import { toPage, type Page, type PageQuery, type TimeRowidKey } from '../domain/page.js';
import { formatTimestamp, parseTimestamp } from '../domain/time.js';
import { MAX_USER_AGENT_BYTES, truncateUserAgent } from '../domain/user-agent.js';
import type { Db } from './database.js';

interface DownloadRow {
  rid: number;
  download_timestamp: string;
  client_ip: string | null;
  user_agent: string | null;
}

// Rows written before the cut (or by upstream) may hold a header of any length;
// only its first characters leave the database.
const toDownload = (row: DownloadRow): Download => ({
  time: parseTimestamp(row.download_timestamp),
  clientIp: row.client_ip,
  userAgent: truncateUserAgent(row.user_agent),
});
const keyOf = (row: DownloadRow): TimeRowidKey => [row.download_timestamp, row.rid];

// Repeats of one download (same file, IP and User-Agent) within this window are
// recorded once, so one client cannot grow a file's history without bound (issue 10).
const REPEAT_WINDOW_MS = 60_000;

// Newest first; rowid breaks ties within a second. Both orders run on
// idx_downloads_entry_time (migration 017), which holds rowid after the time.
const AFTER_KEY = 'd.download_timestamp <= :afterTime AND (d.download_timestamp < :afterTime OR d.rowid < :afterRowid)';
const UP_TO_KEY = 'd.download_timestamp > :afterTime OR (d.download_timestamp = :afterTime AND d.rowid >= :afterRowid)';
// A key before every row: the first page.
const START: TimeRowidKey = ['~', 0];
// `?unique=true`: a row is kept when no later row of the same file has its IP
// (upstream keeps each IP's most recent download). The probe is one seek in
// idx_downloads_entry_ip_time.
const LATEST_OF_ITS_IP = `NOT EXISTS (
    SELECT 1 FROM downloads n
    WHERE n.entry_id = d.entry_id AND n.client_ip IS d.client_ip
      AND n.download_timestamp >= d.download_timestamp
      AND (n.download_timestamp > d.download_timestamp OR n.rowid > d.rowid))`;
const COLUMNS = `d.rowid AS rid, d.download_timestamp, d.client_ip, substr(d.user_agent, 1, ${MAX_USER_AGENT_BYTES}) AS user_agent`;

export interface DownloadListOptions extends PageQuery<TimeRowidKey> {
  /** Only each IP's most recent download. */
  unique: boolean;
}

export function downloadReads(db: Db) {
  type Params = { id: string; afterTime: string; afterRowid: number };
  const all = db.prepare<Params & { limit: number }, DownloadRow>(`
    SELECT ${COLUMNS} FROM downloads d
    WHERE d.entry_id = :id AND ${AFTER_KEY}
    ORDER BY d.download_timestamp DESC, d.rowid DESC LIMIT :limit`);
  const allCounts = db.prepare<Params, { total: number; offset: number }>(`
    SELECT count(*) AS total, count(*) FILTER (WHERE ${UP_TO_KEY}) AS offset
    FROM downloads d WHERE d.entry_id = :id`);
  const unique = db.prepare<Params & { limit: number }, DownloadRow>(`
    SELECT ${COLUMNS} FROM downloads d
    WHERE d.entry_id = :id AND ${AFTER_KEY} AND ${LATEST_OF_ITS_IP}
    ORDER BY d.download_timestamp DESC, d.rowid DESC LIMIT :limit`);
  // An IP's latest row is at or before the key exactly when any of its rows is;
  // count(DISTINCT) skips NULL, which is one more "IP" when present.
  const distinctIps = (where: string) => `
    (SELECT count(DISTINCT d.client_ip) + max(d.client_ip IS NULL) FROM downloads d WHERE d.entry_id = :id AND ${where})`;
  const uniqueCounts = db.prepare<Params, { total: number | null; offset: number | null }>(`
    SELECT ${distinctIps('1')} AS total, ${distinctIps(`(${UP_TO_KEY})`)} AS offset`);
  const count = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM downloads WHERE entry_id = ?');
  const counts = db.prepare<[string], { entry_id: string; n: number }>(`
    SELECT entry_id, count(*) AS n FROM downloads
    WHERE entry_id IN (SELECT value FROM json_each(?)) GROUP BY entry_id`);

  return {
    /** A page of a file's history, newest first. */
    listDownloads(entryId: EntryId, options: DownloadListOptions): Page<Download, TimeRowidKey> {
      const [afterTime, afterRowid] = options.after ?? START;
      const params = { id: entryId, afterTime, afterRowid };
      const rows = (options.unique ? unique : all).all({ ...params, limit: options.limit + 1 });
      const found = (options.unique ? uniqueCounts : allCounts).get(params)!;
      return toPage(rows, options.limit, toDownload, keyOf, { total: found.total ?? 0, offset: found.offset ?? 0 });
    },
    countDownloads(entryId: EntryId): number {
      return count.get(entryId)!.n;
    },
    /** Download counts of these files (those with none are absent). */
    downloadCounts(entryIds: readonly EntryId[]): Map<string, number> {
      return new Map(counts.all(JSON.stringify(entryIds)).map((r) => [r.entry_id, r.n]));
    },
  };
}

export function downloadWrites(db: Db) {
  // The repeat check is one seek in idx_downloads_entry_ip_time (migration 017).
  const insert = db.prepare(`
    INSERT INTO downloads (entry_id, download_timestamp, client_ip, user_agent)
    SELECT :entryId, :time, :clientIp, :userAgent
    WHERE EXISTS (SELECT 1 FROM entries WHERE id = :entryId)
      AND NOT EXISTS (
        SELECT 1 FROM downloads
        WHERE entry_id = :entryId AND client_ip IS :clientIp AND download_timestamp > :since
          AND user_agent IS :userAgent)`);

  return {
    /**
     * Records a download with its User-Agent cut to a bounded length. A no-op
     * when the entry was deleted meanwhile (its history went with it) or when
     * the same client fetched it with the same User-Agent within the last minute.
     */
    recordDownload(download: NewDownload): void {
      insert.run({
        entryId: download.entryId,
        time: formatTimestamp(download.time),
        since: formatTimestamp(new Date(download.time.getTime() - REPEAT_WINDOW_MS)),
        clientIp: download.clientIp,
        userAgent: truncateUserAgent(download.userAgent),
      });
    },
  };
}
