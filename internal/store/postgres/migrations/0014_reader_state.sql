-- What each account has read and starred through reading apps (see the
-- SQLite migration 0018_reader_state.sql for the design): read horizons
-- per account and scope, and explicit marks only where they differ.
CREATE TABLE reader_horizons (
    user_id     BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    scope       TEXT        NOT NULL CHECK (scope IN ('all', 'source', 'category')),
    ref         BIGINT      NOT NULL DEFAULT 0,
    read_before TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, scope, ref)
);

CREATE TABLE reader_items (
    user_id    BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    article_id BIGINT  NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    read       BOOLEAN,
    starred    BOOLEAN NOT NULL DEFAULT false,
    PRIMARY KEY (user_id, article_id)
);

CREATE INDEX reader_items_article ON reader_items (article_id);
CREATE INDEX reader_items_starred ON reader_items (user_id, article_id) WHERE starred;

CREATE INDEX articles_fetched ON articles (fetched_at) INCLUDE (source_id, category_id, hidden);
