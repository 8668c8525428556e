package model

import (
	"fmt"
	"time"
)

// Role is what a member of the newsroom may do.
type Role string

const (
	RoleAdmin     Role = "admin"     // everything, settings and users included
	RoleEditor    Role = "editor"    // writes, edits and curates any article; moderates
	RoleAuthor    Role = "author"    // writes and edits their own articles
	RoleModerator Role = "moderator" // moderates comments
)

// Roles lists every role.
var Roles = []Role{RoleAdmin, RoleEditor, RoleAuthor, RoleModerator}

// ParseRole reads a role by name.
func ParseRole(s string) (Role, error) {
	for _, r := range Roles {
		if string(r) == s {
			return r, nil
		}
	}
	return "", fmt.Errorf("unknown role %q (want admin, editor, author or moderator)", s)
}

// CanModerate reports whether the role moderates comments.
func (r Role) CanModerate() bool {
	return r == RoleAdmin || r == RoleEditor || r == RoleModerator
}

// CanWrite reports whether the role writes articles of its own.
func (r Role) CanWrite() bool {
	return r == RoleAdmin || r == RoleEditor || r == RoleAuthor
}

// CanEdit reports whether the role edits anyone's articles, curates the
// front page and manages sources.
func (r Role) CanEdit() bool {
	return r == RoleAdmin || r == RoleEditor
}

// User is a member of the newsroom who signs in to the admin area.
type User struct {
	ID    int64  `json:"id"`
	Email string `json:"email"`
	Name  string `json:"name"`
	Role  Role   `json:"role"`
	// PasswordHash is the encoded argon2id hash (internal/auth); never
	// encoded in JSON.
	PasswordHash string    `json:"-"`
	Created      time.Time `json:"created_at"`
	// Disabled accounts cannot sign in and have no sessions; their work
	// and their audit entries stay.
	Disabled bool `json:"disabled"`
	// LastSeen is when the account last used the admin area (the
	// newest session activity recorded; zero: never).
	LastSeen time.Time `json:"last_seen_at"`
}

// Session is a signed-in browser. The store keeps only a hash of the
// token the browser holds in its cookie.
type Session struct {
	TokenHash string
	UserID    int64
	Created   time.Time
	Expires   time.Time // the absolute timeout: the session ends then whatever happens
	// LastSeen is the last request recorded for the session (zero: none
	// since it was created), for the idle timeout.
	LastSeen time.Time
	// ClientIP and UserAgent say where the session was started, so its
	// owner can tell their browsers apart.
	ClientIP  string
	UserAgent string
}
