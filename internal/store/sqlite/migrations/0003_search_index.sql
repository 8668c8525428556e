-- Full-text search. internal/search analyzes every article in Go into
-- two token streams per field, the folded words and their stems, and the
-- index holds only those tokens (contentless: the text stays in articles).
-- Phrase positions agree between the two streams of a field.
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title_x, excerpt_x, content_x,
    title_s, excerpt_s, content_s,
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

-- The first cut's lowercased copy of every article's text goes.
ALTER TABLE articles DROP COLUMN search_text;
