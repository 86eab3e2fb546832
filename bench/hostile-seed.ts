// The data half of `npm run bench -- --hostile`: a database as big in rows as
// the (50,000 files, a 50,000-row download history), written straight
// into SQLite before the server starts, so seeding costs seconds, not an hour
// of uploads.
import Database from 'better-sqlite3';
import { builtFile } from './built.js';

export const SEEDED_FILES = 50_000;
export const SEEDED_HISTORY_ROWS = 50_000;
// The ID alphabet's letters only: valid IDs whatever the server's checks.
const GUEST_LINK_ID = 'hostyguestpagexy';
export const HISTORY_ENTRY_ID = 'historyaaa';

export interface Seeded {
  guestLinkId: string;
  historyEntryId: string;
}

const quietLog = { info() {}, warn() {}, error() {}, debug() {}, child: () => quietLog };

function entryId(n: number): string {
  const letters = 'abcdefghijkmnopqrstuvwxyz';
  let id = '';
  for (let i = 0, rest = n; i < 10; i++, rest = Math.floor(rest / letters.length)) id += letters[rest % letters.length];
  return id;
}

/** Creates the schema as the server would, then fills it in one transaction. */
export async function seedDatabase(dbPath: string): Promise<Seeded> {
  const { openReadConnection } = (await import(builtFile('store/database.js'))) as {
    openReadConnection(path: string, options: { litestream: boolean }, log: unknown): { close(): void };
  };
  openReadConnection(dbPath, { litestream: false }, quietLog).close();

  const db = new Database(dbPath);
  try {
    const entry = db.prepare(
      "INSERT INTO entries (id, filename, content_type, upload_time, expiration_time, guest_link_id, note) VALUES (?, ?, 'text/plain', ?, '2999-12-31T00:00:00Z', NULL, NULL)",
    );
    const chunk = db.prepare('INSERT INTO entries_data (id, chunk_index, chunk) VALUES (?, 0, ?)');
    const download = db.prepare('INSERT INTO downloads (entry_id, download_timestamp, client_ip, user_agent) VALUES (?, ?, ?, ?)');
    const bytes = Buffer.from('seeded file body');
    db.transaction(() => {
      for (let n = 0; n < SEEDED_FILES; n++) {
        const id = n === 0 ? HISTORY_ENTRY_ID : entryId(n);
        const time = new Date(Date.UTC(2025, 0, 1) + n * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
        entry.run(id, `seeded-file-${n}.txt`, time);
        chunk.run(id, bytes);
      }
      // Long user agents, as an attacker sends them (cut to 256 bytes when the server stores them).
      const agent = `Mozilla/5.0 ${'Version/1 '.repeat(24)}`;
      for (let n = 0; n < SEEDED_HISTORY_ROWS; n++) {
        const time = new Date(Date.UTC(2025, 6, 1) + n * 61_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
        download.run(HISTORY_ENTRY_ID, time, `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`, agent);
      }
      db.prepare(
        `INSERT INTO guest_links (id, label, max_file_bytes, max_file_uploads, creation_time, url_expiration_time, file_expiration_time, is_disabled)
         VALUES (?, 'hostile', NULL, NULL, '2025-01-01T00:00:00Z', '2999-12-31T00:00:00Z', '876000h0m0s', 0)`,
      ).run(GUEST_LINK_ID);
    })();
  } finally {
    db.close();
  }
  return { guestLinkId: GUEST_LINK_ID, historyEntryId: HISTORY_ENTRY_ID };
}
