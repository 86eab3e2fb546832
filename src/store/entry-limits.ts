import type { EntryLimits, EntryLimitState } from '../domain/entry-limits.js';
import type { NewEntry } from '../domain/entry.js';
import type { EntryId, GuestLinkId } from '../domain/ids.js';
import type { Db } from './database.js';
import type { GuestLink } from '../domain/guest-link.js';
import { entryWrites } from './entries.js';
import { guestLinkWrites } from './guest-links.js';

interface LimitRow {
  entry_id: string;
  max_downloads: number | null;
  downloads_counted: number;
  passphrase_hash: string | null;
}

/** A file's limits as the download path needs them; the hash never leaves the server. */
export interface StoredLimits extends EntryLimitState {
  passphraseHash: string | null;
}

const toLimits = (row: LimitRow): StoredLimits => ({
  maxDownloads: row.max_downloads,
  downloadsCounted: row.downloads_counted,
  passphraseProtected: row.passphrase_hash !== null,
  passphraseHash: row.passphrase_hash,
});

/** What a file has changed, field by field; undefined leaves a field as it is. */
export interface LimitChanges {
  maxDownloads?: number | null;
  passphraseHash?: string | null;
}

export function entryLimitReads(db: Db) {
  const one = db.prepare<[string], LimitRow>('SELECT * FROM entry_limits WHERE entry_id = ?');
  const many = db.prepare<[string], LimitRow>(
    'SELECT * FROM entry_limits WHERE entry_id IN (SELECT value FROM json_each(?))',
  );
  const guestDefault = db.prepare<[string], { max_downloads: number }>(
    'SELECT max_downloads FROM guest_link_limits WHERE guest_link_id = ?',
  );
  const guestDefaults = db.prepare<[string], { guest_link_id: string; max_downloads: number }>(
    'SELECT guest_link_id, max_downloads FROM guest_link_limits WHERE guest_link_id IN (SELECT value FROM json_each(?))',
  );
  const secret = db.prepare<[string], { secret: string }>('SELECT secret FROM server_secrets WHERE name = ?');

  return {
    findLimits(id: EntryId): StoredLimits | undefined {
      const row = one.get(id);
      return row && toLimits(row);
    },
    /** Limits of a page of files, for the list (files without any are absent). */
    limitsOf(ids: readonly EntryId[]): Map<string, EntryLimitState> {
      return new Map(
        many.all(JSON.stringify(ids)).map((row) => {
          const { passphraseHash: _, ...state } = toLimits(row);
          return [row.entry_id, state];
        }),
      );
    },
    guestLinkMaxDownloads(id: GuestLinkId): number | null {
      return guestDefault.get(id)?.max_downloads ?? null;
    },
    guestLinkDefaults(ids: readonly GuestLinkId[]): Map<string, number> {
      return new Map(guestDefaults.all(JSON.stringify(ids)).map((r) => [r.guest_link_id, r.max_downloads]));
    },
    /** A key drawn by migration 018. */
    serverSecret(name: string): string {
      const row = secret.get(name);
      if (!row) throw new Error(`server secret ${name} is missing`);
      return row.secret;
    },
  };
}

export function entryLimitWrites(db: Db) {
  const entries = entryWrites(db);
  const guestLinks = guestLinkWrites(db);
  const upsert = db.prepare(`
    INSERT INTO entry_limits (entry_id, max_downloads, passphrase_hash) VALUES (:id, :maxDownloads, :passphraseHash)
    ON CONFLICT (entry_id) DO UPDATE SET max_downloads = :maxDownloads, passphrase_hash = :passphraseHash`);
  const current = db.prepare<[string], LimitRow>('SELECT * FROM entry_limits WHERE entry_id = ?');
  const exists = db.prepare<[string], { ok: number }>('SELECT 1 AS ok FROM entries WHERE id = ?');
  const dropEmpty = db.prepare(`
    DELETE FROM entry_limits
    WHERE entry_id = ? AND max_downloads IS NULL AND passphrase_hash IS NULL AND downloads_counted = 0`);
  const count = db.prepare('UPDATE entry_limits SET downloads_counted = downloads_counted + 1 WHERE entry_id = ?');
  const setGuestDefault = db.prepare(
    'INSERT OR REPLACE INTO guest_link_limits (guest_link_id, max_downloads) VALUES (?, ?)',
  );

  const insertLimits = (id: string, limits: EntryLimits): void => {
    if (limits.maxDownloads === null && limits.passphraseHash === null) return;
    upsert.run({ id, ...limits });
  };

  return {
    /**
     * insertEntry and insertGuestEntry with the file's limits in the same
     * transaction: a file is never visible without its limit or passphrase.
     */
    insertLimitedEntry: db.transaction((entry: NewEntry, guestMaxUploads: number | null, limits: EntryLimits): boolean => {
      if (entry.guestLinkId === null) entries.insertEntry(entry);
      else if (!entries.insertGuestEntry(entry, guestMaxUploads)) return false;
      insertLimits(entry.id, limits);
      return true;
    }),
    /** Changes a file's limit or passphrase; false when there is no such file. */
    updateEntryLimits: db.transaction((id: EntryId, changes: LimitChanges): boolean => {
      if (!exists.get(id)) return false;
      const row = current.get(id);
      upsert.run({
        id,
        maxDownloads: changes.maxDownloads !== undefined ? changes.maxDownloads : (row?.max_downloads ?? null),
        passphraseHash: changes.passphraseHash !== undefined ? changes.passphraseHash : (row?.passphrase_hash ?? null),
      });
      dropEmpty.run(id);
      return true;
    }),
    /** One more whole download received (issue 15). */
    countEntryDownload(id: EntryId): void {
      count.run(id);
    },
    /** insertGuestLink with the download limit its files get, in one transaction. */
    insertLimitedGuestLink: db.transaction((link: GuestLink, maxDownloads: number): void => {
      guestLinks.insertGuestLink(link);
      setGuestDefault.run(link.id, maxDownloads);
    }),
  };
}
