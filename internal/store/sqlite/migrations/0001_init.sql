-- Sources, categories and articles: what the first release stores.
-- Times are INTEGER unix microseconds (UTC); NULL is "never".

CREATE TABLE sources (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    feed_url        TEXT    NOT NULL UNIQUE CHECK (feed_url <> ''),
    site_url        TEXT    NOT NULL DEFAULT '',
    name            TEXT    NOT NULL DEFAULT '',
    category        TEXT    NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL,
    last_fetched_at INTEGER,
    last_success_at INTEGER,
    last_error      TEXT    NOT NULL DEFAULT '',
    error_count     INTEGER NOT NULL DEFAULT 0,
    failing_since   INTEGER,
    next_fetch_at   INTEGER,
    etag            TEXT    NOT NULL DEFAULT '',
    last_modified   TEXT    NOT NULL DEFAULT ''
);

-- The scheduler asks for the sources due next.
CREATE INDEX sources_next_fetch ON sources (next_fetch_at);

CREATE TABLE categories (
    id   INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT    NOT NULL,
    slug TEXT    NOT NULL UNIQUE
);

-- AUTOINCREMENT keeps a deleted article's ID from being handed out again:
-- IDs appear in URLs and pagination cursors.
CREATE TABLE articles (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    source_id     INTEGER REFERENCES sources (id) ON DELETE CASCADE,
    guid          TEXT    NOT NULL DEFAULT '',
    url           TEXT    NOT NULL DEFAULT '',
    canonical_url TEXT    NOT NULL DEFAULT '',
    slug          TEXT    NOT NULL UNIQUE,
    title         TEXT    NOT NULL DEFAULT '',
    excerpt       TEXT    NOT NULL DEFAULT '',
    content_html  TEXT    NOT NULL DEFAULT '',
    content_text  TEXT    NOT NULL DEFAULT '',
    byline        TEXT    NOT NULL DEFAULT '',
    published_at  INTEGER NOT NULL,
    fetched_at    INTEGER NOT NULL,
    image_url     TEXT    NOT NULL DEFAULT '',
    image_credit  TEXT    NOT NULL DEFAULT '',
    credit        TEXT    NOT NULL DEFAULT '',
    category_id   INTEGER REFERENCES categories (id) ON DELETE SET NULL,
    language      TEXT    NOT NULL DEFAULT '',
    content_hash  TEXT    NOT NULL DEFAULT '',
    kind          TEXT    NOT NULL DEFAULT 'aggregated' CHECK (kind IN ('original', 'aggregated')),
    -- Stories arrive with clustering; the foreign key comes with their table.
    story_id      INTEGER,
    -- Title, excerpt and text lowercased by Go for the first-cut word
    -- search: SQLite's own lower() and LIKE fold ASCII only.
    search_text   TEXT    NOT NULL DEFAULT ''
);

CREATE UNIQUE INDEX articles_source_guid ON articles (source_id, guid) WHERE guid <> '';
CREATE UNIQUE INDEX articles_canonical_url ON articles (canonical_url) WHERE canonical_url <> '';
CREATE INDEX articles_url ON articles (url);
CREATE INDEX articles_newest ON articles (published_at DESC, id DESC);
CREATE INDEX articles_category_newest ON articles (category_id, published_at DESC, id DESC);
CREATE INDEX articles_source_newest ON articles (source_id, published_at DESC, id DESC);
