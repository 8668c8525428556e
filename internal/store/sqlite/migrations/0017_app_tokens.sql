-- App tokens: secrets an account hands to programs (API scripts, feed
-- reader apps). Only hashes are kept: the SHA-256 of the secret and, for
-- reader tokens, of the Fever api_key derived from it. Deleting the
-- account deletes its tokens. A NULL last_used_at means "never used".

CREATE TABLE app_tokens (
    id             INTEGER PRIMARY KEY,
    user_id        INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name           TEXT    NOT NULL,
    scope          TEXT    NOT NULL CHECK (scope IN ('api', 'reader')),
    secret_hash    TEXT    NOT NULL UNIQUE,
    fever_key_hash TEXT    UNIQUE,
    created_at     INTEGER NOT NULL,
    last_used_at   INTEGER,
    UNIQUE (user_id, name)
);
