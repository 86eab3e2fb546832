-- Resumable uploads in progress (issue 13): what a tus upload needs to survive
-- a restart. Their bytes already sit in entries_data under the same ID; the
-- entries row is written only when the last byte arrives (decision U2). Our own
-- table, so upstream still opens the database and ignores it.
CREATE TABLE tus_uploads (
    id TEXT PRIMARY KEY,
    -- Bytes durably stored: every chunk row below it holds exactly these bytes.
    upload_offset INTEGER NOT NULL DEFAULT 0,
    -- NULL while the client defers the length (creation-defer-length).
    upload_length INTEGER,
    -- The parsed Upload-Metadata (filename, content type, note, expiration) as JSON.
    metadata TEXT NOT NULL,
    guest_link_id TEXT,
    -- The client group that created it: incomplete uploads are capped per client.
    client TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE INDEX idx_tus_uploads_updated_at ON tus_uploads (updated_at);
