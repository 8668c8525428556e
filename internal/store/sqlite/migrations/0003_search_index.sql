-- Full-text search. internal/search analyzes every article in Go into
-- two token streams per field, the folded words and their stems, and the
-- index holds only those tokens (contentless: the text stays in articles).
-- Phrase positions agree between the two streams of a field.
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title_x, excerpt_x, content_x,
    title_s, excerpt_s, content_s,
    -- Tokens for the filters a search can apply inside the index, where
    -- FTS5 intersects them with the words: zc<category id>, zs<source
    -- id>, zk<kind>. No word a reader types can reach this column.
    tags,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 0',
    prefix = '2 3'
);

-- Deleting an article (its source removed) takes it out of the index.
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    DELETE FROM articles_fts WHERE rowid = old.id;
END;

-- The language the index was analyzed in; the store re-indexes every
-- article when it opens in another (and after this migration, which
-- leaves the index empty).
CREATE TABLE search_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- The smallest article ID of each publication day (days since 1970, UTC).
-- A search "since T" starts its index scan at the smallest ID of the days
-- from T on: every article published since then has an ID at least that.
CREATE TABLE published_days (
    day    INTEGER PRIMARY KEY,
    min_id INTEGER NOT NULL
);

INSERT INTO published_days (day, min_id)
SELECT published_at / 86400000000, MIN(id) FROM articles GROUP BY published_at / 86400000000;

-- The first cut's lowercased copy of every article's text goes.
ALTER TABLE articles DROP COLUMN search_text;
