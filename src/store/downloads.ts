import type { Download, NewDownload } from '../domain/download.js';
import type { EntryId } from '../domain/ids.js';
import { formatTimestamp, parseTimestamp } from '../domain/time.js';
import type { Db } from './database.js';

interface DownloadRow {
  download_timestamp: string;
  client_ip: string | null;
  user_agent: string | null;
}

const toDownload = (row: DownloadRow): Download => ({
  time: parseTimestamp(row.download_timestamp),
  clientIp: row.client_ip,
  userAgent: row.user_agent,
});

export function downloadReads(db: Db) {
  const forEntry = db.prepare<[string], DownloadRow>(`
    SELECT download_timestamp, client_ip, user_agent FROM downloads
    WHERE entry_id = ? ORDER BY download_timestamp DESC, rowid DESC`);
  const count = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM downloads WHERE entry_id = ?');
  const counts = db.prepare<[], { entry_id: string; n: number }>('SELECT entry_id, count(*) AS n FROM downloads GROUP BY entry_id');

  return {
    /** Newest first. */
    listDownloads(entryId: EntryId): Download[] {
      return forEntry.all(entryId).map(toDownload);
    },
    countDownloads(entryId: EntryId): number {
      return count.get(entryId)!.n;
    },
    /** Download counts of every file that has any. */
    downloadCounts(): Map<string, number> {
      return new Map(counts.all().map((r) => [r.entry_id, r.n]));
    },
  };
}

export function downloadWrites(db: Db) {
  const insert = db.prepare(`
    INSERT INTO downloads (entry_id, download_timestamp, client_ip, user_agent)
    SELECT :entryId, :time, :clientIp, :userAgent
    WHERE EXISTS (SELECT 1 FROM entries WHERE id = :entryId)`);

  return {
    /** A no-op when the entry was deleted meanwhile (its history went with it). */
    recordDownload(download: NewDownload): void {
      insert.run({ ...download, time: formatTimestamp(download.time) });
    },
  };
}
