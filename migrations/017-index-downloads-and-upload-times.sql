-- Ours (issue 10); upstream ignores indexes it did not create. downloads had
-- none, so every history page, repeat check and deletion by entry_id scanned
-- the whole table. The first index serves a file's history newest first and
-- the deletion of its rows (its entry_id prefix); the second the check for a
-- repeated download and "latest per IP" (?unique=true); the third the file
-- list, newest first.
CREATE INDEX idx_downloads_entry_time ON downloads (entry_id, download_timestamp);

CREATE INDEX idx_downloads_entry_ip_time ON downloads (entry_id, client_ip, download_timestamp);

CREATE INDEX idx_entries_upload_time ON entries (upload_time DESC, id);
