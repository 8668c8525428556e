package auth

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

func TestSessionsSQLite(t *testing.T)   { runSessionTests(t, openSQLite) }
func TestSessionsPostgres(t *testing.T) { runSessionTests(t, openPostgres) }

// runSessionTests checks the life of a session against a fake clock: its
// idle and absolute timeouts, its rotation at sign-in, and what ends it.
func runSessionTests(t *testing.T, open func(*testing.T) store.UserStore) {
	t.Run("IdleTimeout", func(t *testing.T) {
		f := newFixture(t, open, Options{IdleTimeout: time.Hour, SessionTTL: 24 * time.Hour})
		f.user(t, "ed@example.com", model.RoleEditor)
		tok := f.login(t, "ed@example.com", goodPassword)
		// Activity every 50 minutes keeps the session alive well past
		// the idle timeout since sign-in.
		for range 4 {
			f.clk.Advance(50 * time.Minute)
			if _, err := f.m.Authenticate(f.ctx, tok); err != nil {
				t.Fatalf("an active session ended at %v: %v", f.clk.Now(), err)
			}
		}
		sess, u, err := f.st.GetSession(f.ctx, HashToken(tok), f.clk.Now())
		if err != nil || !sess.LastSeen.Equal(f.clk.Now()) || !u.LastSeen.Equal(f.clk.Now()) {
			t.Errorf("after a request: session last seen %v, user last seen %v (%v); want %v",
				sess.LastSeen, u.LastSeen, err, f.clk.Now())
		}
		// Requests within a minute of the last one recorded are not
		// written again.
		f.clk.Advance(30 * time.Second)
		if _, err := f.m.Authenticate(f.ctx, tok); err != nil {
			t.Fatal(err)
		}
		if again, _, _ := f.st.GetSession(f.ctx, HashToken(tok), f.clk.Now()); !again.LastSeen.Equal(sess.LastSeen) {
			t.Errorf("last seen moved to %v 30s after the previous write", again.LastSeen)
		}
		// An hour idle (counted from the last recorded request) ends it,
		// and it stays ended.
		f.clk.Advance(time.Hour - 30*time.Second)
		if _, err := f.m.Authenticate(f.ctx, tok); !errors.Is(err, ErrNoSession) {
			t.Fatalf("after an hour idle: %v, want ErrNoSession", err)
		}
		if _, _, err := f.st.GetSession(f.ctx, HashToken(tok), f.clk.Now()); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("the idle session is still stored: %v", err)
		}
		f.clk.Advance(-time.Hour)
		if _, err := f.m.Authenticate(f.ctx, tok); !errors.Is(err, ErrNoSession) {
			t.Errorf("an idle-ended session came back: %v", err)
		}
	})

	t.Run("AbsoluteTimeout", func(t *testing.T) {
		f := newFixture(t, open, Options{IdleTimeout: 2 * time.Hour, SessionTTL: 5 * time.Hour})
		f.user(t, "ed@example.com", model.RoleEditor)
		tok := f.login(t, "ed@example.com", goodPassword)
		for range 4 {
			f.clk.Advance(time.Hour)
			if _, err := f.m.Authenticate(f.ctx, tok); err != nil {
				t.Fatalf("session ended before its absolute timeout at %v: %v", f.clk.Now(), err)
			}
		}
		f.clk.Advance(59 * time.Minute)
		if _, err := f.m.Authenticate(f.ctx, tok); err != nil {
			t.Fatalf("session ended a minute before its absolute timeout: %v", err)
		}
		f.clk.Advance(time.Minute)
		if _, err := f.m.Authenticate(f.ctx, tok); !errors.Is(err, ErrNoSession) {
			t.Errorf("an active session outlived its absolute timeout: %v", err)
		}
		if c := SessionCookie(tok, true, f.m.SessionTTL()); c.MaxAge != 5*3600 {
			t.Errorf("cookie Max-Age %d, want the absolute timeout (18000)", c.MaxAge)
		}
	})

	t.Run("SignInRotatesAndReplaces", func(t *testing.T) {
		f := newFixture(t, open, Options{})
		f.user(t, "ed@example.com", model.RoleEditor)
		old := f.login(t, "ed@example.com", goodPassword)
		planted := strings.Repeat("A", 43) // well formed, names no session
		tok, _, err := f.m.SignIn(f.ctx, Attempt{Email: "ed@example.com", Password: goodPassword,
			ClientIP: "192.0.2.10", UserAgent: "Firefox\nInjected", Replace: old})
		if err != nil {
			t.Fatal(err)
		}
		if tok == old || tok == planted {
			t.Error("sign-in reused the browser's token")
		}
		if _, err := f.m.Authenticate(f.ctx, old); !errors.Is(err, ErrNoSession) {
			t.Errorf("the replaced session still works: %v", err)
		}
		sess, _, err := f.st.GetSession(f.ctx, HashToken(tok), f.clk.Now())
		if err != nil || sess.ClientIP != "192.0.2.10" || sess.UserAgent != "FirefoxInjected" {
			t.Errorf("new session %+v, %v: want where it started kept", sess, err)
		}
		if _, _, err := f.m.SignIn(f.ctx, Attempt{Email: "ed@example.com", Password: goodPassword, Replace: planted}); err != nil {
			t.Errorf("replacing a token that names no session: %v", err)
		}
	})

	t.Run("DisabledCannotSignInAndLosesSessions", func(t *testing.T) {
		f := newFixture(t, open, Options{})
		ana := f.user(t, "ana@example.com", model.RoleAdmin)
		bo := f.user(t, "bo@example.com", model.RoleEditor)
		tok := f.login(t, "bo@example.com", goodPassword)
		acc := f.st.(store.AccountStore)
		if err := acc.SetUserDisabled(f.ctx, bo.ID, true); err != nil {
			t.Fatal(err)
		}
		if _, err := f.m.Authenticate(f.ctx, tok); !errors.Is(err, ErrNoSession) {
			t.Errorf("a disabled user's session still works: %v", err)
		}
		if _, _, err := f.m.Login(f.ctx, "bo@example.com", goodPassword, "192.0.2.5"); err != ErrInvalidCredentials {
			t.Errorf("a disabled user signing in with the right password: %v, want exactly ErrInvalidCredentials", err)
		}
		if err := acc.SetUserDisabled(f.ctx, bo.ID, false); err != nil {
			t.Fatal(err)
		}
		f.login(t, "bo@example.com", goodPassword)
		_ = ana
	})

	t.Run("ChangePasswordEndsOtherSessions", func(t *testing.T) {
		f := newFixture(t, open, Options{})
		u := f.user(t, "ed@example.com", model.RoleEditor)
		laptop := f.login(t, "ed@example.com", goodPassword)
		phone := f.login(t, "ed@example.com", goodPassword)
		if _, err := f.m.ChangePassword(f.ctx, u.ID, otherPassword, "a brand new passphrase", "192.0.2.10", ""); !errors.Is(err, ErrWrongPassword) {
			t.Fatalf("wrong current password: %v, want ErrWrongPassword", err)
		}
		if _, err := f.m.ChangePassword(f.ctx, u.ID, goodPassword, "short", "192.0.2.10", ""); !errors.Is(err, ErrPasswordPolicy) {
			t.Fatalf("short new password: %v, want ErrPasswordPolicy", err)
		}
		if _, err := f.m.Authenticate(f.ctx, phone); err != nil {
			t.Fatalf("refused changes ended a session: %v", err)
		}
		fresh, err := f.m.ChangePassword(f.ctx, u.ID, goodPassword, "a brand new passphrase", "192.0.2.10", "Firefox")
		if err != nil {
			t.Fatal(err)
		}
		for _, tok := range []string{laptop, phone} {
			if _, err := f.m.Authenticate(f.ctx, tok); !errors.Is(err, ErrNoSession) {
				t.Errorf("a session from before the change still works: %v", err)
			}
		}
		if _, err := f.m.Authenticate(f.ctx, fresh); err != nil {
			t.Errorf("the session started by the change: %v", err)
		}
		f.login(t, "ed@example.com", "a brand new passphrase")
		if _, _, err := f.m.Login(f.ctx, "ed@example.com", goodPassword, "192.0.2.10"); err != ErrInvalidCredentials {
			t.Errorf("the old password still signs in: %v", err)
		}
	})

	t.Run("ChangePasswordIsThrottled", func(t *testing.T) {
		f := newFixture(t, open, Options{})
		u := f.user(t, "ed@example.com", model.RoleEditor)
		var err error
		for range 10 {
			if _, err = f.m.ChangePassword(f.ctx, u.ID, "guess number one", "a brand new passphrase", "192.0.2.10", ""); errors.Is(err, ErrThrottled) {
				break
			}
		}
		if !errors.Is(err, ErrThrottled) {
			t.Fatalf("ten wrong current passwords: %v, want ErrThrottled", err)
		}
		// The right one is refused too while the lock lasts.
		if _, err := f.m.ChangePassword(f.ctx, u.ID, goodPassword, "a brand new passphrase", "192.0.2.10", ""); !errors.Is(err, ErrThrottled) {
			t.Errorf("while throttled: %v, want ErrThrottled", err)
		}
	})
}

func TestGeneratePassword(t *testing.T) {
	seen := map[string]bool{}
	for range 50 {
		pw, err := GeneratePassword()
		if err != nil {
			t.Fatal(err)
		}
		if err := CheckPasswordPolicy(pw); err != nil {
			t.Errorf("generated %q fails the policy: %v", pw, err)
		}
		groups := strings.Split(pw, "-")
		if len(groups) != 4 {
			t.Errorf("generated %q: want four groups", pw)
		}
		for _, g := range groups {
			if len(g) != 5 || strings.Trim(g, generatedAlphabet) != "" {
				t.Errorf("generated %q: group %q is not five symbols of the alphabet", pw, g)
			}
		}
		if seen[pw] {
			t.Errorf("generated %q twice", pw)
		}
		seen[pw] = true
	}
}
