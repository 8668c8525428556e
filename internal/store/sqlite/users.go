package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// userCols is what scanUser reads.
const userCols = `u.id, u.email, u.name, u.role, u.password_hash, u.created_at, u.disabled, u.last_seen_at`

func scanUser(row interface{ Scan(...any) error }, extra ...any) (model.User, error) {
	var u model.User
	var role string
	var created int64
	var seen sql.NullInt64
	dest := append([]any{&u.ID, &u.Email, &u.Name, &role, &u.PasswordHash, &created, &u.Disabled, &seen}, extra...)
	if err := row.Scan(dest...); err != nil {
		return model.User{}, err
	}
	u.Role = model.Role(role)
	u.Created = time.UnixMicro(created).UTC()
	u.LastSeen = fromMicros(seen)
	return u, nil
}

// AddUser stores a user; the email's lowercased key makes addresses
// unique whatever their case.
func (s *Store) AddUser(ctx context.Context, u model.User) (model.User, error) {
	u, err := store.PrepareUser(u, time.Now())
	if err != nil {
		return model.User{}, fmt.Errorf("sqlite: add user: %w", err)
	}
	err = s.w.QueryRowContext(ctx, `INSERT INTO users (email, email_key, name, role, password_hash, created_at)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
		u.Email, strings.ToLower(u.Email), u.Name, string(u.Role), u.PasswordHash, u.Created.UnixMicro()).Scan(&u.ID)
	if isUnique(err) {
		return model.User{}, fmt.Errorf("sqlite: add user %q: %w", u.Email, store.ErrDuplicate)
	}
	if err != nil {
		return model.User{}, fmt.Errorf("sqlite: add user: %w", err)
	}
	return u, nil
}

// GetUser returns one user.
func (s *Store) GetUser(ctx context.Context, id int64) (model.User, error) {
	u, err := scanUser(s.r.QueryRowContext(ctx, `SELECT `+userCols+` FROM users u WHERE u.id = ?`, id))
	if err != nil {
		return model.User{}, fmt.Errorf("sqlite: get user %d: %w", id, notFound(err))
	}
	return u, nil
}

// GetUserByEmail returns the user with this email in any case.
func (s *Store) GetUserByEmail(ctx context.Context, email string) (model.User, error) {
	u, err := scanUser(s.r.QueryRowContext(ctx, `SELECT `+userCols+` FROM users u WHERE u.email_key = ?`,
		strings.ToLower(email)))
	if err != nil {
		return model.User{}, fmt.Errorf("sqlite: get user %q: %w", email, notFound(err))
	}
	return u, nil
}

// ListUsers returns every user, ordered by ID.
func (s *Store) ListUsers(ctx context.Context) ([]model.User, error) {
	out, err := s.queryUsers(ctx, `SELECT `+userCols+` FROM users u ORDER BY u.id`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list users: %w", err)
	}
	return out, nil
}

// UsersWithRoles returns the users holding any of roles, ordered by ID.
func (s *Store) UsersWithRoles(ctx context.Context, roles ...model.Role) ([]model.User, error) {
	if len(roles) == 0 {
		return []model.User{}, nil
	}
	args := make([]any, len(roles))
	for i, r := range roles {
		args[i] = string(r)
	}
	out, err := s.queryUsers(ctx, `SELECT `+userCols+` FROM users u
		WHERE u.role IN (`+placeholders(len(args))+`) ORDER BY u.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: users with roles: %w", err)
	}
	return out, nil
}

func (s *Store) queryUsers(ctx context.Context, q string, args ...any) ([]model.User, error) {
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []model.User{}
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// SetPassword replaces a user's password hash and ends every session of
// theirs in the same transaction: a changed password signs out whoever
// held the old one.
func (s *Store) SetPassword(ctx context.Context, id int64, hash string) error {
	what := fmt.Sprintf("sqlite: set password of user %d", id)
	if err := store.CheckText("password hash", hash); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ? WHERE id = ?`, hash, id)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if err := affected(res, what); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, id); err != nil {
		return fmt.Errorf("%s: end sessions: %w", what, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// isPrimaryKey tells a PRIMARY KEY violation from other errors.
func isPrimaryKey(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
}

// CreateSession stores a session: ErrNotFound when its user does not
// exist, ErrDuplicate when its token hash is stored already.
func (s *Store) CreateSession(ctx context.Context, sess model.Session) error {
	sess, err := store.PrepareSession(sess, time.Now())
	if err != nil {
		return fmt.Errorf("sqlite: create session: %w", err)
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: create session: %w", err)
	}
	defer tx.Rollback()
	var one int
	if err := tx.QueryRowContext(ctx, `SELECT 1 FROM users WHERE id = ?`, sess.UserID).Scan(&one); err != nil {
		return fmt.Errorf("sqlite: create session: user %d: %w", sess.UserID, notFound(err))
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, expires_at, last_seen_at, client_ip, user_agent)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, sess.TokenHash, sess.UserID, sess.Created.UnixMicro(), sess.Expires.UnixMicro(),
		micros(sess.LastSeen), sess.ClientIP, sess.UserAgent)
	if isUnique(err) || isPrimaryKey(err) {
		return fmt.Errorf("sqlite: create session: %w", store.ErrDuplicate)
	}
	if err != nil {
		return fmt.Errorf("sqlite: create session: %w", err)
	}
	if !sess.LastSeen.IsZero() {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET last_seen_at = max(coalesce(last_seen_at, 0), ?) WHERE id = ?`,
			sess.LastSeen.UnixMicro(), sess.UserID); err != nil {
			return fmt.Errorf("sqlite: create session: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlite: create session: %w", err)
	}
	return nil
}

// GetSession returns the session with this token hash and its user,
// unless it has expired at now.
func (s *Store) GetSession(ctx context.Context, tokenHash string, now time.Time) (model.Session, model.User, error) {
	row := s.r.QueryRowContext(ctx, `SELECT `+userCols+`, `+sessionCols+`
		FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.token_hash = ? AND s.expires_at > ?`, tokenHash, now.UnixMicro())
	var sc sessionScan
	u, err := scanUser(row, sc.dest()...)
	if err != nil {
		// The hash is the session's secret: it stays out of the message.
		return model.Session{}, model.User{}, fmt.Errorf("sqlite: get session: %w", notFound(err))
	}
	return sc.session(u.ID), u, nil
}

// DeleteSession ends a session; one that does not exist is no error.
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error {
	if _, err := s.w.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash); err != nil {
		return fmt.Errorf("sqlite: delete session: %w", err)
	}
	return nil
}

// DeleteExpiredSessions removes the sessions expired at now.
func (s *Store) DeleteExpiredSessions(ctx context.Context, now time.Time) error {
	if _, err := s.w.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at <= ?`, now.UnixMicro()); err != nil {
		return fmt.Errorf("sqlite: delete expired sessions: %w", err)
	}
	return nil
}
