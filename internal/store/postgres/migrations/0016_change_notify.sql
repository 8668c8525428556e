-- Servers sharing the database learn of a change at once instead of at
-- their next poll of the change log: every statement that appends to
-- change_log sends a notification on channel newsdesk_changes
-- (internal/store/postgres/notify.go listens). The payload is the
-- schema the log lives in, so that listeners of other newsdesk schemas
-- in the same database ignore it, and it is the same for every
-- statement: PostgreSQL folds identical notifications of one
-- transaction into one, so an ingest batch writing hundreds of log rows
-- sends a single notification, delivered when it commits (and never,
-- when it rolls back). Listeners read the log for what changed; the
-- notification carries nothing else.
CREATE FUNCTION change_log_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('newsdesk_changes', TG_TABLE_SCHEMA);
    RETURN NULL;
END $$;

CREATE TRIGGER change_log_notify AFTER INSERT ON change_log
    FOR EACH STATEMENT EXECUTE FUNCTION change_log_notify();
