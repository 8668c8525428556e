-- Curation: editors hide or feature articles, hide or pin stories, and
-- disable sources. Hidden rows stay stored (an editor can restore them)
-- but leave every public read. featured_at and pinned_at are NULL when
-- the article is not featured or the story not pinned; pins are shown in
-- pinned_at order, so reordering rewrites the times.
ALTER TABLE articles ADD COLUMN hidden      INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1));
ALTER TABLE articles ADD COLUMN featured_at INTEGER;
ALTER TABLE stories  ADD COLUMN hidden      INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1));
ALTER TABLE stories  ADD COLUMN pinned_at   INTEGER;
ALTER TABLE sources  ADD COLUMN disabled    INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1));

CREATE INDEX articles_featured ON articles (featured_at DESC, id DESC) WHERE featured_at IS NOT NULL;
CREATE INDEX articles_hidden ON articles (id) WHERE hidden = 1;
CREATE INDEX stories_pinned ON stories (pinned_at, id) WHERE pinned_at IS NOT NULL;
CREATE INDEX stories_hidden ON stories (id) WHERE hidden = 1;
