-- Our first addition to upstream's schema (decision A1): server-side login
-- sessions, so that logging out really ends one. Only an HMAC of each token is
-- stored, keyed with the passphrase, so changing the passphrase ends them all.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
) STRICT;
