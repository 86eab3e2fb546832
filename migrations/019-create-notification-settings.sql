-- Where the owner is told about guest uploads (issue 18). Our own table, one
-- row, so upstream's `settings` keeps its columns and upstream can still open
-- the database.
CREATE TABLE notification_settings (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    webhook_url TEXT,
    ntfy_url TEXT,
    notify_private_addresses INTEGER NOT NULL DEFAULT 0 CHECK (notify_private_addresses IN (0, 1))
) STRICT;
