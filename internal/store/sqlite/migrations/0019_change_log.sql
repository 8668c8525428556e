-- The change log: a row for every change to what public pages show,
-- written by triggers so that no writer (this process, a CLI command, a
-- second server on the same file) can change a page without saying so.
-- Render caches read it after a sequence number and drop the pages the
-- rows name (internal/store/changes.go has the kinds and what they mean).
-- ref_id is the article (kinds article, comment, carrier) or the story
-- (story); story_id and category are the article's story and category
-- slug, so pages listing a story's or a section's articles are found
-- without asking the database again. Other kinds name a table whose rows
-- every page may show (settings, categories, sources, images, entities):
-- a reader drops everything for them.
CREATE TABLE change_log (
    seq      INTEGER PRIMARY KEY AUTOINCREMENT,
    kind     TEXT    NOT NULL,
    ref_id   INTEGER NOT NULL DEFAULT 0,
    story_id INTEGER NOT NULL DEFAULT 0,
    category TEXT    NOT NULL DEFAULT '',
    at       INTEGER NOT NULL DEFAULT (CAST(unixepoch('subsec') * 1000000 AS INTEGER))
);

CREATE INDEX change_log_at ON change_log (at);

CREATE TRIGGER change_article_insert AFTER INSERT ON articles BEGIN
    INSERT INTO change_log (kind, ref_id, story_id, category) VALUES ('article', NEW.id,
        COALESCE(NEW.story_id, 0), COALESCE((SELECT slug FROM categories WHERE id = NEW.category_id), ''));
END;

CREATE TRIGGER change_article_update AFTER UPDATE ON articles BEGIN
    INSERT INTO change_log (kind, ref_id, story_id, category) VALUES ('article', NEW.id,
        COALESCE(NEW.story_id, 0), COALESCE((SELECT slug FROM categories WHERE id = NEW.category_id), ''));
END;

-- An article leaving a story or a section changes the pages of the old
-- ones too.
CREATE TRIGGER change_article_moved AFTER UPDATE OF story_id, category_id ON articles
WHEN OLD.story_id IS NOT NULL AND OLD.story_id IS NOT NEW.story_id
  OR OLD.category_id IS NOT NULL AND OLD.category_id IS NOT NEW.category_id BEGIN
    INSERT INTO change_log (kind, ref_id, story_id, category) VALUES ('article', OLD.id,
        COALESCE(OLD.story_id, 0), COALESCE((SELECT slug FROM categories WHERE id = OLD.category_id), ''));
END;

-- The article another one republishes lists it among its copies.
CREATE TRIGGER change_article_dup AFTER UPDATE OF dup_of ON articles
WHEN NEW.dup_of IS NOT NULL AND NEW.dup_of IS NOT OLD.dup_of BEGIN
    INSERT INTO change_log (kind, ref_id) VALUES ('article', NEW.dup_of);
END;

CREATE TRIGGER change_article_delete AFTER DELETE ON articles BEGIN
    INSERT INTO change_log (kind, ref_id, story_id, category) VALUES ('article', OLD.id,
        COALESCE(OLD.story_id, 0), COALESCE((SELECT slug FROM categories WHERE id = OLD.category_id), ''));
END;

CREATE TRIGGER change_carrier_insert AFTER INSERT ON article_sources BEGIN
    INSERT INTO change_log (kind, ref_id) VALUES ('carrier', NEW.article_id);
END;
CREATE TRIGGER change_carrier_delete AFTER DELETE ON article_sources BEGIN
    INSERT INTO change_log (kind, ref_id) VALUES ('carrier', OLD.article_id);
END;

CREATE TRIGGER change_story_insert AFTER INSERT ON stories BEGIN
    INSERT INTO change_log (kind, ref_id) VALUES ('story', NEW.id);
END;
CREATE TRIGGER change_story_update AFTER UPDATE ON stories BEGIN
    INSERT INTO change_log (kind, ref_id) VALUES ('story', NEW.id);
END;
CREATE TRIGGER change_story_delete AFTER DELETE ON stories BEGIN
    INSERT INTO change_log (kind, ref_id) VALUES ('story', OLD.id);
END;

CREATE TRIGGER change_comment_insert AFTER INSERT ON comments BEGIN
    INSERT INTO change_log (kind, ref_id) VALUES ('comment', NEW.article_id);
END;
CREATE TRIGGER change_comment_update AFTER UPDATE ON comments BEGIN
    INSERT INTO change_log (kind, ref_id) VALUES ('comment', NEW.article_id);
END;
CREATE TRIGGER change_comment_delete AFTER DELETE ON comments BEGIN
    INSERT INTO change_log (kind, ref_id) VALUES ('comment', OLD.article_id);
END;

-- Site-wide tables. A source's fetch bookkeeping (times, errors, ETag)
-- is not shown on public pages and changes on every fetch, so only the
-- columns pages show count.
CREATE TRIGGER change_settings_insert AFTER INSERT ON settings BEGIN
    INSERT INTO change_log (kind) VALUES ('settings');
END;
CREATE TRIGGER change_settings_update AFTER UPDATE ON settings WHEN OLD.value IS NOT NEW.value BEGIN
    INSERT INTO change_log (kind) VALUES ('settings');
END;
CREATE TRIGGER change_settings_delete AFTER DELETE ON settings BEGIN
    INSERT INTO change_log (kind) VALUES ('settings');
END;
CREATE TRIGGER change_category_insert AFTER INSERT ON categories BEGIN
    INSERT INTO change_log (kind) VALUES ('categories');
END;
CREATE TRIGGER change_category_update AFTER UPDATE ON categories BEGIN
    INSERT INTO change_log (kind) VALUES ('categories');
END;
CREATE TRIGGER change_category_delete AFTER DELETE ON categories BEGIN
    INSERT INTO change_log (kind) VALUES ('categories');
END;
CREATE TRIGGER change_source_insert AFTER INSERT ON sources BEGIN
    INSERT INTO change_log (kind) VALUES ('sources');
END;
CREATE TRIGGER change_source_update AFTER UPDATE OF name, site_url, feed_url, category, disabled ON sources BEGIN
    INSERT INTO change_log (kind) VALUES ('sources');
END;
CREATE TRIGGER change_source_delete AFTER DELETE ON sources BEGIN
    INSERT INTO change_log (kind) VALUES ('sources');
END;
CREATE TRIGGER change_image_insert AFTER INSERT ON images BEGIN
    INSERT INTO change_log (kind) VALUES ('images');
END;
CREATE TRIGGER change_image_update AFTER UPDATE ON images BEGIN
    INSERT INTO change_log (kind) VALUES ('images');
END;
CREATE TRIGGER change_image_delete AFTER DELETE ON images BEGIN
    INSERT INTO change_log (kind) VALUES ('images');
END;
CREATE TRIGGER change_entity_update AFTER UPDATE OF name, kind ON entities BEGIN
    INSERT INTO change_log (kind) VALUES ('entities');
END;
CREATE TRIGGER change_entity_delete AFTER DELETE ON entities BEGIN
    INSERT INTO change_log (kind) VALUES ('entities');
END;
