-- Readers' comments, the newsroom's accounts and sessions, and the
-- settings an admin edits. Times are INTEGER unix microseconds (UTC).

-- Each article carries its approved comment count, kept by the store in
-- the transaction that adds or moves a comment, so listings need no join.
ALTER TABLE articles ADD COLUMN comment_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN comments_closed INTEGER NOT NULL DEFAULT 0 CHECK (comments_closed IN (0, 1));

-- email_key is the address lowercased by Go (SQLite's lower() folds ASCII
-- only): it makes addresses unique whatever their case, and finds them.
CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    email         TEXT    NOT NULL CHECK (email <> ''),
    email_key     TEXT    NOT NULL UNIQUE,
    name          TEXT    NOT NULL DEFAULT '',
    role          TEXT    NOT NULL CHECK (role IN ('admin', 'editor', 'author', 'moderator')),
    password_hash TEXT    NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL
);

CREATE INDEX users_role ON users (role, id);

-- A session is kept by the hash of its cookie's token only.
CREATE TABLE sessions (
    token_hash TEXT    PRIMARY KEY CHECK (token_hash <> ''),
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE INDEX sessions_expires ON sessions (expires_at);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY CHECK (key <> ''),
    value TEXT NOT NULL
) WITHOUT ROWID;

-- A top-level comment has no parent_id and is its own root_id, at depth 0;
-- a reply has its parent's root_id, one deeper. email_key is the email
-- lowercased by Go, for the spam rules' look-ups.
CREATE TABLE comments (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    parent_id  INTEGER REFERENCES comments (id) ON DELETE CASCADE,
    root_id    INTEGER NOT NULL,
    depth      INTEGER NOT NULL DEFAULT 0 CHECK (depth >= 0),
    status     TEXT    NOT NULL CHECK (status IN ('pending', 'approved', 'spam', 'trash')),
    name       TEXT    NOT NULL DEFAULT '',
    email      TEXT    NOT NULL DEFAULT '',
    email_key  TEXT    NOT NULL DEFAULT '',
    website    TEXT    NOT NULL DEFAULT '',
    body       TEXT    NOT NULL DEFAULT '',
    client_ip  TEXT    NOT NULL DEFAULT '',
    user_agent TEXT    NOT NULL DEFAULT '',
    user_id    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    reason     TEXT    NOT NULL DEFAULT '',
    nonce      TEXT    NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);

-- A form posted twice stores one comment, however close the two posts.
CREATE UNIQUE INDEX comments_nonce ON comments (nonce) WHERE nonce <> '';
-- An article's approved threads in order, and their count.
CREATE INDEX comments_threads ON comments (article_id, created_at, id)
    WHERE status = 'approved' AND parent_id IS NULL;
-- Every comment of the threads on a page.
CREATE INDEX comments_root ON comments (root_id, created_at, id);
-- Replies by parent: what deleting a comment's parent looks up.
CREATE INDEX comments_parent ON comments (parent_id);
-- Moderation: everything newest first, by status, by article.
CREATE INDEX comments_newest ON comments (created_at DESC, id DESC);
CREATE INDEX comments_queue ON comments (status, created_at DESC, id DESC);
CREATE INDEX comments_article ON comments (article_id, created_at DESC, id DESC);
-- The spam rules: a client's recent comments by address and by email.
CREATE INDEX comments_client_ip ON comments (client_ip, created_at);
CREATE INDEX comments_email ON comments (email_key, created_at);
