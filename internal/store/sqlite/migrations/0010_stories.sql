-- Stories: clustering groups the articles about one event. Story IDs are
-- handed out by the clustering engine, so the table has no AUTOINCREMENT.
-- The counts, first report and lead are kept by the store each time
-- clustering touches a story, so listings need no aggregation.
CREATE TABLE stories (
    id               INTEGER PRIMARY KEY,
    lead_article_id  INTEGER,
    image_article_id INTEGER,
    first_article_id INTEGER,
    articles         INTEGER NOT NULL DEFAULT 0,
    sources          INTEGER NOT NULL DEFAULT 0,
    independent      INTEGER NOT NULL DEFAULT 0,
    first_published  INTEGER NOT NULL DEFAULT 0,
    last_published   INTEGER NOT NULL DEFAULT 0,
    category_id      INTEGER REFERENCES categories (id) ON DELETE SET NULL,
    -- Set when later articles showed the story to be part of another.
    merged_into      INTEGER
);

CREATE INDEX stories_updated ON stories (last_published DESC, id DESC) WHERE merged_into IS NULL;

-- dup_of: an earlier article whose text this one republishes.
-- cluster_pending: clustering has not seen the article yet; every article,
-- the ones stored before this migration included, starts pending.
ALTER TABLE articles ADD COLUMN dup_of INTEGER REFERENCES articles (id) ON DELETE SET NULL;
ALTER TABLE articles ADD COLUMN cluster_pending INTEGER NOT NULL DEFAULT 1;

CREATE INDEX articles_cluster_pending ON articles (published_at, id) WHERE cluster_pending = 1;
CREATE INDEX articles_story ON articles (story_id, published_at) WHERE story_id IS NOT NULL;
CREATE INDEX articles_dup_of ON articles (dup_of) WHERE dup_of IS NOT NULL;

-- People, organizations and places, one row per slug.
CREATE TABLE entities (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    slug     TEXT    NOT NULL UNIQUE CHECK (slug <> ''),
    name     TEXT    NOT NULL,
    kind     TEXT    NOT NULL CHECK (kind IN ('person', 'organization', 'place', 'other')),
    articles INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE article_entities (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    entity_id  INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
    mentions   INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (article_id, entity_id)
) WITHOUT ROWID;

CREATE INDEX article_entities_entity ON article_entities (entity_id, article_id);
