-- The sources that carried an article besides the one it was stored from
-- (articles.source_id, which has no row here): an article arriving
-- through several feeds is stored once and lists every source. Removing
-- a source removes its rows; removing an article removes all of them.
CREATE TABLE article_sources (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    source_id  INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    url        TEXT    NOT NULL DEFAULT '', -- the link this source gave
    guid       TEXT    NOT NULL DEFAULT '', -- the id this source gave
    seen_at    INTEGER NOT NULL,            -- unix microseconds
    PRIMARY KEY (article_id, source_id)
) WITHOUT ROWID;

-- Ingest asks which links and ids a source has carried already; removing
-- a source finds its rows.
CREATE INDEX article_sources_source_url ON article_sources (source_id, url);
CREATE INDEX article_sources_source_guid ON article_sources (source_id, guid) WHERE guid <> '';
