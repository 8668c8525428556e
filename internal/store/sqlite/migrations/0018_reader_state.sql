-- What each account has read and starred through reading apps
-- (store.ReaderStateStore). Only exceptions are stored, so "mark all as
-- read" over any number of articles writes one row.

-- Read horizons: every article of the scope fetched at or before
-- read_before is read. scope 'all' has ref 0; 'source' refers to a
-- source (0: the newsroom's own articles); 'category' to a section.
-- Horizons of removed sources or sections are left behind: they cover
-- nothing and cost one row.
CREATE TABLE reader_horizons (
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    scope       TEXT    NOT NULL CHECK (scope IN ('all', 'source', 'category')),
    ref         INTEGER NOT NULL DEFAULT 0,
    read_before INTEGER NOT NULL,
    PRIMARY KEY (user_id, scope, ref)
) WITHOUT ROWID;

-- Explicit marks: read is 1 or 0 where it differs from the horizons, NULL
-- where they decide; a row with neither a read mark nor a star is
-- deleted.
CREATE TABLE reader_items (
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    read       INTEGER CHECK (read IN (0, 1)),
    starred    INTEGER NOT NULL DEFAULT 0 CHECK (starred IN (0, 1)),
    PRIMARY KEY (user_id, article_id)
) WITHOUT ROWID;

-- Deleting an article (with its source) finds its marks here.
CREATE INDEX reader_items_article ON reader_items (article_id);

-- Unread articles are those fetched after a horizon: counting them by
-- source and section reads a range of this index alone, never the table.
CREATE INDEX articles_fetched ON articles (fetched_at, source_id, category_id, hidden);
