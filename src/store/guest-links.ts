import type { GuestLink } from '../domain/guest-link.js';
import type { GuestLinkId } from '../domain/ids.js';
import { formatGoDuration, readStoredLifetime } from '../domain/lifetime.js';
import { NEVER } from '../domain/expiration.js';
import { toPage, type Page, type PageQuery, type TimeRowidKey } from '../domain/page.js';
import { formatTimestamp, parseTimestamp } from '../domain/time.js';
import type { Db } from './database.js';
import { guestFileCount } from './entries.js';

interface GuestLinkRow {
  id: string;
  label: string | null;
  max_file_bytes: number | null;
  max_file_uploads: number | null;
  creation_time: string;
  url_expiration_time: string | null;
  file_expiration_time: string | null;
  is_disabled: number;
  files_uploaded: number;
}

export interface GuestLinkWithUsage {
  link: GuestLink;
  /** Files stored through the link that still exist (expired ones do not count). */
  filesUploaded: number;
}

function toGuestLink(row: GuestLinkRow): GuestLinkWithUsage {
  return {
    link: {
      id: row.id as GuestLinkId,
      label: row.label ?? '',
      maxFileBytes: row.max_file_bytes,
      maxFileUploads: row.max_file_uploads,
      creationTime: parseTimestamp(row.creation_time),
      urlExpiration: row.url_expiration_time === null ? NEVER : parseTimestamp(row.url_expiration_time),
      fileLifetimeMs: readStoredLifetime(row.file_expiration_time),
      isDisabled: row.is_disabled === 1,
    },
    filesUploaded: row.files_uploaded,
  };
}

// Usage is counted per row, so a page costs its own rows' counts only.
const WITH_USAGE = `SELECT g.rowid AS rid, g.*, (${guestFileCount('g.id')}) AS files_uploaded FROM guest_links g`;
// Newest first, rowid (creation order) breaking ties within a second.
const AFTER_KEY = '(g.creation_time, g.rowid) < (:afterTime, :afterRowid)';
const UP_TO_KEY = '(g.creation_time, g.rowid) >= (:afterTime, :afterRowid)';
// A key before every row: the first page.
const START: TimeRowidKey = ['~', 0];

export function guestLinkReads(db: Db) {
  const byId = db.prepare<{ id: string; now: string }, GuestLinkRow>(`${WITH_USAGE} WHERE g.id = :id`);
  type Params = { afterTime: string; afterRowid: number };
  const page = db.prepare<Params & { now: string; limit: number }, GuestLinkRow & { rid: number }>(`
    ${WITH_USAGE} WHERE ${AFTER_KEY} ORDER BY g.creation_time DESC, g.rowid DESC LIMIT :limit`);
  const counts = db.prepare<Params, { total: number; offset: number }>(`
    SELECT count(*) AS total, count(*) FILTER (WHERE ${UP_TO_KEY}) AS offset FROM guest_links g`);
  return {
    findGuestLink(id: GuestLinkId, now: Date): GuestLinkWithUsage | undefined {
      const row = byId.get({ id, now: formatTimestamp(now) });
      return row && toGuestLink(row);
    },
    /** A page of guest links, newest first. */
    listGuestLinks(now: Date, options: PageQuery<TimeRowidKey>): Page<GuestLinkWithUsage, TimeRowidKey> {
      const [afterTime, afterRowid] = options.after ?? START;
      const rows = page.all({ now: formatTimestamp(now), afterTime, afterRowid, limit: options.limit + 1 });
      return toPage(rows, options.limit, toGuestLink, (r): TimeRowidKey => [r.creation_time, r.rid], counts.get({ afterTime, afterRowid })!);
    },
  };
}

export function guestLinkWrites(db: Db) {
  const insert = db.prepare(`
    INSERT INTO guest_links (id, label, max_file_bytes, max_file_uploads, creation_time,
                             url_expiration_time, file_expiration_time, is_disabled)
    VALUES (:id, :label, :maxFileBytes, :maxFileUploads, :creationTime, :urlExpiration, :fileLifetime, :isDisabled)`);
  const unlinkFiles = db.prepare('UPDATE entries SET guest_link_id = NULL WHERE guest_link_id = ?');
  const remove = db.prepare('DELETE FROM guest_links WHERE id = ?');
  const setDisabled = db.prepare('UPDATE guest_links SET is_disabled = :disabled WHERE id = :id');

  return {
    insertGuestLink(link: GuestLink): void {
      insert.run({
        ...link,
        creationTime: formatTimestamp(link.creationTime),
        urlExpiration: formatTimestamp(link.urlExpiration),
        fileLifetime: formatGoDuration(link.fileLifetimeMs),
        isDisabled: link.isDisabled ? 1 : 0,
      });
    },
    /** Deletes the link; files uploaded through it stay, unlinked (upstream A7). */
    deleteGuestLink: db.transaction((id: GuestLinkId): void => {
      unlinkFiles.run(id);
      remove.run(id);
    }),
    /** Returns false when there is no such link. */
    setGuestLinkDisabled(id: GuestLinkId, disabled: boolean): boolean {
      return setDisabled.run({ id, disabled: disabled ? 1 : 0 }).changes > 0;
    },
  };
}
