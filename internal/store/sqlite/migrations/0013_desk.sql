-- The desk: articles the newsroom writes. A desk article keeps its
-- Markdown and the HTML and text rendered from it when it was saved, so
-- the scheduler publishes without rendering anything. Once published it
-- has a public row in articles (kind 'original'), which unpublishing
-- hides (articles.hidden) rather than deletes, so its address and its
-- comments survive.
CREATE TABLE desk_articles (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    author_id     INTEGER REFERENCES users (id) ON DELETE SET NULL,
    status        TEXT    NOT NULL CHECK (status IN ('draft', 'scheduled', 'published', 'unpublished')),
    title         TEXT    NOT NULL CHECK (title <> ''),
    slug          TEXT    NOT NULL UNIQUE CHECK (slug <> ''),
    excerpt       TEXT    NOT NULL DEFAULT '',
    body          TEXT    NOT NULL DEFAULT '',
    body_html     TEXT    NOT NULL DEFAULT '',
    body_text     TEXT    NOT NULL DEFAULT '',
    category      TEXT    NOT NULL DEFAULT '',
    -- Tags joined by commas; a tag never holds one.
    tags          TEXT    NOT NULL DEFAULT '',
    byline        TEXT    NOT NULL DEFAULT '',
    image_id      INTEGER REFERENCES images (id) ON DELETE SET NULL,
    image_url     TEXT    NOT NULL DEFAULT '',
    image_caption TEXT    NOT NULL DEFAULT '',
    image_credit  TEXT    NOT NULL DEFAULT '',
    credit        TEXT    NOT NULL DEFAULT '',
    credit_url    TEXT    NOT NULL DEFAULT '',
    based_on      INTEGER REFERENCES articles (id) ON DELETE SET NULL,
    language      TEXT    NOT NULL DEFAULT '',
    -- The time a scheduled article publishes itself; the publication
    -- time of a published one.
    publish_at    INTEGER,
    article_id    INTEGER REFERENCES articles (id) ON DELETE SET NULL,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    updated_by    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    version       INTEGER NOT NULL DEFAULT 1,
    CHECK (status <> 'scheduled' OR publish_at IS NOT NULL)
);

CREATE INDEX desk_articles_updated ON desk_articles (updated_at DESC, id DESC);
CREATE INDEX desk_articles_author ON desk_articles (author_id, updated_at DESC, id DESC);
-- The scheduler asks for the scheduled articles due next.
CREATE INDEX desk_articles_due ON desk_articles (publish_at, id) WHERE status = 'scheduled';

-- Every saved state of a desk article, never deleted while it lives.
-- snapshot is the JSON of its editable fields (model.DeskFields).
CREATE TABLE desk_revisions (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    desk_article_id INTEGER NOT NULL REFERENCES desk_articles (id) ON DELETE CASCADE,
    user_id         INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at      INTEGER NOT NULL,
    note            TEXT    NOT NULL DEFAULT '',
    status          TEXT    NOT NULL,
    publish_at      INTEGER,
    snapshot        TEXT    NOT NULL
);

CREATE INDEX desk_revisions_article ON desk_revisions (desk_article_id, id DESC);

-- What the public row of an original carries besides an aggregated
-- article's fields.
ALTER TABLE articles ADD COLUMN credit_url    TEXT    NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN image_caption TEXT    NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN tags          TEXT    NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN based_on      INTEGER REFERENCES articles (id) ON DELETE SET NULL;
ALTER TABLE articles ADD COLUMN author_id     INTEGER REFERENCES users (id) ON DELETE SET NULL;
ALTER TABLE articles ADD COLUMN updated_at    INTEGER;
