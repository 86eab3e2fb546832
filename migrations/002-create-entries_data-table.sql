-- File bytes, split into fixed-size rows.
CREATE TABLE entries_data (
    id TEXT,
    chunk_index INTEGER,
    chunk BLOB,
    FOREIGN KEY (id) REFERENCES entries (id)
);
