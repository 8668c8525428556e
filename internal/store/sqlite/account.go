package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// sessionCols is what a sessionScan reads, after a user's columns.
const sessionCols = `s.token_hash, s.created_at, s.expires_at, s.last_seen_at, s.client_ip, s.user_agent`

// sessionScan receives the columns of sessionCols.
type sessionScan struct {
	hash             string
	created, expires int64
	seen             sql.NullInt64
	clientIP, agent  string
}

func (c *sessionScan) dest() []any {
	return []any{&c.hash, &c.created, &c.expires, &c.seen, &c.clientIP, &c.agent}
}

func (c *sessionScan) session(userID int64) model.Session {
	return model.Session{TokenHash: c.hash, UserID: userID, Created: time.UnixMicro(c.created).UTC(),
		Expires: time.UnixMicro(c.expires).UTC(), LastSeen: fromMicros(c.seen), ClientIP: c.clientIP, UserAgent: c.agent}
}

// keepsAnAdmin fails with ErrLastAdmin unless an enabled admin other than
// id exists. Called inside the writing transaction: SQLite has one writer
// at a time, so the answer holds until the change commits.
func keepsAnAdmin(ctx context.Context, tx *sql.Tx, id int64) error {
	var role string
	var disabled bool
	err := tx.QueryRowContext(ctx, `SELECT role, disabled FROM users WHERE id = ?`, id).Scan(&role, &disabled)
	if err != nil {
		return notFound(err)
	}
	if role != string(model.RoleAdmin) || disabled {
		return nil // not an enabled admin: changing it removes none
	}
	var others int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE role = 'admin' AND disabled = 0 AND id <> ?`,
		id).Scan(&others); err != nil {
		return err
	}
	if others == 0 {
		return store.ErrLastAdmin
	}
	return nil
}

// inTx runs fn in a write transaction, committing when it returns nil.
func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// SetUserRole changes a user's role, keeping an enabled admin.
func (s *Store) SetUserRole(ctx context.Context, id int64, role model.Role) error {
	what := fmt.Sprintf("sqlite: set role of user %d", id)
	if _, err := model.ParseRole(string(role)); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if role != model.RoleAdmin {
			if err := keepsAnAdmin(ctx, tx, id); err != nil {
				return err
			}
		}
		res, err := tx.ExecContext(ctx, `UPDATE users SET role = ? WHERE id = ?`, string(role), id)
		if err != nil {
			return err
		}
		return changed(res)
	})
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// SetUserDisabled disables (ending every session) or enables a user.
func (s *Store) SetUserDisabled(ctx context.Context, id int64, disabled bool) error {
	what := fmt.Sprintf("sqlite: disable user %d", id)
	if !disabled {
		what = fmt.Sprintf("sqlite: enable user %d", id)
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if disabled {
			if err := keepsAnAdmin(ctx, tx, id); err != nil {
				return err
			}
		}
		res, err := tx.ExecContext(ctx, `UPDATE users SET disabled = ? WHERE id = ?`, disabled, id)
		if err != nil {
			return err
		}
		if err := changed(res); err != nil {
			return err
		}
		if disabled {
			if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, id); err != nil {
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

// changed turns "no row changed" into ErrNotFound, inside a transaction
// whose error the caller words.
func changed(res sql.Result) error {
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return store.ErrNotFound
	}
	return nil
}

// isForeignKey tells a FOREIGN KEY violation from other errors.
func isForeignKey(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code() == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY
}

// DeleteUser deletes a user; the schema's ON DELETE rules end their
// sessions and unlink their comments and audit entries.
func (s *Store) DeleteUser(ctx context.Context, id int64) error {
	what := fmt.Sprintf("sqlite: delete user %d", id)
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := keepsAnAdmin(ctx, tx, id); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM users WHERE id = ?`, id)
		if isForeignKey(err) {
			return store.ErrInUse
		}
		if err != nil {
			return err
		}
		return changed(res)
	})
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// TouchSession records activity on a session and on its user.
func (s *Store) TouchSession(ctx context.Context, tokenHash string, at time.Time) error {
	at = at.UTC()
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var userID int64
		err := tx.QueryRowContext(ctx, `UPDATE sessions SET last_seen_at = ? WHERE token_hash = ? RETURNING user_id`,
			at.UnixMicro(), tokenHash).Scan(&userID)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE users SET last_seen_at = max(coalesce(last_seen_at, 0), ?) WHERE id = ?`,
			at.UnixMicro(), userID)
		return err
	})
	if err != nil {
		// The hash is the session's secret: it stays out of the message.
		return fmt.Errorf("sqlite: touch session: %w", err)
	}
	return nil
}

// ListSessions returns a user's live sessions, the most recently used
// first.
func (s *Store) ListSessions(ctx context.Context, userID int64, now time.Time) ([]model.Session, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+sessionCols+` FROM sessions s
		WHERE s.user_id = ? AND s.expires_at > ?
		ORDER BY coalesce(s.last_seen_at, s.created_at) DESC, s.created_at DESC, s.token_hash`,
		userID, now.UnixMicro())
	if err != nil {
		return nil, fmt.Errorf("sqlite: list sessions of user %d: %w", userID, err)
	}
	defer rows.Close()
	out := []model.Session{}
	for rows.Next() {
		var sc sessionScan
		if err := rows.Scan(sc.dest()...); err != nil {
			return nil, fmt.Errorf("sqlite: list sessions of user %d: %w", userID, err)
		}
		out = append(out, sc.session(userID))
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: list sessions of user %d: %w", userID, err)
	}
	return out, nil
}

// DeleteOtherSessions ends a user's sessions but the one kept.
func (s *Store) DeleteOtherSessions(ctx context.Context, userID int64, keepTokenHash string) (int, error) {
	res, err := s.w.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?`, userID, keepTokenHash)
	if err != nil {
		return 0, fmt.Errorf("sqlite: end sessions of user %d: %w", userID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("sqlite: end sessions of user %d: %w", userID, err)
	}
	return int(n), nil
}
