-- Photos uploaded through the editorial desk. The upload itself is not
-- kept, only the variants internal/media re-encoded from it (which is
-- what strips its metadata); sha256 is the upload's digest, so the same
-- photo uploaded twice is stored once. Variants hold their bytes: a
-- photo's five sizes weigh about a megabyte, and keeping them in the
-- database keeps backups and replicas whole.

CREATE TABLE images (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    sha256        TEXT    NOT NULL UNIQUE CHECK (length(sha256) = 64),
    content_type  TEXT    NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png')),
    width         INTEGER NOT NULL CHECK (width > 0),
    height        INTEGER NOT NULL CHECK (height > 0),
    source_format TEXT    NOT NULL DEFAULT '',
    source_bytes  INTEGER NOT NULL DEFAULT 0,
    filename      TEXT    NOT NULL DEFAULT '',
    uploaded_by   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at    INTEGER NOT NULL
);

CREATE INDEX images_newest ON images (created_at DESC, id DESC);
CREATE INDEX images_uploader ON images (uploaded_by, created_at DESC, id DESC);

CREATE TABLE image_variants (
    image_id INTEGER NOT NULL REFERENCES images (id) ON DELETE CASCADE,
    width    INTEGER NOT NULL CHECK (width > 0),
    height   INTEGER NOT NULL CHECK (height > 0),
    size     INTEGER NOT NULL CHECK (size > 0),
    bytes    BLOB    NOT NULL,
    PRIMARY KEY (image_id, width)
) WITHOUT ROWID;
