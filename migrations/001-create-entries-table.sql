-- Upstream PicoShare's schema history, replayed so that a database written by any
-- upstream version (user_version 1-15) migrates forward. 001-015 follow upstream.
CREATE TABLE entries (
    id TEXT PRIMARY KEY,
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    upload_time TEXT NOT NULL,
    expiration_time TEXT
);
