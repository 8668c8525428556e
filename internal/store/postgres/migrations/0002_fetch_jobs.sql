-- Fetches become jobs: one row per source says when its next fetch is
-- due and, while a worker runs it, who holds it and until when. A worker
-- that dies leaves its lease to expire, and the fetch runs again.
CREATE TABLE fetch_jobs (
    source_id    BIGINT PRIMARY KEY REFERENCES sources (id) ON DELETE CASCADE,
    run_at       TIMESTAMPTZ NOT NULL,
    attempts     INTEGER     NOT NULL DEFAULT 0, -- claims since the last recorded outcome
    locked_by    TEXT        NOT NULL DEFAULT '',
    locked_until TIMESTAMPTZ
);

CREATE INDEX fetch_jobs_due ON fetch_jobs (run_at);

INSERT INTO fetch_jobs (source_id, run_at)
SELECT id, COALESCE(next_fetch_at, created_at) FROM sources;

DROP INDEX sources_next_fetch;
ALTER TABLE sources DROP COLUMN next_fetch_at;

-- Per-source settings: fetch interval in seconds (0: the site default)
-- and when to extract full articles.
ALTER TABLE sources ADD COLUMN fetch_interval INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sources ADD COLUMN extract_mode   TEXT    NOT NULL DEFAULT 'auto';
ALTER TABLE sources ADD COLUMN extract_error  TEXT    NOT NULL DEFAULT '';
