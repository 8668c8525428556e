package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// tokenCols is what scanToken reads.
const tokenCols = `t.id, t.user_id, t.name, t.scope, t.secret_hash, t.fever_key_hash, t.created_at, t.last_used_at`

// tokenScan receives the columns of tokenCols.
type tokenScan struct {
	t       model.AppToken
	scope   string
	fever   sql.NullString
	created int64
	used    sql.NullInt64
}

func (c *tokenScan) dest() []any {
	return []any{&c.t.ID, &c.t.UserID, &c.t.Name, &c.scope, &c.t.SecretHash, &c.fever, &c.created, &c.used}
}

func (c *tokenScan) token() model.AppToken {
	t := c.t
	t.Scope = model.TokenScope(c.scope)
	t.FeverKeyHash = c.fever.String
	t.Created = time.UnixMicro(c.created).UTC()
	t.LastUsed = fromMicros(c.used)
	return t
}

func scanToken(row interface{ Scan(...any) error }) (model.AppToken, error) {
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
		return model.AppToken{}, fmt.Errorf("sqlite: create app token: %w", err)
	}
	var fever any
	if tok.FeverKeyHash != "" {
		fever = tok.FeverKeyHash
	}
	err = s.w.QueryRowContext(ctx, `INSERT INTO app_tokens (user_id, name, scope, secret_hash, fever_key_hash, created_at)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
		tok.UserID, tok.Name, string(tok.Scope), tok.SecretHash, fever, tok.Created.UnixMicro()).Scan(&tok.ID)
	switch {
	case isUnique(err):
		return model.AppToken{}, fmt.Errorf("sqlite: create app token %q: %w", tok.Name, store.ErrDuplicate)
	case isForeignKey(err):
		return model.AppToken{}, fmt.Errorf("sqlite: create app token of user %d: %w", tok.UserID, store.ErrNotFound)
	case err != nil:
		return model.AppToken{}, fmt.Errorf("sqlite: create app token: %w", err)
	}
	return tok, nil
}

// ListAppTokens returns a user's tokens (every user's for 0), newest first.
func (s *Store) ListAppTokens(ctx context.Context, userID int64) ([]model.AppToken, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+tokenCols+` FROM app_tokens t
		WHERE ? = 0 OR t.user_id = ? ORDER BY t.id DESC`, userID, userID)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list app tokens: %w", err)
	}
	defer rows.Close()
	var out []model.AppToken
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlite: list app tokens: %w", err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: list app tokens: %w", err)
	}
	return out, nil
}

// GetAppToken returns one token.
func (s *Store) GetAppToken(ctx context.Context, id int64) (model.AppToken, error) {
	t, err := scanToken(s.r.QueryRowContext(ctx, `SELECT `+tokenCols+` FROM app_tokens t WHERE t.id = ?`, id))
	if err != nil {
		return model.AppToken{}, fmt.Errorf("sqlite: get app token %d: %w", id, notFound(err))
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
		return model.AppToken{}, model.User{}, fmt.Errorf("sqlite: app token by %s: %w", col, store.ErrNotFound)
	}
	var c tokenScan
	u, err := scanUser(s.r.QueryRowContext(ctx, `SELECT `+userCols+`, `+tokenCols+`
		FROM app_tokens t JOIN users u ON u.id = t.user_id WHERE t.`+col+` = ?`, hash), c.dest()...)
	if err != nil {
		return model.AppToken{}, model.User{}, fmt.Errorf("sqlite: app token by %s: %w", col, notFound(err))
	}
	return c.token(), u, nil
}

// DeleteAppToken revokes a token, of userID only unless it is 0.
func (s *Store) DeleteAppToken(ctx context.Context, id, userID int64) error {
	res, err := s.w.ExecContext(ctx, `DELETE FROM app_tokens WHERE id = ? AND (? = 0 OR user_id = ?)`, id, userID, userID)
	if err == nil {
		err = changed(res)
	}
	if err != nil {
		return fmt.Errorf("sqlite: delete app token %d: %w", id, err)
	}
	return nil
}

// TouchAppToken records a use, at most once per store.TokenTouchEvery.
func (s *Store) TouchAppToken(ctx context.Context, id int64, at time.Time) error {
	_, err := s.w.ExecContext(ctx, `UPDATE app_tokens SET last_used_at = ?
		WHERE id = ? AND (last_used_at IS NULL OR last_used_at <= ?)`,
		at.UnixMicro(), id, at.Add(-store.TokenTouchEvery).UnixMicro())
	if err != nil {
		return fmt.Errorf("sqlite: touch app token %d: %w", id, err)
	}
	return nil
}
