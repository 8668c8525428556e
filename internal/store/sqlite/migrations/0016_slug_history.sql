-- Former addresses of public articles. When the desk publishes a new
-- slug for an article that already had a public row, its old slug is
-- kept here so links shared before the change answer with a permanent
-- redirect to the new address. A former slug stays reserved for its
-- article: the desk refuses it for any other article and ingest numbers
-- around it; the article itself may take it back, which removes the row.
CREATE TABLE slug_history (
    old_slug   TEXT    NOT NULL UNIQUE CHECK (old_slug <> ''),
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    changed_at INTEGER NOT NULL
);

-- Deleting an article finds its rows through this index.
CREATE INDEX slug_history_article ON slug_history (article_id);
