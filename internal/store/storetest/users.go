package storetest

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

var userCases = []suiteCase{
	{"Users/AddGetList", testUsersAddGet},
	{"Users/EmailUniqueInAnyCase", testUsersDuplicate},
	{"Users/Refused", testUsersRefused},
	{"Users/WithRoles", testUsersRoles},
	{"Sessions/LiveUntilExpiry", testSessionsExpiry},
	{"Sessions/DeleteAndDeleteExpired", testSessionsDelete},
	{"Sessions/SetPasswordEndsSessions", testSessionsSetPassword},
	{"Sessions/Refused", testSessionsRefused},
}

// mustUser stores a user and fails the test on error.
func mustUser(t *testing.T, s store.Store, email string, role model.Role) model.User {
	t.Helper()
	u, err := s.AddUser(t.Context(), model.User{Email: email, Name: "Name of " + email, Role: role, PasswordHash: "$argon2id$v=19$hash-of-" + email})
	if err != nil {
		t.Fatalf("AddUser(%q): %v", email, err)
	}
	return u
}

func testUsersAddGet(t *testing.T, s store.Store) {
	ctx := t.Context()
	empty, err := s.ListUsers(ctx)
	if err != nil || empty == nil || len(empty) != 0 {
		t.Errorf("ListUsers on an empty store = %#v, %v; want an empty, non-nil list", empty, err)
	}
	in := model.User{Email: "Ana.Odegard@Example.COM", Name: "Ana Ødegård", Role: model.RoleAdmin,
		PasswordHash: "$argon2id$v=19$m=65536,t=3,p=2$c2FsdA$aGFzaA", Created: base.In(time.FixedZone("X", 3600))}
	ana, err := s.AddUser(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	want := in
	want.ID, want.Created = ana.ID, base
	if ana.ID <= 0 || !reflect.DeepEqual(ana, want) {
		t.Errorf("AddUser returned %+v, want %+v", ana, want)
	}
	before := time.Now().Add(-time.Second)
	bo := mustUser(t, s, "bo@example.com", model.RoleModerator)
	if bo.Created.Before(before) || bo.Created.After(time.Now().Add(time.Second)) {
		t.Errorf("a user without a time got Created %v, want about now", bo.Created)
	}
	got, err := s.GetUser(ctx, ana.ID)
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("GetUser = %+v, %v; want %+v", got, err, want)
	}
	// Email is found in any case, and kept as given.
	for _, email := range []string{"Ana.Odegard@Example.COM", "ana.odegard@example.com", "ANA.ODEGARD@EXAMPLE.COM"} {
		got, err := s.GetUserByEmail(ctx, email)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("GetUserByEmail(%q) = %+v, %v; want %+v", email, got, err, want)
		}
	}
	for _, missing := range []string{"nobody@example.com", "", "ana.odegard@example.com ", "\x00", "\xff"} {
		if _, err := s.GetUserByEmail(ctx, missing); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("GetUserByEmail(%q) = %v, want ErrNotFound", missing, err)
		}
	}
	if _, err := s.GetUser(ctx, bo.ID+100); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("GetUser(missing) = %v, want ErrNotFound", err)
	}
	list, err := s.ListUsers(ctx)
	if err != nil || len(list) != 2 || !reflect.DeepEqual(list[0], want) || !reflect.DeepEqual(list[1], bo) {
		t.Errorf("ListUsers = %+v, %v; want Ana then Bo", list, err)
	}
}

func testUsersDuplicate(t *testing.T, s store.Store) {
	ctx := t.Context()
	mustUser(t, s, "Editor@Example.com", model.RoleEditor)
	for _, email := range []string{"Editor@Example.com", "editor@example.com", "EDITOR@EXAMPLE.COM"} {
		_, err := s.AddUser(ctx, model.User{Email: email, Role: model.RoleAuthor})
		if !errors.Is(err, store.ErrDuplicate) {
			t.Errorf("AddUser(%q) = %v, want ErrDuplicate", email, err)
		}
	}
	list, err := s.ListUsers(ctx)
	if err != nil || len(list) != 1 || list[0].Role != model.RoleEditor {
		t.Errorf("ListUsers = %+v, %v; want the first user only", list, err)
	}
}

func testUsersRefused(t *testing.T, s store.Store) {
	ctx := t.Context()
	for name, u := range map[string]model.User{
		"empty email":   {Role: model.RoleAdmin},
		"blank email":   {Email: "  ", Role: model.RoleAdmin},
		"unknown role":  {Email: "a@example.com", Role: "owner"},
		"no role":       {Email: "a@example.com"},
		"NUL in email":  {Email: "a\x00@example.com", Role: model.RoleAdmin},
		"invalid name":  {Email: "a@example.com", Name: "\xff", Role: model.RoleAdmin},
		"NUL in a hash": {Email: "a@example.com", Role: model.RoleAdmin, PasswordHash: "x\x00"},
	} {
		if _, err := s.AddUser(ctx, u); err == nil || errors.Is(err, store.ErrDuplicate) {
			t.Errorf("%s: %v; want a clear error", name, err)
		}
	}
	if list, err := s.ListUsers(ctx); err != nil || len(list) != 0 {
		t.Errorf("stored %+v, %v", list, err)
	}
}

func testUsersRoles(t *testing.T, s store.Store) {
	ctx := t.Context()
	admin := mustUser(t, s, "admin@example.com", model.RoleAdmin)
	mod := mustUser(t, s, "mod@example.com", model.RoleModerator)
	mustUser(t, s, "author@example.com", model.RoleAuthor)
	editor := mustUser(t, s, "editor@example.com", model.RoleEditor)
	for _, tc := range []struct {
		roles []model.Role
		want  []int64
	}{
		{[]model.Role{model.RoleEditor, model.RoleModerator, model.RoleAdmin}, []int64{admin.ID, mod.ID, editor.ID}},
		{[]model.Role{model.RoleModerator}, []int64{mod.ID}},
		{[]model.Role{model.RoleModerator, model.RoleModerator}, []int64{mod.ID}},
		{nil, []int64{}},
		{[]model.Role{"owner", "\x00"}, []int64{}},
	} {
		got, err := s.UsersWithRoles(ctx, tc.roles...)
		if err != nil || got == nil {
			t.Errorf("UsersWithRoles(%v) = %v, %v", tc.roles, got, err)
			continue
		}
		ids := []int64{}
		for _, u := range got {
			ids = append(ids, u.ID)
		}
		if !reflect.DeepEqual(ids, tc.want) {
			t.Errorf("UsersWithRoles(%v) = %v, want %v", tc.roles, ids, tc.want)
		}
	}
}

func testSessionsExpiry(t *testing.T, s store.Store) {
	ctx := t.Context()
	u := mustUser(t, s, "editor@example.com", model.RoleEditor)
	sess := model.Session{TokenHash: "hash-1", UserID: u.ID, Created: base, Expires: base.Add(time.Hour)}
	if err := s.CreateSession(ctx, sess); err != nil {
		t.Fatal(err)
	}
	for _, now := range []time.Time{base, base.Add(-time.Hour), base.Add(time.Hour - time.Microsecond)} {
		got, user, err := s.GetSession(ctx, "hash-1", now)
		if err != nil || !reflect.DeepEqual(got, sess) || !reflect.DeepEqual(user, u) {
			t.Errorf("GetSession at %v = %+v, %+v, %v; want the session and its user", now, got, user, err)
		}
	}
	for _, now := range []time.Time{base.Add(time.Hour), base.Add(48 * time.Hour)} {
		if _, _, err := s.GetSession(ctx, "hash-1", now); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("GetSession at %v (expired) = %v, want ErrNotFound", now, err)
		}
	}
	for _, bad := range []string{"hash-2", "", "HASH-1", "hash-1\x00", "\xff"} {
		if _, _, err := s.GetSession(ctx, bad, base); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("GetSession(%q) = %v, want ErrNotFound", bad, err)
		}
	}
}

func testSessionsDelete(t *testing.T, s store.Store) {
	ctx := t.Context()
	u := mustUser(t, s, "editor@example.com", model.RoleEditor)
	for name, exp := range map[string]time.Duration{"short": time.Hour, "exact": 2 * time.Hour, "long": 3 * time.Hour, "out": 4 * time.Hour} {
		if err := s.CreateSession(ctx, model.Session{TokenHash: name, UserID: u.ID, Created: base, Expires: base.Add(exp)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.DeleteSession(ctx, "out"); err != nil {
		t.Fatal(err)
	}
	for _, absent := range []string{"out", "never", "", "\x00"} {
		if err := s.DeleteSession(ctx, absent); err != nil {
			t.Errorf("DeleteSession(%q) = %v, want no error", absent, err)
		}
	}
	if err := s.DeleteExpiredSessions(ctx, base.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	// Asked at base, when all were live, only the sessions still stored
	// answer: expired ones were deleted, not merely hidden.
	for name, live := range map[string]bool{"short": false, "exact": false, "long": true, "out": false} {
		_, _, err := s.GetSession(ctx, name, base)
		if live && err != nil || !live && !errors.Is(err, store.ErrNotFound) {
			t.Errorf("session %s: %v; want stored=%v", name, err, live)
		}
	}
}

func testSessionsSetPassword(t *testing.T, s store.Store) {
	ctx := t.Context()
	ana := mustUser(t, s, "ana@example.com", model.RoleEditor)
	bo := mustUser(t, s, "bo@example.com", model.RoleAuthor)
	for _, sess := range []model.Session{
		{TokenHash: "ana-phone", UserID: ana.ID, Created: base, Expires: base.Add(time.Hour)},
		{TokenHash: "ana-laptop", UserID: ana.ID, Created: base, Expires: base.Add(time.Hour)},
		{TokenHash: "bo-phone", UserID: bo.ID, Created: base, Expires: base.Add(time.Hour)},
	} {
		if err := s.CreateSession(ctx, sess); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SetPassword(ctx, ana.ID, "$argon2id$new"); err != nil {
		t.Fatal(err)
	}
	got, err := s.GetUser(ctx, ana.ID)
	if err != nil || got.PasswordHash != "$argon2id$new" {
		t.Errorf("password hash after SetPassword: %q, %v", got.PasswordHash, err)
	}
	for _, tok := range []string{"ana-phone", "ana-laptop"} {
		if _, _, err := s.GetSession(ctx, tok, base); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("session %s after a new password: %v, want ErrNotFound", tok, err)
		}
	}
	if _, user, err := s.GetSession(ctx, "bo-phone", base); err != nil || user.ID != bo.ID {
		t.Errorf("another user's session: %+v, %v; want it kept", user, err)
	}
	if err := s.SetPassword(ctx, bo.ID+100, "x"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("SetPassword(missing) = %v, want ErrNotFound", err)
	}
	if err := s.SetPassword(ctx, bo.ID, "x\x00"); err == nil {
		t.Error("SetPassword accepted a NUL byte")
	}
	if _, _, err := s.GetSession(ctx, "bo-phone", base); err != nil {
		t.Errorf("a refused SetPassword ended a session: %v", err)
	}
}

func testSessionsRefused(t *testing.T, s store.Store) {
	ctx := t.Context()
	u := mustUser(t, s, "ana@example.com", model.RoleEditor)
	ok := model.Session{TokenHash: "tok", UserID: u.ID, Created: base, Expires: base.Add(time.Hour)}
	if err := s.CreateSession(ctx, ok); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateSession(ctx, ok); !errors.Is(err, store.ErrDuplicate) {
		t.Errorf("the same token twice: %v, want ErrDuplicate", err)
	}
	missing := ok
	missing.TokenHash, missing.UserID = "other", u.ID+100
	if err := s.CreateSession(ctx, missing); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a session of a missing user: %v, want ErrNotFound", err)
	}
	for name, bad := range map[string]model.Session{
		"empty token":  {UserID: u.ID, Expires: base},
		"NUL in token": {TokenHash: "a\x00", UserID: u.ID, Expires: base},
		"no expiry":    {TokenHash: "b", UserID: u.ID},
	} {
		if err := s.CreateSession(ctx, bad); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	// Created defaults to now.
	before := time.Now().Add(-time.Second)
	if err := s.CreateSession(ctx, model.Session{TokenHash: "fresh", UserID: u.ID, Expires: base.Add(24 * 365 * 100 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	got, _, err := s.GetSession(ctx, "fresh", base)
	if err != nil || got.Created.Before(before) || got.Created.After(time.Now().Add(time.Second)) {
		t.Errorf("a session without a time: %+v, %v; want Created about now", got, err)
	}
}
