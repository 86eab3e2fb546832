// Databases as big in rows as issue 10's (50,000 files, a 50,000-row download
// history), written straight into SQLite in one transaction: seconds, where
// uploading them would take an hour. The schema must exist already.
import Database from 'better-sqlite3';

export interface SeedOptions {
  files: number;
  /** History rows, all for the entry `historyEntryId`. */
  historyRows: number;
  /** Distinct client IPs among them: 1 is a flood from one address. */
  historyIps: number;
  historyEntryId: string;
  /** A guest link without limits, for guest uploads. */
  guestLinkId?: string;
  userAgent: (row: number) => string;
}

const stamp = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Valid entry IDs (the ID alphabet's lower-case letters) for row `n`. */
function entryId(n: number): string {
  const letters = 'abcdefghijkmnopqrstuvwxyz';
  let id = '';
  for (let i = 0, rest = n; i < 10; i++, rest = Math.floor(rest / letters.length)) id += letters[rest % letters.length];
  return id;
}

export function seedRows(dbPath: string, options: SeedOptions): void {
  const db = new Database(dbPath);
  try {
    const entry = db.prepare(`INSERT INTO entries (id, filename, content_type, upload_time, expiration_time, guest_link_id, note)
      VALUES (?, ?, 'text/plain', ?, '2999-12-31T00:00:00Z', NULL, ?)`);
    const chunk = db.prepare('INSERT INTO entries_data (id, chunk_index, chunk) VALUES (?, 0, ?)');
    const download = db.prepare('INSERT INTO downloads (entry_id, download_timestamp, client_ip, user_agent) VALUES (?, ?, ?, ?)');
    const bytes = Buffer.from('seeded file body');
    const base = Date.parse('2025-01-01T00:00:00Z');
    db.transaction(() => {
      for (let n = 0; n < options.files; n++) {
        const id = entryId(n + 1);
        entry.run(id, `holiday-photo-${n}.jpg`, stamp(base + n * 60_000), n % 3 === 0 ? `note ${n}` : null);
        chunk.run(id, bytes);
      }
      entry.run(options.historyEntryId, 'popular.iso', stamp(base), null);
      chunk.run(options.historyEntryId, bytes);
      for (let n = 0; n < options.historyRows; n++) {
        const ip = n % options.historyIps;
        download.run(options.historyEntryId, stamp(base + n * 61_000), `10.${(ip >> 16) & 255}.${(ip >> 8) & 255}.${ip & 255}`, options.userAgent(n));
      }
      if (options.guestLinkId) {
        db.prepare(
          `INSERT INTO guest_links (id, label, max_file_bytes, max_file_uploads, creation_time, url_expiration_time, file_expiration_time, is_disabled)
           VALUES (?, 'seeded', NULL, NULL, '2025-01-01T00:00:00Z', '2999-12-31T00:00:00Z', '876000h0m0s', 0)`,
        ).run(options.guestLinkId);
      }
    })();
  } finally {
    db.close();
  }
}
