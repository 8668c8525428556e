-- Full-text search. internal/search analyzes every article in Go into
-- two token streams per field, the folded words and their stems; each
-- stream is stored as a tsvector built with the 'simple' configuration
-- (no further stemming or stop words), its fields weighted A (title),
-- B (excerpt), C (content). Both backends thus index the same tokens.
ALTER TABLE articles
    ADD COLUMN search_exact   tsvector NOT NULL DEFAULT ''::tsvector,
    ADD COLUMN search_stemmed tsvector NOT NULL DEFAULT ''::tsvector;

CREATE INDEX articles_search_exact ON articles USING GIN (search_exact);
CREATE INDEX articles_search_stemmed ON articles USING GIN (search_stemmed);

-- The language the index was analyzed in; the store re-indexes every
-- article when it opens in another (and after this migration).
CREATE TABLE search_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
