-- Curation: editors hide or feature articles, hide or pin stories, and
-- disable sources. Hidden rows stay stored (an editor can restore them)
-- but leave every public read. featured_at and pinned_at are NULL when
-- the article is not featured or the story not pinned; pins are shown in
-- pinned_at order, so reordering rewrites the times.
ALTER TABLE articles ADD COLUMN hidden      BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE articles ADD COLUMN featured_at TIMESTAMPTZ;
ALTER TABLE stories  ADD COLUMN hidden      BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE stories  ADD COLUMN pinned_at   TIMESTAMPTZ;
ALTER TABLE sources  ADD COLUMN disabled    BOOLEAN NOT NULL DEFAULT FALSE;

CREATE INDEX articles_featured ON articles (featured_at DESC, id DESC) WHERE featured_at IS NOT NULL;
CREATE INDEX articles_hidden ON articles (id) WHERE hidden;
CREATE INDEX stories_pinned ON stories (pinned_at, id) WHERE pinned_at IS NOT NULL;
CREATE INDEX stories_hidden ON stories (id) WHERE hidden;
