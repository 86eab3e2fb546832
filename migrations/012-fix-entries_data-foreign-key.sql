-- Point entries_data back at entries (see 003), dropping chunks of files that no
-- longer exist.
CREATE TABLE new_entries_data (
    id TEXT,
    chunk_index INTEGER,
    chunk BLOB,
    FOREIGN KEY (id) REFERENCES entries (id)
);

INSERT INTO new_entries_data
SELECT id, chunk_index, chunk
FROM entries_data
WHERE id IN (SELECT id FROM entries);

DROP TABLE entries_data;

ALTER TABLE new_entries_data RENAME TO entries_data;
