package auth

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
	"github.com/newsdesk/newsdesk/internal/store/storetest"
)

// The Manager is tested over both real stores: SQLite in a temporary
// file, and PostgreSQL in a schema of its own when the server is
// reachable (storetest.NewPostgres skips otherwise).

func openSQLite(t *testing.T) store.UserStore { return storetest.NewSQLiteCopy(t) }

func openPostgres(t *testing.T) store.UserStore { return storetest.NewPostgres(t) }

func TestManagerSQLite(t *testing.T)   { runManagerTests(t, openSQLite) }
func TestManagerPostgres(t *testing.T) { runManagerTests(t, openPostgres) }

const (
	goodPassword  = "correct horse battery staple"
	otherPassword = "tr0ub4dor & three more words"
)

type fixture struct {
	st  store.UserStore
	m   *Manager
	clk *clock
	ctx context.Context
}

func newFixture(t *testing.T, open func(*testing.T) store.UserStore, opts Options) *fixture {
	t.Helper()
	f := &fixture{st: open(t), clk: newClock(), ctx: context.Background()}
	opts.Now = f.clk.Now
	m, err := newManager(f.st, opts, cheap)
	if err != nil {
		t.Fatal(err)
	}
	f.m = m
	return f
}

func (f *fixture) user(t *testing.T, email string, role model.Role) model.User {
	t.Helper()
	u, err := f.m.CreateUser(f.ctx, email, "Ada Reporter", role, goodPassword)
	if err != nil {
		t.Fatalf("CreateUser(%s): %v", email, err)
	}
	return u
}

func (f *fixture) login(t *testing.T, email, password string) string {
	t.Helper()
	tok, _, err := f.m.Login(f.ctx, email, password, "192.0.2.10")
	if err != nil {
		t.Fatalf("Login(%s): %v", email, err)
	}
	return tok
}

func runManagerTests(t *testing.T, open func(*testing.T) store.UserStore) {
	t.Run("LoginAndAuthenticate", func(t *testing.T) {
		f := newFixture(t, open, Options{})
		u := f.user(t, "Editor@Example.com", model.RoleEditor)
		if u.ID == 0 || u.Email != "Editor@Example.com" || u.Name != "Ada Reporter" || u.Role != model.RoleEditor || u.PasswordHash != "" {
			t.Errorf("CreateUser = %+v", u)
		}
		stored, err := f.st.GetUserByEmail(f.ctx, "editor@example.com")
		if err != nil {
			t.Fatal(err)
		}
		if ok, err := VerifyPassword(stored.PasswordHash, goodPassword); !ok || err != nil {
			t.Errorf("stored hash %q does not verify: %v, %v", stored.PasswordHash, ok, err)
		}
		if strings.Contains(stored.PasswordHash, goodPassword) {
			t.Error("the password is stored in clear")
		}

		tok, lu, err := f.m.Login(f.ctx, " editor@EXAMPLE.com", goodPassword, "192.0.2.10")
		if err != nil {
			t.Fatalf("Login: %v", err)
		}
		if !validToken(tok) || lu.ID != u.ID || lu.Role != model.RoleEditor || lu.PasswordHash != "" {
			t.Errorf("Login = %q, %+v", tok, lu)
		}
		au, err := f.m.Authenticate(f.ctx, tok)
		if err != nil || au.ID != u.ID || au.Email != "Editor@Example.com" || au.PasswordHash != "" {
			t.Errorf("Authenticate = %+v, %v", au, err)
		}
		// The store holds the token's hash, never the token.
		sess, _, err := f.st.GetSession(f.ctx, HashToken(tok), f.clk.Now())
		if err != nil {
			t.Fatalf("the session is not stored under the token's hash: %v", err)
		}
		if sess.UserID != u.ID || !sess.Expires.Equal(f.clk.Now().Add(DefaultSessionTTL)) {
			t.Errorf("stored session %+v, want user %d expiring in 7 days", sess, u.ID)
		}
		if _, _, err := f.st.GetSession(f.ctx, tok, f.clk.Now()); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("a session is stored under the token itself: %v", err)
		}
		// Two sign-ins, two sessions.
		tok2 := f.login(t, "editor@example.com", goodPassword)
		if tok2 == tok {
			t.Error("two sign-ins got the same token")
		}
		if _, err := f.m.Authenticate(f.ctx, tok); err != nil {
			t.Errorf("the first session ended with the second sign-in: %v", err)
		}
	})

	t.Run("WrongPasswordAndUnknownEmailLookAlike", func(t *testing.T) {
		f := newFixture(t, open, Options{})
		f.user(t, "author@example.com", model.RoleAuthor)
		_, _, errWrong := f.m.Login(f.ctx, "author@example.com", otherPassword, "192.0.2.1")
		_, _, errUnknown := f.m.Login(f.ctx, "nobody@example.com", goodPassword, "192.0.2.2")
		_, _, errCase := f.m.Login(f.ctx, "author@example.com", strings.ToUpper(goodPassword), "192.0.2.3")
		for _, err := range []error{errWrong, errUnknown, errCase} {
			if err != ErrInvalidCredentials {
				t.Errorf("got %v, want exactly ErrInvalidCredentials", err)
			}
		}
		for _, c := range []struct{ email, pw string }{
			{"", goodPassword},
			{"author@example.com", ""},
			{"author@example.com", goodPassword + strings.Repeat("x", MaxPasswordBytes)},
			{strings.Repeat("a", 300) + "@example.com", goodPassword},
			{"a\x00@example.com", goodPassword},
			{"\xff@example.com", goodPassword},
			{"author@example.com\r\nX-Header: 1", goodPassword},
		} {
			if _, _, err := f.m.Login(f.ctx, c.email, c.pw, ""); err != ErrInvalidCredentials {
				t.Errorf("Login(%.40q, %.20q) = %v, want ErrInvalidCredentials", c.email, c.pw, err)
			}
		}
		// The stand-in hash verified for unknown emails costs what a real
		// one does: same parameters, same sizes.
		p, _, _, err := decodeHash(f.m.dummy)
		if err != nil || p != f.m.params {
			t.Errorf("dummy hash %q: %+v, %v; want the manager's parameters", f.m.dummy, p, err)
		}
		// An account without a password cannot sign in.
		if _, err := f.st.AddUser(f.ctx, model.User{Email: "nopw@example.com", Role: model.RoleAuthor}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := f.m.Login(f.ctx, "nopw@example.com", "", ""); err != ErrInvalidCredentials {
			t.Errorf("Login without a password set = %v", err)
		}
	})

	t.Run("SessionExpires", func(t *testing.T) {
		f := newFixture(t, open, Options{SessionTTL: 2 * time.Hour})
		f.user(t, "mod@example.com", model.RoleModerator)
		tok := f.login(t, "mod@example.com", goodPassword)
		f.clk.Advance(2*time.Hour - time.Second)
		if _, err := f.m.Authenticate(f.ctx, tok); err != nil {
			t.Fatalf("a second before the end: %v", err)
		}
		f.clk.Advance(time.Second)
		if _, err := f.m.Authenticate(f.ctx, tok); err != ErrNoSession {
			t.Errorf("at the end: %v, want ErrNoSession", err)
		}
		if f.m.SessionTTL() != 2*time.Hour {
			t.Errorf("SessionTTL = %v", f.m.SessionTTL())
		}
	})

	t.Run("Logout", func(t *testing.T) {
		f := newFixture(t, open, Options{})
		f.user(t, "admin@example.com", model.RoleAdmin)
		tok := f.login(t, "admin@example.com", goodPassword)
		other := f.login(t, "admin@example.com", goodPassword)
		if err := f.m.Logout(f.ctx, tok); err != nil {
			t.Fatal(err)
		}
		if _, err := f.m.Authenticate(f.ctx, tok); err != ErrNoSession {
			t.Errorf("after logout: %v, want ErrNoSession", err)
		}
		if _, err := f.m.Authenticate(f.ctx, other); err != nil {
			t.Errorf("logout ended the other session: %v", err)
		}
		for _, tk := range []string{tok, "", "garbage", strings.Repeat("A", 43)} {
			if err := f.m.Logout(f.ctx, tk); err != nil {
				t.Errorf("Logout(%q) = %v, want nil", tk, err)
			}
		}
	})

	t.Run("GarbledTokens", func(t *testing.T) {
		f := newFixture(t, open, Options{})
		f.user(t, "a@example.com", model.RoleAuthor)
		tok := f.login(t, "a@example.com", goodPassword)
		flipped := []byte(tok)
		if flipped[0] == 'A' {
			flipped[0] = 'B'
		} else {
			flipped[0] = 'A'
		}
		for _, bad := range []string{"", "x", tok[:42], tok + "A", string(flipped), HashToken(tok), "' OR 1=1 --", strings.Repeat("\x00", 43)} {
			if _, err := f.m.Authenticate(f.ctx, bad); err != ErrNoSession {
				t.Errorf("Authenticate(%q) = %v, want ErrNoSession", bad, err)
			}
		}
	})

	t.Run("SetPasswordEndsSessions", func(t *testing.T) {
		f := newFixture(t, open, Options{})
		u := f.user(t, "a@example.com", model.RoleAuthor)
		v := f.user(t, "b@example.com", model.RoleAuthor)
		tok1 := f.login(t, "a@example.com", goodPassword)
		tok2 := f.login(t, "a@example.com", goodPassword)
		tokB := f.login(t, "b@example.com", goodPassword)
		if err := f.m.SetPassword(f.ctx, u.ID, "short"); !errors.Is(err, ErrPasswordPolicy) {
			t.Errorf("SetPassword(weak) = %v, want ErrPasswordPolicy", err)
		}
		if _, err := f.m.Authenticate(f.ctx, tok1); err != nil {
			t.Fatalf("a refused password change ended the session: %v", err)
		}
		if err := f.m.SetPassword(f.ctx, u.ID, otherPassword); err != nil {
			t.Fatal(err)
		}
		for _, tk := range []string{tok1, tok2} {
			if _, err := f.m.Authenticate(f.ctx, tk); err != ErrNoSession {
				t.Errorf("session after a password change: %v, want ErrNoSession", err)
			}
		}
		if au, err := f.m.Authenticate(f.ctx, tokB); err != nil || au.ID != v.ID {
			t.Errorf("another user's session: %+v, %v", au, err)
		}
		if _, _, err := f.m.Login(f.ctx, "a@example.com", goodPassword, ""); err != ErrInvalidCredentials {
			t.Errorf("old password: %v, want ErrInvalidCredentials", err)
		}
		f.login(t, "a@example.com", otherPassword)
		if err := f.m.SetPassword(f.ctx, 999999, otherPassword); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("SetPassword(unknown user) = %v, want store.ErrNotFound", err)
		}
	})

	t.Run("CreateUserValidates", func(t *testing.T) {
		f := newFixture(t, open, Options{})
		f.user(t, "taken@example.com", model.RoleAuthor)
		cases := []struct {
			email, name string
			role        model.Role
			pw          string
			want        error
		}{
			{"", "", model.RoleAuthor, goodPassword, ErrInvalidEmail},
			{"no-at-sign", "", model.RoleAuthor, goodPassword, ErrInvalidEmail},
			{"a@", "", model.RoleAuthor, goodPassword, ErrInvalidEmail},
			{"@example.com", "", model.RoleAuthor, goodPassword, ErrInvalidEmail},
			{"Bob <bob@example.com>", "", model.RoleAuthor, goodPassword, ErrInvalidEmail},
			{"<bob@example.com>", "", model.RoleAuthor, goodPassword, ErrInvalidEmail},
			{"bob@example.com, eve@example.com", "", model.RoleAuthor, goodPassword, ErrInvalidEmail},
			{"bob@example.com (Bob)", "", model.RoleAuthor, goodPassword, ErrInvalidEmail},
			{"bob smith@example.com", "", model.RoleAuthor, goodPassword, ErrInvalidEmail},
			{"bob@exa mple.com", "", model.RoleAuthor, goodPassword, ErrInvalidEmail},
			{"bob@example.com\n", "", model.RoleAuthor, goodPassword, nil}, // trimmed
			{strings.Repeat("a", 250) + "@example.com", "", model.RoleAuthor, goodPassword, ErrInvalidEmail},
			{"ok@example.com", "", "chief", goodPassword, ErrInvalidRole},
			{"ok@example.com", "", "", goodPassword, ErrInvalidRole},
			{"ok@example.com", "", "Admin", goodPassword, ErrInvalidRole},
			{"ok@example.com", "", model.RoleAuthor, "short", ErrPasswordPolicy},
			{"ok@example.com", "", model.RoleAuthor, strings.Repeat("z", 20), ErrPasswordPolicy},
			{"ok@example.com", "Bad\x00Name", model.RoleAuthor, goodPassword, ErrInvalidName},
			{"ok@example.com", strings.Repeat("n", 201), model.RoleAuthor, goodPassword, ErrInvalidName},
			{"ok@example.com", "\xff", model.RoleAuthor, goodPassword, ErrInvalidName},
			{"TAKEN@example.com", "", model.RoleAuthor, goodPassword, ErrEmailTaken},
		}
		for _, c := range cases {
			u, err := f.m.CreateUser(f.ctx, c.email, c.name, c.role, c.pw)
			if c.want == nil {
				if err != nil || u.Email != strings.TrimSpace(c.email) {
					t.Errorf("CreateUser(%q) = %+v, %v", c.email, u, err)
				}
				continue
			}
			if !errors.Is(err, c.want) {
				t.Errorf("CreateUser(%.60q, %q, %q, %q) = %v, want %v", c.email, c.name, c.role, c.pw, err, c.want)
			}
		}
		// Nothing refused was stored.
		users, err := f.st.ListUsers(f.ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(users) != 2 {
			t.Errorf("%d users stored, want 2: %+v", len(users), users)
		}
		if _, err := f.m.CreateUser(f.ctx, "named@example.com", "  Grace  ", model.RoleModerator, goodPassword); err != nil {
			t.Fatal(err)
		}
		if u, _ := f.st.GetUserByEmail(f.ctx, "named@example.com"); u.Name != "Grace" || u.Role != model.RoleModerator {
			t.Errorf("stored %+v", u)
		}
	})

	t.Run("Throttled", func(t *testing.T) {
		f := newFixture(t, open, Options{})
		f.user(t, "target@example.com", model.RoleAdmin)
		for i := range 5 {
			if _, _, err := f.m.Login(f.ctx, "target@example.com", otherPassword, "198.51.100."+string(rune('1'+i))); err != ErrInvalidCredentials {
				t.Fatalf("guess %d: %v", i+1, err)
			}
		}
		// Locked: even the right password is refused, from anywhere.
		_, _, err := f.m.Login(f.ctx, "TARGET@example.com", goodPassword, "192.0.2.77")
		var te *ThrottledError
		if !errors.As(err, &te) || te.RetryAfter != 5*time.Minute {
			t.Fatalf("Login while locked = %v, want ErrThrottled for 5m", err)
		}
		// An email without an account locks the same way.
		for range 5 {
			if _, _, err := f.m.Login(f.ctx, "ghost@example.com", otherPassword, ""); err != ErrInvalidCredentials {
				t.Fatal(err)
			}
		}
		if _, _, err := f.m.Login(f.ctx, "ghost@example.com", otherPassword, ""); !errors.Is(err, ErrThrottled) {
			t.Errorf("unknown email after 5 failures: %v, want ErrThrottled", err)
		}
		f.clk.Advance(5 * time.Minute)
		tok := f.login(t, "target@example.com", goodPassword)
		if _, err := f.m.Authenticate(f.ctx, tok); err != nil {
			t.Fatal(err)
		}
		// The success cleared the account: four more failures do not lock.
		for i := range 4 {
			if _, _, err := f.m.Login(f.ctx, "target@example.com", otherPassword, "203.0.113."+string(rune('1'+i))); err != ErrInvalidCredentials {
				t.Fatalf("failure %d after success: %v", i+1, err)
			}
		}
		f.login(t, "target@example.com", goodPassword)
	})

	t.Run("RehashOnLogin", func(t *testing.T) {
		f := newFixture(t, open, Options{})
		u := f.user(t, "old@example.com", model.RoleEditor)
		earlier := f.login(t, "old@example.com", goodPassword)
		// The production parameters replace the cheap ones at the next
		// sign-in.
		m, err := NewManager(f.st, Options{Now: f.clk.Now})
		if err != nil {
			t.Fatal(err)
		}
		tok, _, err := m.Login(f.ctx, "old@example.com", goodPassword, "")
		if err != nil {
			t.Fatalf("Login: %v", err)
		}
		stored, _ := f.st.GetUserByEmail(f.ctx, "old@example.com")
		if NeedsRehash(stored.PasswordHash) || !strings.HasPrefix(stored.PasswordHash, "$argon2id$v=19$m=19456,t=2,p=1$") {
			t.Errorf("after the sign-in the stored hash is %q", stored.PasswordHash)
		}
		if au, err := m.Authenticate(f.ctx, tok); err != nil || au.ID != u.ID {
			t.Errorf("the new session: %+v, %v", au, err)
		}
		if _, err := m.Authenticate(f.ctx, earlier); err != ErrNoSession {
			t.Errorf("a session from before the rehash: %v, want ErrNoSession (SetPassword ends them)", err)
		}
		// Signing in again does not rehash: sessions survive.
		tok2, _, err := m.Login(f.ctx, "old@example.com", goodPassword, "")
		if err != nil {
			t.Fatal(err)
		}
		again, _ := f.st.GetUserByEmail(f.ctx, "old@example.com")
		if again.PasswordHash != stored.PasswordHash {
			t.Error("a current hash was replaced")
		}
		for _, tk := range []string{tok, tok2} {
			if _, err := m.Authenticate(f.ctx, tk); err != nil {
				t.Errorf("session: %v", err)
			}
		}
	})

	t.Run("TamperedStoredHash", func(t *testing.T) {
		f := newFixture(t, open, Options{})
		u := f.user(t, "a@example.com", model.RoleAuthor)
		absurd := "$argon2id$v=19$m=4194304,t=100,p=1$" + b64.EncodeToString(make([]byte, 16)) + "$" + b64.EncodeToString(make([]byte, 32))
		if err := f.st.SetPassword(f.ctx, u.ID, absurd); err != nil {
			t.Fatal(err)
		}
		for range 6 {
			_, _, err := f.m.Login(f.ctx, "a@example.com", goodPassword, "192.0.2.1")
			if !errors.Is(err, ErrBadHash) || errors.Is(err, ErrInvalidCredentials) {
				t.Fatalf("Login over a tampered hash = %v, want ErrBadHash", err)
			}
		}
	})

	t.Run("WaitsForAHashingSlot", func(t *testing.T) {
		f := newFixture(t, open, Options{MaxConcurrentHashes: 2})
		f.user(t, "a@example.com", model.RoleAuthor)
		// Both slots busy and the caller gone: Login gives up waiting,
		// and that counts as no failure.
		f.m.hashing <- struct{}{}
		f.m.hashing <- struct{}{}
		ctx, cancel := context.WithCancel(f.ctx)
		cancel()
		for range 6 {
			_, _, err := f.m.Login(ctx, "a@example.com", goodPassword, "192.0.2.1")
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("Login while the slots are busy = %v, want context.Canceled", err)
			}
		}
		if _, err := f.m.CreateUser(ctx, "b@example.com", "", model.RoleAuthor, goodPassword); !errors.Is(err, context.Canceled) {
			t.Errorf("CreateUser = %v, want context.Canceled", err)
		}
		<-f.m.hashing
		<-f.m.hashing
		f.login(t, "a@example.com", goodPassword)
	})
}

func TestNewManagerOptions(t *testing.T) {
	st := openSQLite(t)
	for _, c := range []struct {
		st   Users
		opts Options
	}{
		{nil, Options{}},
		{st, Options{SessionTTL: -time.Hour}},
		{st, Options{IdleTimeout: -time.Hour}},
		{st, Options{MaxConcurrentHashes: -1}},
		{st, Options{Throttle: ThrottleOptions{Window: -time.Minute}}},
		{st, Options{Throttle: ThrottleOptions{Lock: time.Hour, MaxLock: time.Minute}}},
	} {
		if _, err := NewManager(c.st, c.opts); err == nil {
			t.Errorf("NewManager(%v, %+v) accepted", c.st != nil, c.opts)
		}
	}
	m, err := NewManager(st, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if m.SessionTTL() != 7*24*time.Hour || m.IdleTimeout() != 8*time.Hour || m.params != defaultParams || cap(m.hashing) < 1 {
		t.Errorf("defaults: ttl %v, params %+v, %d hashing slots", m.SessionTTL(), m.params, cap(m.hashing))
	}
	if p, _, _, err := decodeHash(m.dummy); err != nil || p != defaultParams {
		t.Errorf("dummy hash %q: %+v, %v", m.dummy, p, err)
	}
}

// TestHashing, which other packages' tests set, hashes with the cheap
// parameters, and a manager with the production ones rehashes such a
// hash at the next sign-in.
func TestNewManagerTestHashing(t *testing.T) {
	st := openSQLite(t)
	m, err := NewManager(st, Options{TestHashing: true})
	if err != nil {
		t.Fatal(err)
	}
	u, err := m.CreateUser(t.Context(), "quick@newsroom.example", "Quick Hash", model.RoleEditor, goodPassword)
	if err != nil {
		t.Fatal(err)
	}
	got, err := st.GetUser(t.Context(), u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if p, _, _, err := decodeHash(got.PasswordHash); err != nil || p != testParams {
		t.Fatalf("hash %q: %+v, %v; want the test parameters", got.PasswordHash, p, err)
	}
	prod, err := NewManager(st, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := prod.Login(t.Context(), "quick@newsroom.example", goodPassword, "192.0.2.1"); err != nil {
		t.Fatal(err)
	}
	got, _ = st.GetUser(t.Context(), u.ID)
	if p, _, _, err := decodeHash(got.PasswordHash); err != nil || p != defaultParams {
		t.Errorf("after a sign-in with the production parameters: %+v, %v", p, err)
	}
}
