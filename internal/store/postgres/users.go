package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// userCols is what scanUser reads.
const userCols = `u.id, u.email, u.name, u.role, u.password_hash, u.created_at, u.disabled, u.last_seen_at`

func scanUser(row pgx.Row, extra ...any) (model.User, error) {
	var u model.User
	var role string
	var created time.Time
	var seen *time.Time
	dest := append([]any{&u.ID, &u.Email, &u.Name, &role, &u.PasswordHash, &created, &u.Disabled, &seen}, extra...)
	if err := row.Scan(dest...); err != nil {
		return model.User{}, err
	}
	u.Role = model.Role(role)
	u.Created = created.UTC()
	u.LastSeen = fromTS(seen)
	return u, nil
}

// AddUser stores a user; the email's lowercased key makes addresses
// unique whatever their case.
func (s *Store) AddUser(ctx context.Context, u model.User) (model.User, error) {
	u, err := store.PrepareUser(u, time.Now())
	if err != nil {
		return model.User{}, fmt.Errorf("postgres: add user: %w", err)
	}
	err = s.pool.QueryRow(ctx, `INSERT INTO users (email, email_key, name, role, password_hash, created_at)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		u.Email, strings.ToLower(u.Email), u.Name, string(u.Role), u.PasswordHash, u.Created).Scan(&u.ID)
	if isUnique(err) {
		return model.User{}, fmt.Errorf("postgres: add user %q: %w", u.Email, store.ErrDuplicate)
	}
	if err != nil {
		return model.User{}, fmt.Errorf("postgres: add user: %w", err)
	}
	return u, nil
}

// GetUser returns one user.
func (s *Store) GetUser(ctx context.Context, id int64) (model.User, error) {
	u, err := scanUser(s.pool.QueryRow(ctx, `SELECT `+userCols+` FROM users u WHERE u.id = $1`, id))
	if err != nil {
		return model.User{}, fmt.Errorf("postgres: get user %d: %w", id, notFound(err))
	}
	return u, nil
}

// GetUserByEmail returns the user with this email in any case.
func (s *Store) GetUserByEmail(ctx context.Context, email string) (model.User, error) {
	key := strings.ToLower(email)
	if !store.Findable(key) {
		return model.User{}, fmt.Errorf("postgres: get user %q: %w", email, store.ErrNotFound)
	}
	u, err := scanUser(s.pool.QueryRow(ctx, `SELECT `+userCols+` FROM users u WHERE u.email_key = $1`, key))
	if err != nil {
		return model.User{}, fmt.Errorf("postgres: get user %q: %w", email, notFound(err))
	}
	return u, nil
}

// ListUsers returns every user, ordered by ID.
func (s *Store) ListUsers(ctx context.Context) ([]model.User, error) {
	out, err := s.queryUsers(ctx, `SELECT `+userCols+` FROM users u ORDER BY u.id`)
	if err != nil {
		return nil, fmt.Errorf("postgres: list users: %w", err)
	}
	return out, nil
}

// UsersWithRoles returns the users holding any of roles, ordered by ID.
func (s *Store) UsersWithRoles(ctx context.Context, roles ...model.Role) ([]model.User, error) {
	names := make([]string, 0, len(roles))
	for _, r := range roles {
		if store.Findable(string(r)) {
			names = append(names, string(r))
		}
	}
	if len(names) == 0 {
		return []model.User{}, nil
	}
	out, err := s.queryUsers(ctx, `SELECT `+userCols+` FROM users u
		WHERE u.role = ANY($1::text[]) ORDER BY u.id`, names)
	if err != nil {
		return nil, fmt.Errorf("postgres: users with roles: %w", err)
	}
	return out, nil
}

func (s *Store) queryUsers(ctx context.Context, q string, args ...any) ([]model.User, error) {
	rows, err := s.pool.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (model.User, error) { return scanUser(r) })
	if out == nil {
		out = []model.User{}
	}
	return out, err
}

// SetPassword replaces a user's password hash and ends every session of
// theirs in the same transaction: a changed password signs out whoever
// held the old one.
func (s *Store) SetPassword(ctx context.Context, id int64, hash string) error {
	what := fmt.Sprintf("postgres: set password of user %d", id)
	if err := store.CheckText("password hash", hash); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE users SET password_hash = $2 WHERE id = $1`, id, hash)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return store.ErrNotFound
		}
		if _, err := tx.Exec(ctx, `DELETE FROM sessions WHERE user_id = $1`, id); err != nil {
			return fmt.Errorf("end sessions: %w", err)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// CreateSession stores a session: ErrNotFound when its user does not
// exist, ErrDuplicate when its token hash is stored already.
func (s *Store) CreateSession(ctx context.Context, sess model.Session) error {
	sess, err := store.PrepareSession(sess, time.Now())
	if err != nil {
		return fmt.Errorf("postgres: create session: %w", err)
	}
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, expires_at, last_seen_at, client_ip, user_agent)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, sess.TokenHash, sess.UserID, sess.Created, sess.Expires,
			ts(sess.LastSeen), sess.ClientIP, sess.UserAgent)
		if err != nil || sess.LastSeen.IsZero() {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE users SET last_seen_at = GREATEST(last_seen_at, $2::timestamptz) WHERE id = $1`,
			sess.UserID, sess.LastSeen)
		return err
	})
	switch {
	case isUnique(err):
		return fmt.Errorf("postgres: create session: %w", store.ErrDuplicate)
	case isForeignKey(err):
		return fmt.Errorf("postgres: create session: user %d: %w", sess.UserID, store.ErrNotFound)
	case err != nil:
		return fmt.Errorf("postgres: create session: %w", err)
	}
	return nil
}

// GetSession returns the session with this token hash and its user,
// unless it has expired at now.
func (s *Store) GetSession(ctx context.Context, tokenHash string, now time.Time) (model.Session, model.User, error) {
	if !store.Findable(tokenHash) {
		return model.Session{}, model.User{}, fmt.Errorf("postgres: get session: %w", store.ErrNotFound)
	}
	row := s.pool.QueryRow(ctx, `SELECT `+userCols+`, `+sessionCols+`
		FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.token_hash = $1 AND s.expires_at > $2`, tokenHash, now.UTC())
	var sc sessionScan
	u, err := scanUser(row, sc.dest()...)
	if err != nil {
		// The hash is the session's secret: it stays out of the message.
		return model.Session{}, model.User{}, fmt.Errorf("postgres: get session: %w", notFound(err))
	}
	return sc.session(u.ID), u, nil
}

// DeleteSession ends a session; one that does not exist is no error.
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error {
	if !store.Findable(tokenHash) {
		return nil
	}
	if _, err := s.pool.Exec(ctx, `DELETE FROM sessions WHERE token_hash = $1`, tokenHash); err != nil {
		return fmt.Errorf("postgres: delete session: %w", err)
	}
	return nil
}

// DeleteExpiredSessions removes the sessions expired at now.
func (s *Store) DeleteExpiredSessions(ctx context.Context, now time.Time) error {
	if _, err := s.pool.Exec(ctx, `DELETE FROM sessions WHERE expires_at <= $1`, now.UTC()); err != nil {
		return fmt.Errorf("postgres: delete expired sessions: %w", err)
	}
	return nil
}
