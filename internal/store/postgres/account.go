package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// sessionCols is what a sessionScan reads, after a user's columns.
const sessionCols = `s.token_hash, s.created_at, s.expires_at, s.last_seen_at, s.client_ip, s.user_agent`

// sessionScan receives the columns of sessionCols.
type sessionScan struct {
	hash             string
	created, expires time.Time
	seen             *time.Time
	clientIP, agent  string
}

func (c *sessionScan) dest() []any {
	return []any{&c.hash, &c.created, &c.expires, &c.seen, &c.clientIP, &c.agent}
}

func (c *sessionScan) session(userID int64) model.Session {
	return model.Session{TokenHash: c.hash, UserID: userID, Created: c.created.UTC(), Expires: c.expires.UTC(),
		LastSeen: fromTS(c.seen), ClientIP: c.clientIP, UserAgent: c.agent}
}

// keepsAnAdmin fails with ErrLastAdmin unless an enabled admin other than
// id exists. It locks the enabled admins' rows until the transaction
// ends, so a concurrent change to another admin waits, then sees this
// one's outcome: two admins demoting each other at once cannot both
// succeed.
func keepsAnAdmin(ctx context.Context, tx pgx.Tx, id int64) error {
	rows, err := tx.Query(ctx, `SELECT id FROM users WHERE role = 'admin' AND NOT disabled ORDER BY id FOR UPDATE`)
	if err != nil {
		return err
	}
	admins, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return err
	}
	var exists bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM users WHERE id = $1)`, id).Scan(&exists); err != nil {
		return err
	}
	if !exists {
		return store.ErrNotFound
	}
	for _, a := range admins {
		if a != id {
			return nil // another enabled admin stays
		}
	}
	if len(admins) == 1 {
		return store.ErrLastAdmin
	}
	return nil // id is not an enabled admin: changing it removes none
}

// SetUserRole changes a user's role, keeping an enabled admin.
func (s *Store) SetUserRole(ctx context.Context, id int64, role model.Role) error {
	what := fmt.Sprintf("postgres: set role of user %d", id)
	if _, err := model.ParseRole(string(role)); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if role != model.RoleAdmin {
			if err := keepsAnAdmin(ctx, tx, id); err != nil {
				return err
			}
		}
		tag, err := tx.Exec(ctx, `UPDATE users SET role = $2 WHERE id = $1`, id, string(role))
		if err == nil && tag.RowsAffected() == 0 {
			err = store.ErrNotFound
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// SetUserDisabled disables (ending every session) or enables a user.
func (s *Store) SetUserDisabled(ctx context.Context, id int64, disabled bool) error {
	what := fmt.Sprintf("postgres: disable user %d", id)
	if !disabled {
		what = fmt.Sprintf("postgres: enable user %d", id)
	}
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if disabled {
			if err := keepsAnAdmin(ctx, tx, id); err != nil {
				return err
			}
		}
		tag, err := tx.Exec(ctx, `UPDATE users SET disabled = $2 WHERE id = $1`, id, disabled)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return store.ErrNotFound
		}
		if disabled {
			if _, err := tx.Exec(ctx, `DELETE FROM sessions WHERE user_id = $1`, id); err != nil {
				return fmt.Errorf("end sessions: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// DeleteUser deletes a user; the schema's ON DELETE rules end their
// sessions and unlink their comments and audit entries.
func (s *Store) DeleteUser(ctx context.Context, id int64) error {
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if err := keepsAnAdmin(ctx, tx, id); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `DELETE FROM users WHERE id = $1`, id)
		if isForeignKey(err) {
			return store.ErrInUse
		}
		if err == nil && tag.RowsAffected() == 0 {
			err = store.ErrNotFound
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("postgres: delete user %d: %w", id, err)
	}
	return nil
}

// TouchSession records activity on a session and on its user.
func (s *Store) TouchSession(ctx context.Context, tokenHash string, at time.Time) error {
	if !store.Findable(tokenHash) {
		return nil
	}
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var userID int64
		err := tx.QueryRow(ctx, `UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1 RETURNING user_id`,
			tokenHash, at.UTC()).Scan(&userID)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE users SET last_seen_at = GREATEST(last_seen_at, $2::timestamptz) WHERE id = $1`,
			userID, at.UTC())
		return err
	})
	if err != nil {
		// The hash is the session's secret: it stays out of the message.
		return fmt.Errorf("postgres: touch session: %w", err)
	}
	return nil
}

// ListSessions returns a user's live sessions, the most recently used
// first.
func (s *Store) ListSessions(ctx context.Context, userID int64, now time.Time) ([]model.Session, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+sessionCols+` FROM sessions s
		WHERE s.user_id = $1 AND s.expires_at > $2
		ORDER BY COALESCE(s.last_seen_at, s.created_at) DESC, s.created_at DESC, s.token_hash`, userID, now.UTC())
	if err != nil {
		return nil, fmt.Errorf("postgres: list sessions of user %d: %w", userID, err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (model.Session, error) {
		var sc sessionScan
		if err := r.Scan(sc.dest()...); err != nil {
			return model.Session{}, err
		}
		return sc.session(userID), nil
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: list sessions of user %d: %w", userID, err)
	}
	if out == nil {
		out = []model.Session{}
	}
	return out, nil
}

// DeleteOtherSessions ends a user's sessions but the one kept.
func (s *Store) DeleteOtherSessions(ctx context.Context, userID int64, keepTokenHash string) (int, error) {
	if !store.Findable(keepTokenHash) {
		keepTokenHash = ""
	}
	tag, err := s.pool.Exec(ctx, `DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2`, userID, keepTokenHash)
	if err != nil {
		return 0, fmt.Errorf("postgres: end sessions of user %d: %w", userID, err)
	}
	return int(tag.RowsAffected()), nil
}
