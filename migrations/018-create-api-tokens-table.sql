-- Scoped API tokens for scripts (issue 16), in a table of our own so upstream
-- still opens the database. Only a SHA-256 of each token is kept: the secret is
-- 32 random bytes, so a slow hash would add nothing. Revoked tokens keep their
-- row so the owner sees what was revoked and when.
CREATE TABLE api_tokens (
    id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    scope TEXT NOT NULL CHECK (scope IN ('upload', 'files', 'admin')),
    created_at TEXT NOT NULL,
    last_used_at TEXT,
    expires_at TEXT,
    revoked_at TEXT
) STRICT;

CREATE INDEX api_tokens_by_creation ON api_tokens (created_at);
