CREATE TABLE guest_links (
    id TEXT PRIMARY KEY,
    label TEXT,
    max_file_bytes INTEGER,
    max_file_uploads INTEGER,
    creation_time TEXT NOT NULL,
    expiration_time TEXT
);

-- Upstream rebuilt entries to add the guest link reference. The rename also
-- repointed entries_data's foreign key at old_entries; 012 repairs that.
ALTER TABLE entries RENAME TO old_entries;

CREATE TABLE entries (
    id TEXT PRIMARY KEY,
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    upload_time TEXT NOT NULL,
    expiration_time TEXT,
    guest_link_id TEXT,
    FOREIGN KEY (guest_link_id) REFERENCES guest_links (id)
);

INSERT INTO entries
SELECT id, filename, content_type, upload_time, expiration_time, NULL
FROM old_entries;

DROP TABLE old_entries;
