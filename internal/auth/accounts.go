package auth

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// Accounts: creating members, their passwords and the checks on what
// they type. Sign-in and sessions are in manager.go.

// ChangePassword replaces a signed-in user's password after checking
// their current one, ends all their sessions and starts a new one for
// the browser that asked, returning its token. A wrong current password
// gives ErrWrongPassword and counts as a failed sign-in for the
// throttle (per client and per account), so the form cannot be used to
// guess a password left open on a shared screen; while throttled it
// refuses with a *ThrottledError.
func (m *Manager) ChangePassword(ctx context.Context, userID int64, current, next, clientIP, userAgent string) (string, error) {
	u, err := m.st.GetUser(ctx, userID)
	if err != nil {
		return "", fmt.Errorf("auth: change password: %w", err)
	}
	if err := CheckPasswordPolicy(next); err != nil {
		return "", err
	}
	a, err := m.throttle.begin(clientIP, u.Email)
	if err != nil {
		return "", err
	}
	out := abandoned
	defer func() { m.throttle.finish(a, out) }()
	ok := false
	if len(current) <= MaxPasswordBytes {
		if ok, err = m.verify(ctx, u.PasswordHash, current); err != nil {
			return "", fmt.Errorf("auth: change password: %w", err)
		}
	}
	if !ok {
		out = failed
		return "", ErrWrongPassword
	}
	out = succeeded
	if err := m.SetPassword(ctx, userID, next); err != nil {
		return "", err
	}
	token, err := m.startSession(ctx, userID, clientIP, userAgent)
	if err != nil {
		return "", fmt.Errorf("auth: change password: %w", err)
	}
	return token, nil
}

// maxEmailBytes is the longest address SMTP carries (RFC 5321).
const maxEmailBytes = 254

// maxNameChars bounds a user's display name.
const maxNameChars = 200

// CreateUser adds a member of the newsroom: email must be a plain
// address (name@example.com, no display name or angle brackets), name
// (trimmed; may be empty) printable text of at most 200 characters,
// role one of model.Roles, and password must pass CheckPasswordPolicy.
// It returns the stored user, without the password hash; ErrEmailTaken
// when the email already has an account.
func (m *Manager) CreateUser(ctx context.Context, email, name string, role model.Role, password string) (model.User, error) {
	email = strings.TrimSpace(email)
	if err := CheckEmail(email); err != nil {
		return model.User{}, err
	}
	name = strings.TrimSpace(name)
	if err := checkName(name); err != nil {
		return model.User{}, err
	}
	if _, err := model.ParseRole(string(role)); err != nil {
		return model.User{}, fmt.Errorf("%w: %v", ErrInvalidRole, err)
	}
	if err := CheckPasswordPolicy(password); err != nil {
		return model.User{}, err
	}
	hash, err := m.hash(ctx, password)
	if err != nil {
		return model.User{}, fmt.Errorf("auth: create user: %w", err)
	}
	u, err := m.st.AddUser(ctx, model.User{Email: email, Name: name, Role: role, PasswordHash: hash})
	if errors.Is(err, store.ErrDuplicate) {
		return model.User{}, fmt.Errorf("%w: %s", ErrEmailTaken, email)
	}
	if err != nil {
		return model.User{}, fmt.Errorf("auth: create user: %w", err)
	}
	u.PasswordHash = ""
	return u, nil
}

// SetPassword replaces a user's password, which must pass
// CheckPasswordPolicy, and ends all their sessions. An unknown user
// gives an error wrapping store.ErrNotFound.
func (m *Manager) SetPassword(ctx context.Context, userID int64, password string) error {
	if err := CheckPasswordPolicy(password); err != nil {
		return err
	}
	hash, err := m.hash(ctx, password)
	if err != nil {
		return fmt.Errorf("auth: set password: %w", err)
	}
	if err := m.st.SetPassword(ctx, userID, hash); err != nil {
		return fmt.Errorf("auth: set password: %w", err)
	}
	return nil
}

// CheckEmail says whether email is a plain address such as
// name@example.com, as CreateUser requires; the error wraps
// ErrInvalidEmail.
func CheckEmail(email string) error {
	if email == "" {
		return fmt.Errorf("%w: it is empty", ErrInvalidEmail)
	}
	if len(email) > maxEmailBytes {
		return fmt.Errorf("%w: %d bytes long, at most %d allowed", ErrInvalidEmail, len(email), maxEmailBytes)
	}
	a, err := mail.ParseAddress(email)
	if err != nil {
		return fmt.Errorf("%w: %q: %v", ErrInvalidEmail, email, err)
	}
	if a.Name != "" || a.Address != email {
		return fmt.Errorf("%w: %q is not a plain address like name@example.com", ErrInvalidEmail, email)
	}
	return nil
}

func checkName(name string) error {
	if !utf8.ValidString(name) {
		return fmt.Errorf("%w: not valid UTF-8 text", ErrInvalidName)
	}
	if n := utf8.RuneCountInString(name); n > maxNameChars {
		return fmt.Errorf("%w: %d characters long, at most %d allowed", ErrInvalidName, n, maxNameChars)
	}
	if strings.IndexFunc(name, unicode.IsControl) >= 0 {
		return fmt.Errorf("%w: %q holds a control character", ErrInvalidName, name)
	}
	return nil
}
