-- Accounts: an account can be disabled (it keeps its work but cannot
-- sign in), and the store remembers when each account and each session
-- was last used, for the idle timeout and the users page. A NULL
-- last_seen_at means "not since it was created". Sessions also keep the
-- address and browser they were started from, so their owner can tell
-- them apart.

ALTER TABLE users
    ADD COLUMN disabled     BOOLEAN NOT NULL DEFAULT false,
    ADD COLUMN last_seen_at TIMESTAMPTZ;

ALTER TABLE sessions
    ADD COLUMN last_seen_at TIMESTAMPTZ,
    ADD COLUMN client_ip    TEXT NOT NULL DEFAULT '',
    ADD COLUMN user_agent   TEXT NOT NULL DEFAULT '';
