package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/newsdesk/newsdesk/internal/model"
)

// AppTokenStore keeps the accounts' app tokens (model.AppToken). Tokens
// belong to their account: deleting the account deletes them. Lookups are
// by the hash of the secret, never the secret, so the database holds
// nothing a thief could sign in with.
type AppTokenStore interface {
	// CreateAppToken stores a token and returns it with ID and Created
	// set. ErrNotFound when the user does not exist; ErrDuplicate when
	// the user has a token of that name already (or, never in practice,
	// the hash is taken).
	CreateAppToken(ctx context.Context, tok model.AppToken) (model.AppToken, error)
	// ListAppTokens returns a user's tokens, newest first; userID 0 lists
	// every account's tokens.
	ListAppTokens(ctx context.Context, userID int64) ([]model.AppToken, error)
	// GetAppToken returns one token; ErrNotFound when there is none.
	GetAppToken(ctx context.Context, id int64) (model.AppToken, error)
	// AppTokenBySecretHash returns the token whose SecretHash is hash and
	// its account (which may be disabled: the caller decides);
	// ErrNotFound when there is none.
	AppTokenBySecretHash(ctx context.Context, hash string) (model.AppToken, model.User, error)
	// AppTokenByFeverKeyHash does the same by FeverKeyHash.
	AppTokenByFeverKeyHash(ctx context.Context, hash string) (model.AppToken, model.User, error)
	// DeleteAppToken revokes a token. With userID other than 0 only that
	// user's token is deleted, so nobody revokes another's token by
	// guessing IDs. ErrNotFound when no such token (of that user) exists.
	DeleteAppToken(ctx context.Context, id, userID int64) error
	// TouchAppToken records a use at at, unless one was recorded less
	// than TokenTouchEvery earlier: busy clients cost no write per
	// request. A token that does not exist is no error.
	TouchAppToken(ctx context.Context, id int64, at time.Time) error
}

// TokenTouchEvery is how stale an app token's LastUsed may get before a
// use records it again.
const TokenTouchEvery = time.Minute

// MaxTokenName bounds a token's name, in bytes.
const MaxTokenName = 100

// PrepareAppToken checks a token and returns it as CreateAppToken stores
// it, on either backend: the name trimmed, Created now when zero, times
// in whole microseconds UTC.
func PrepareAppToken(tok model.AppToken, now time.Time) (model.AppToken, error) {
	tok.Name = strings.TrimSpace(tok.Name)
	if tok.Name == "" {
		return model.AppToken{}, errors.New("empty token name")
	}
	if len(tok.Name) > MaxTokenName || !utf8.ValidString(tok.Name) {
		return model.AppToken{}, fmt.Errorf("token name longer than %d bytes or not UTF-8", MaxTokenName)
	}
	if tok.UserID <= 0 {
		return model.AppToken{}, errors.New("token without an account")
	}
	if _, err := model.ParseTokenScope(string(tok.Scope)); err != nil {
		return model.AppToken{}, err
	}
	if !isSHA256Hex(tok.SecretHash) {
		return model.AppToken{}, errors.New("secret hash is not a hex SHA-256")
	}
	switch {
	case tok.Scope == model.ScopeReader && !isSHA256Hex(tok.FeverKeyHash):
		return model.AppToken{}, errors.New("reader token without a Fever key hash")
	case tok.Scope != model.ScopeReader && tok.FeverKeyHash != "":
		return model.AppToken{}, errors.New("only reader tokens have a Fever key")
	}
	if err := CheckText("token name", tok.Name); err != nil {
		return model.AppToken{}, err
	}
	if tok.Created.IsZero() {
		tok.Created = now
	}
	tok.Created = tok.Created.UTC().Truncate(time.Microsecond)
	tok.LastUsed = time.Time{}
	return tok, nil
}

// isSHA256Hex reports whether s is 64 lowercase hex digits.
func isSHA256Hex(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
