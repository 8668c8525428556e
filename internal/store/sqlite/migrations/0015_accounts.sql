-- Accounts: an account can be disabled (it keeps its work but cannot
-- sign in), and the store remembers when each account and each session
-- was last used, for the idle timeout and the users page. A zero
-- last_seen_at means "not since it was created". Sessions also keep the
-- address and browser they were started from, so their owner can tell
-- them apart.

ALTER TABLE users ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1));
ALTER TABLE users ADD COLUMN last_seen_at INTEGER;

ALTER TABLE sessions ADD COLUMN last_seen_at INTEGER;
ALTER TABLE sessions ADD COLUMN client_ip TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';
