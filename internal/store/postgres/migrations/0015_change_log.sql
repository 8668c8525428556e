-- The change log: a row for every change to what public pages show,
-- written by triggers so that no writer (this process, a CLI command,
-- another server on the same database) can change a page without saying
-- so. Render caches read it after a sequence number and drop the pages
-- the rows name (internal/store/changes.go has the kinds and what they
-- mean). ref_id is the article (kinds article, comment, carrier) or the
-- story (story); story_id and category are the article's story and
-- category slug. Other kinds name a table whose rows every page may show
-- (settings, categories, sources, images, entities): a reader drops
-- everything for them.
--
-- Sequence numbers are handed out when a row is written, not when its
-- transaction commits, so a reader may see 11 before 10 commits; readers
-- keep a gap open for a while (internal/web/rendercache_watch.go).
CREATE TABLE change_log (
    seq      BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind     TEXT        NOT NULL,
    ref_id   BIGINT      NOT NULL DEFAULT 0,
    story_id BIGINT      NOT NULL DEFAULT 0,
    category TEXT        NOT NULL DEFAULT '',
    at       TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
);

CREATE INDEX change_log_at ON change_log (at);

CREATE FUNCTION change_log_article() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO change_log (kind, ref_id, story_id, category) VALUES ('article', NEW.id,
            COALESCE(NEW.story_id, 0), COALESCE((SELECT slug FROM categories WHERE id = NEW.category_id), ''));
    END IF;
    -- An article leaving a story or a section (or deleted) changes the
    -- pages of the old ones too.
    IF TG_OP = 'DELETE' OR (OLD.story_id IS NOT NULL AND OLD.story_id IS DISTINCT FROM NEW.story_id)
       OR (OLD.category_id IS NOT NULL AND OLD.category_id IS DISTINCT FROM NEW.category_id) THEN
        INSERT INTO change_log (kind, ref_id, story_id, category) VALUES ('article', OLD.id,
            COALESCE(OLD.story_id, 0), COALESCE((SELECT slug FROM categories WHERE id = OLD.category_id), ''));
    END IF;
    -- The article another one republishes lists it among its copies.
    IF TG_OP <> 'DELETE' AND NEW.dup_of IS NOT NULL AND
       (TG_OP = 'INSERT' OR NEW.dup_of IS DISTINCT FROM OLD.dup_of) THEN
        INSERT INTO change_log (kind, ref_id) VALUES ('article', NEW.dup_of);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER change_article AFTER INSERT OR UPDATE OR DELETE ON articles
    FOR EACH ROW EXECUTE FUNCTION change_log_article();

-- kind, then the column holding the row's article or story (or none).
CREATE FUNCTION change_log_ref() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r RECORD;
    ref BIGINT := 0;
BEGIN
    IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
    IF TG_NARGS > 1 THEN
        ref := (to_jsonb(r) ->> TG_ARGV[1])::BIGINT;
    END IF;
    INSERT INTO change_log (kind, ref_id) VALUES (TG_ARGV[0], COALESCE(ref, 0));
    RETURN NULL;
END $$;

CREATE TRIGGER change_carrier AFTER INSERT OR DELETE ON article_sources
    FOR EACH ROW EXECUTE FUNCTION change_log_ref('carrier', 'article_id');
CREATE TRIGGER change_story AFTER INSERT OR UPDATE OR DELETE ON stories
    FOR EACH ROW EXECUTE FUNCTION change_log_ref('story', 'id');
CREATE TRIGGER change_comment AFTER INSERT OR UPDATE OR DELETE ON comments
    FOR EACH ROW EXECUTE FUNCTION change_log_ref('comment', 'article_id');

-- Site-wide tables. A source's fetch bookkeeping (times, errors, ETag)
-- is not shown on public pages and changes on every fetch, so only the
-- columns pages show count.
CREATE TRIGGER change_settings AFTER INSERT OR DELETE ON settings
    FOR EACH ROW EXECUTE FUNCTION change_log_ref('settings');
CREATE TRIGGER change_settings_update AFTER UPDATE ON settings
    FOR EACH ROW WHEN (OLD.value IS DISTINCT FROM NEW.value) EXECUTE FUNCTION change_log_ref('settings');
CREATE TRIGGER change_categories AFTER INSERT OR UPDATE OR DELETE ON categories
    FOR EACH ROW EXECUTE FUNCTION change_log_ref('categories');
CREATE TRIGGER change_sources AFTER INSERT OR DELETE ON sources
    FOR EACH ROW EXECUTE FUNCTION change_log_ref('sources');
CREATE TRIGGER change_sources_update AFTER UPDATE OF name, site_url, feed_url, category, disabled ON sources
    FOR EACH ROW EXECUTE FUNCTION change_log_ref('sources');
CREATE TRIGGER change_images AFTER INSERT OR UPDATE OR DELETE ON images
    FOR EACH ROW EXECUTE FUNCTION change_log_ref('images');
CREATE TRIGGER change_entities AFTER UPDATE OF name, kind OR DELETE ON entities
    FOR EACH ROW EXECUTE FUNCTION change_log_ref('entities');
