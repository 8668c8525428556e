package store

import (
	"context"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/newsdesk/newsdesk/internal/model"
)

// Errors of account management, matched with errors.Is.
var (
	// ErrLastAdmin refuses a change that would leave the site without an
	// enabled admin account (demoting, disabling or deleting the last one):
	// nobody could then manage users or settings from the admin area.
	ErrLastAdmin = errors.New("store: the last enabled admin account must stay an enabled admin")
	// ErrInUse refuses to delete something other records still need.
	ErrInUse = errors.New("store: still referred to by other records")
)

// AccountStore manages the newsroom's accounts beyond signing in and out
// (UserStore): roles, disabling and deleting. Changes that could leave the site with
// no enabled admin are checked inside the same transaction as the change,
// so two admins demoting each other at once cannot both succeed.
type AccountStore interface {
	// SetUserRole changes a user's role; ErrNotFound for no such user,
	// ErrLastAdmin when it would demote the last enabled admin.
	SetUserRole(ctx context.Context, id int64, role model.Role) error
	// SetUserDisabled disables or enables a user. Disabling ends all the
	// user's sessions in the same transaction; ErrLastAdmin when it would
	// disable the last enabled admin.
	SetUserDisabled(ctx context.Context, id int64, disabled bool) error
	// DeleteUser deletes a user and their sessions. Their comments and
	// audit entries stay, no longer linked to an account (the audit
	// entry's Actor still names them). ErrLastAdmin for the last enabled
	// admin; ErrInUse when other records (articles they wrote, say)
	// cannot do without the account: disable it instead.
	DeleteUser(ctx context.Context, id int64) error
}

// maxSessionUserAgent bounds the browser description a session keeps.
const maxSessionUserAgent = 300

// PrepareSession checks a session and returns it as CreateSession stores
// it, on either backend: Created now when zero, the user agent cut to a
// sane length and stripped of what no backend keeps alike.
func PrepareSession(sess model.Session, now time.Time) (model.Session, error) {
	if sess.TokenHash == "" {
		return model.Session{}, errors.New("empty token hash")
	}
	if err := CheckText("token hash", sess.TokenHash); err != nil {
		return model.Session{}, err
	}
	if sess.Expires.IsZero() {
		return model.Session{}, errors.New("no expiry time")
	}
	if sess.Created.IsZero() {
		sess.Created = now
	}
	sess.Created = sess.Created.UTC().Truncate(time.Microsecond)
	sess.Expires = sess.Expires.UTC().Truncate(time.Microsecond)
	if !sess.LastSeen.IsZero() {
		sess.LastSeen = sess.LastSeen.UTC().Truncate(time.Microsecond)
	}
	// The user agent is whatever the browser sent: keep printable text.
	ua := strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == utf8.RuneError {
			return -1
		}
		return r
	}, strings.ToValidUTF8(sess.UserAgent, ""))
	if len(ua) > maxSessionUserAgent {
		cut := maxSessionUserAgent
		for cut > 0 && !utf8.RuneStart(ua[cut]) {
			cut--
		}
		ua = ua[:cut]
	}
	sess.UserAgent = ua
	if err := CheckText("client address", sess.ClientIP, "user agent", sess.UserAgent); err != nil {
		return model.Session{}, err
	}
	return sess, nil
}
