-- The audit log: every change made in the editorial desk or from the
-- shell, who made it and when. Rows are only ever added. actor keeps the
-- account's email as it was, so an entry still names its author after
-- the account is deleted (user_id then becomes NULL).

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          INTEGER NOT NULL,
    user_id     INTEGER REFERENCES users (id) ON DELETE SET NULL,
    actor       TEXT    NOT NULL DEFAULT '',
    action      TEXT    NOT NULL CHECK (action <> ''),
    target_type TEXT    NOT NULL DEFAULT '',
    target_id   INTEGER NOT NULL DEFAULT 0,
    summary     TEXT    NOT NULL DEFAULT '',
    client_ip   TEXT    NOT NULL DEFAULT ''
);

CREATE INDEX audit_log_newest ON audit_log (at DESC, id DESC);
CREATE INDEX audit_log_target ON audit_log (target_type, target_id, at DESC, id DESC);
CREATE INDEX audit_log_user ON audit_log (user_id, at DESC, id DESC);
