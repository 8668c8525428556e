-- Former addresses of public articles (see the SQLite migration
-- 0016_slug_history.sql for the design): each redirects for good to its
-- article's current slug and stays reserved for that article.
CREATE TABLE slug_history (
    old_slug   TEXT COLLATE "C" NOT NULL UNIQUE CHECK (old_slug <> ''),
    article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    changed_at TIMESTAMPTZ NOT NULL
);

CREATE INDEX slug_history_article ON slug_history (article_id);
