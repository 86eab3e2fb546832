-- Issue 17: integrity and bundles, in tables of our own so that upstream can
-- still open the database. Rows follow their entry out (ON DELETE CASCADE):
-- an entry ID drawn again later must never inherit a digest or a bundle.

-- A file's SHA-256 and CRC-32 (the zip's checksum), computed as its bytes were
-- stored, or afterwards by reading them back (files from upstream).
CREATE TABLE entry_digests (
    entry_id TEXT PRIMARY KEY REFERENCES entries (id) ON DELETE CASCADE,
    sha256 BLOB NOT NULL CHECK (length(sha256) = 32),
    crc32 INTEGER NOT NULL CHECK (crc32 BETWEEN 0 AND 4294967295),
    computed_at TEXT NOT NULL
) STRICT;

-- Several files behind one link. guest_link_id is set for a bundle a guest
-- made of their own just-uploaded files.
CREATE TABLE bundles (
    id TEXT PRIMARY KEY,
    title TEXT,
    created_time TEXT NOT NULL,
    guest_link_id TEXT
) STRICT;

CREATE INDEX idx_bundles_created_time ON bundles (created_time DESC, id);

CREATE TABLE bundle_entries (
    bundle_id TEXT NOT NULL REFERENCES bundles (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    entry_id TEXT NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    PRIMARY KEY (bundle_id, position)
) STRICT;

CREATE INDEX idx_bundle_entries_entry ON bundle_entries (entry_id);
