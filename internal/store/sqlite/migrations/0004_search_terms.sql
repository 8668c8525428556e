-- How many articles hold each token of the search index: each word as
-- it is written, and each stem under its key '~' || stem (not the filter
-- tags). Live search completes a word still
-- being typed from it, and ranking takes each term's rarity from it;
-- both would otherwise make FTS5 read whole doclists on every query.
-- Saving articles adds to the counts in the same transaction.
CREATE TABLE search_terms (
    term TEXT PRIMARY KEY,
    docs INTEGER NOT NULL
) WITHOUT ROWID;

-- Counted once from the index as it stands. An article holding a token
-- in several fields is counted once per field here (the table FTS5
-- offers counts per column), so the largest count stands in for it.
CREATE VIRTUAL TABLE temp.search_vocab USING fts5vocab(main, articles_fts, col);
INSERT INTO search_terms (term, docs)
SELECT CASE WHEN col IN ('title_s', 'excerpt_s', 'content_s') THEN '~' || term ELSE term END, MAX(doc)
FROM temp.search_vocab WHERE col <> 'tags' GROUP BY 1;
DROP TABLE temp.search_vocab;

-- A search ranks its newest matches by their publication time; this
-- index answers that from a few pages instead of each article's row,
-- whose long text makes reading a column after it slow.
CREATE INDEX articles_id_published ON articles (id, published_at);
