package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
)

// tokenBytes is the entropy of a session token.
const tokenBytes = 32

// tokenLen is the length of a token in unpadded base64url.
var tokenLen = base64.RawURLEncoding.EncodedLen(tokenBytes)

// newToken returns a fresh session token: 32 random bytes in unpadded
// base64url, which a cookie holds without quoting.
func newToken() (string, error) {
	var raw [tokenBytes]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", fmt.Errorf("auth: new session token: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(raw[:]), nil
}

// validToken reports whether token has the shape newToken gives: 32
// bytes in canonical unpadded base64url.
func validToken(token string) bool {
	if len(token) != tokenLen {
		return false
	}
	raw, err := base64.RawURLEncoding.Strict().DecodeString(token)
	return err == nil && len(raw) == tokenBytes
}

// HashToken returns what the store keeps of a session token: the
// SHA-256 of its text, in lowercase hex. A stolen copy of the sessions
// table therefore signs no one in.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
