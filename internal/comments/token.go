package comments

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"time"
)

// Errors of Tokens.Check. Check wraps them with details for the log;
// ReaderMessage gives the sentence to show. Every one means the comment
// was not taken, and the form should come back with what the reader typed
// and a fresh token.
var (
	// ErrTokenInvalid is a token that is missing, malformed, or not made
	// by this site (forged, or signed with another secret).
	ErrTokenInvalid = errors.New("this form could not be verified; please post your comment again")
	// ErrTokenWrongArticle is a genuine token issued for another article.
	ErrTokenWrongArticle = errors.New("this form belongs to another article; please post your comment again")
	// ErrTokenTooFast is a form posted sooner after it was shown than a
	// person can read and write: bots post at once.
	ErrTokenTooFast = errors.New("that was quick: please take a moment to read over your comment, then post it again")
	// ErrTokenExpired is a form shown too long ago.
	ErrTokenExpired = errors.New("this form has expired; please post your comment again")
	// ErrNoSecret is a Tokens without a secret long enough to sign with,
	// which is a configuration error: no token checks.
	ErrNoSecret = errors.New("comment tokens: the secret is missing or shorter than 16 bytes")
)

// Token defaults.
const (
	DefaultMinAge = 3 * time.Second
	DefaultMaxAge = 24 * time.Hour
)

// MinSecretLen is the shortest secret Tokens sign with.
const MinSecretLen = 16

// Tokens issues and checks the comment form's one-time tokens.
//
// A token is opaque and URL-safe (unpadded base64url of: a version byte,
// a 16-byte random nonce, the issue time in Unix milliseconds, the article
// ID, and an HMAC-SHA256 of all that under Secret). It holds nothing
// secret and nothing about the reader, so it may go in a page as it is.
// It ties the form to one article, makes a bot that posts at once wait
// MinAge, ends after MaxAge, and its nonce becomes model.Comment.Nonce so
// that a form posted twice stores one comment.
type Tokens struct {
	// Secret signs the tokens: at least MinSecretLen random bytes (see
	// NewSecret), the same on every server of a site, kept across restarts
	// so that forms already shown stay valid.
	Secret []byte
	// MinAge is the least time between showing the form and posting it;
	// 0 means DefaultMinAge (3 s) and a negative value means no minimum.
	MinAge time.Duration
	// MaxAge is how long a form stays valid; 0 or less means
	// DefaultMaxAge (24 h).
	MaxAge time.Duration
}

// NewSecret returns 32 random bytes for Tokens.Secret.
func NewSecret() []byte {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return b
}

const (
	tokenVersion = 1
	nonceLen     = 16
	tokenBodyLen = 1 + nonceLen + 8 + 8
	tokenLen     = tokenBodyLen + sha256.Size
	tokenTextLen = (tokenLen*8 + 5) / 6 // unpadded base64
)

// Issue returns a new token for the form of article articleID, shown at
// now.
func (t Tokens) Issue(articleID int64, now time.Time) string {
	var b [tokenLen]byte
	b[0] = tokenVersion
	_, _ = rand.Read(b[1 : 1+nonceLen]) // crypto/rand.Read never fails
	binary.BigEndian.PutUint64(b[1+nonceLen:], uint64(now.UnixMilli()))
	binary.BigEndian.PutUint64(b[1+nonceLen+8:], uint64(articleID))
	copy(b[tokenBodyLen:], t.mac(b[:tokenBodyLen]))
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// Check verifies a token posted at now with a comment on article
// articleID and returns its nonce (22 URL-safe characters), or one of
// ErrTokenInvalid, ErrTokenWrongArticle, ErrTokenTooFast, ErrTokenExpired
// (wrapped with details; compare with errors.Is) or ErrNoSecret.
//
// Check does not remember tokens: the same token checks again until it
// expires. Exactly-once is the store's part: it refuses a second comment
// with the same nonce.
func (t Tokens) Check(token string, articleID int64, now time.Time) (nonce string, err error) {
	if len(t.Secret) < MinSecretLen {
		return "", ErrNoSecret
	}
	if len(token) != tokenTextLen {
		return "", fmt.Errorf("%w (token of %d characters)", ErrTokenInvalid, len(token))
	}
	b, err := base64.RawURLEncoding.Strict().DecodeString(token)
	if err != nil || len(b) != tokenLen || b[0] != tokenVersion {
		return "", fmt.Errorf("%w (not a token)", ErrTokenInvalid)
	}
	if !hmac.Equal(b[tokenBodyLen:], t.mac(b[:tokenBodyLen])) {
		return "", fmt.Errorf("%w (bad signature)", ErrTokenInvalid)
	}
	issued := time.UnixMilli(int64(binary.BigEndian.Uint64(b[1+nonceLen:])))
	if got := int64(binary.BigEndian.Uint64(b[1+nonceLen+8:])); got != articleID {
		return "", fmt.Errorf("%w (issued for article %d, posted to %d)", ErrTokenWrongArticle, got, articleID)
	}
	age := now.Sub(issued)
	if minAge := t.minAge(); age < minAge {
		return "", fmt.Errorf("%w (posted %s after the form was shown)", ErrTokenTooFast, age.Round(time.Millisecond))
	}
	if maxAge := t.maxAge(); age > maxAge {
		return "", fmt.Errorf("%w (shown %s ago)", ErrTokenExpired, age.Round(time.Second))
	}
	return base64.RawURLEncoding.EncodeToString(b[1 : 1+nonceLen]), nil
}

// mac signs the token's body. A secret too short to check with still
// signs, so Issue works and Check reports the configuration error.
func (t Tokens) mac(body []byte) []byte {
	h := hmac.New(sha256.New, t.Secret)
	h.Write(body)
	return h.Sum(nil)
}

func (t Tokens) minAge() time.Duration {
	switch {
	case t.MinAge == 0:
		return DefaultMinAge
	case t.MinAge < 0:
		return time.Duration(-1 << 63)
	}
	return t.MinAge
}

func (t Tokens) maxAge() time.Duration {
	if t.MaxAge <= 0 {
		return DefaultMaxAge
	}
	return t.MaxAge
}
