package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// tokenCols is what a tokenScan reads.
const tokenCols = `t.id, t.user_id, t.name, t.scope, t.secret_hash, t.fever_key_hash, t.created_at, t.last_used_at`

// tokenScan receives the columns of tokenCols.
type tokenScan struct {
	t       model.AppToken
	scope   string
	fever   *string
	created time.Time
	used    *time.Time
}

func (c *tokenScan) dest() []any {
	return []any{&c.t.ID, &c.t.UserID, &c.t.Name, &c.scope, &c.t.SecretHash, &c.fever, &c.created, &c.used}
}

func (c *tokenScan) token() model.AppToken {
	t := c.t
	t.Scope = model.TokenScope(c.scope)
	if c.fever != nil {
		t.FeverKeyHash = *c.fever
	}
	t.Created = c.created.UTC()
	t.LastUsed = fromTS(c.used)
	return t
}

func scanToken(row pgx.Row) (model.AppToken, error) {
	var c tokenScan
	if err := row.Scan(c.dest()...); err != nil {
		return model.AppToken{}, err
	}
	return c.token(), nil
}

// CreateAppToken stores a token of an existing user.
func (s *Store) CreateAppToken(ctx context.Context, tok model.AppToken) (model.AppToken, error) {
	tok, err := store.PrepareAppToken(tok, time.Now())
	if err != nil {
		return model.AppToken{}, fmt.Errorf("postgres: create app token: %w", err)
	}
	var fever any
	if tok.FeverKeyHash != "" {
		fever = tok.FeverKeyHash
	}
	err = s.pool.QueryRow(ctx, `INSERT INTO app_tokens (user_id, name, scope, secret_hash, fever_key_hash, created_at)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		tok.UserID, tok.Name, string(tok.Scope), tok.SecretHash, fever, tok.Created).Scan(&tok.ID)
	switch {
	case isUnique(err):
		return model.AppToken{}, fmt.Errorf("postgres: create app token %q: %w", tok.Name, store.ErrDuplicate)
	case isForeignKey(err):
		return model.AppToken{}, fmt.Errorf("postgres: create app token of user %d: %w", tok.UserID, store.ErrNotFound)
	case err != nil:
		return model.AppToken{}, fmt.Errorf("postgres: create app token: %w", err)
	}
	return tok, nil
}

// ListAppTokens returns a user's tokens (every user's for 0), newest first.
func (s *Store) ListAppTokens(ctx context.Context, userID int64) ([]model.AppToken, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+tokenCols+` FROM app_tokens t
		WHERE $1::bigint = 0 OR t.user_id = $1 ORDER BY t.id DESC`, userID)
	if err != nil {
		return nil, fmt.Errorf("postgres: list app tokens: %w", err)
	}
	defer rows.Close()
	var out []model.AppToken
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, fmt.Errorf("postgres: list app tokens: %w", err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: list app tokens: %w", err)
	}
	return out, nil
}

// GetAppToken returns one token.
func (s *Store) GetAppToken(ctx context.Context, id int64) (model.AppToken, error) {
	t, err := scanToken(s.pool.QueryRow(ctx, `SELECT `+tokenCols+` FROM app_tokens t WHERE t.id = $1`, id))
	if err != nil {
		return model.AppToken{}, fmt.Errorf("postgres: get app token %d: %w", id, notFound(err))
	}
	return t, nil
}

// AppTokenBySecretHash finds a token and its user by the secret's hash.
func (s *Store) AppTokenBySecretHash(ctx context.Context, hash string) (model.AppToken, model.User, error) {
	return s.tokenBy(ctx, "secret_hash", hash)
}

// AppTokenByFeverKeyHash finds a reader token and its user by the Fever
// key's hash.
func (s *Store) AppTokenByFeverKeyHash(ctx context.Context, hash string) (model.AppToken, model.User, error) {
	return s.tokenBy(ctx, "fever_key_hash", hash)
}

// tokenBy looks a token up by one of its unique hash columns (col is one
// of two constants, never input).
func (s *Store) tokenBy(ctx context.Context, col, hash string) (model.AppToken, model.User, error) {
	if hash == "" {
		return model.AppToken{}, model.User{}, fmt.Errorf("postgres: app token by %s: %w", col, store.ErrNotFound)
	}
	var c tokenScan
	u, err := scanUser(s.pool.QueryRow(ctx, `SELECT `+userCols+`, `+tokenCols+`
		FROM app_tokens t JOIN users u ON u.id = t.user_id WHERE t.`+col+` = $1`, hash), c.dest()...)
	if err != nil {
		return model.AppToken{}, model.User{}, fmt.Errorf("postgres: app token by %s: %w", col, notFound(err))
	}
	return c.token(), u, nil
}

// DeleteAppToken revokes a token, of userID only unless it is 0.
func (s *Store) DeleteAppToken(ctx context.Context, id, userID int64) error {
	tag, err := s.pool.Exec(ctx, `DELETE FROM app_tokens WHERE id = $1 AND ($2::bigint = 0 OR user_id = $2)`, id, userID)
	if err != nil {
		return fmt.Errorf("postgres: delete app token %d: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("postgres: delete app token %d: %w", id, store.ErrNotFound)
	}
	return nil
}

// TouchAppToken records a use, at most once per store.TokenTouchEvery.
func (s *Store) TouchAppToken(ctx context.Context, id int64, at time.Time) error {
	_, err := s.pool.Exec(ctx, `UPDATE app_tokens SET last_used_at = $2
		WHERE id = $1 AND (last_used_at IS NULL OR last_used_at <= $3)`,
		id, at.UTC(), at.Add(-store.TokenTouchEvery).UTC())
	if err != nil {
		return fmt.Errorf("postgres: touch app token %d: %w", id, err)
	}
	return nil
}
