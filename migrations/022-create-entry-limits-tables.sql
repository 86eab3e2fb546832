-- Ours (issue 15): download limits and passphrases, in tables upstream never
-- reads, so an upstream binary still opens the database. Each row goes with
-- its entry or guest link (foreign keys are on in every connection we open).
-- downloads_counted is the number of whole files clients have received; it
-- must survive a restart, unlike the in-memory reservations of transfers
-- still running.
CREATE TABLE entry_limits (
    entry_id TEXT PRIMARY KEY REFERENCES entries (id) ON DELETE CASCADE,
    max_downloads INTEGER,
    downloads_counted INTEGER NOT NULL DEFAULT 0,
    passphrase_hash TEXT
) STRICT;

-- The download limit a guest link gives every file uploaded through it.
CREATE TABLE guest_link_limits (
    guest_link_id TEXT PRIMARY KEY REFERENCES guest_links (id) ON DELETE CASCADE,
    max_downloads INTEGER NOT NULL
) STRICT;

-- Keys this server signs its own cookies with; drawn once, here, so they need
-- no configuration and survive restarts. Never shown to anyone.
CREATE TABLE server_secrets (
    name TEXT PRIMARY KEY,
    secret TEXT NOT NULL
) STRICT;

INSERT INTO server_secrets (name, secret) VALUES ('unlock-cookie', lower(hex(randomblob(32))));
