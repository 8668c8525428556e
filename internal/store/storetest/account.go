package storetest

import (
	"errors"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

var accountCases = []suiteCase{
	{"Accounts/SetRoleKeepsAnAdmin", testAccountRole},
	{"Accounts/DisableEndsSessionsKeepsAnAdmin", testAccountDisable},
	{"Accounts/DeleteKeepsCommentsAndAudit", testAccountDelete},
	{"Accounts/LastAdminUnderConcurrentDemotions", testAccountConcurrentDemotions},
	{"Sessions/TouchListAndEndOthers", testSessionsTouchList},
	{"Sessions/KeepWhereStarted", testSessionsOrigin},
}

// mustSession stores a session of userID and fails the test on error.
func mustSession(t *testing.T, s store.Store, hash string, userID int64, created time.Time) {
	t.Helper()
	if err := s.CreateSession(t.Context(), model.Session{TokenHash: hash, UserID: userID, Created: created,
		Expires: created.Add(24 * time.Hour)}); err != nil {
		t.Fatalf("CreateSession(%q): %v", hash, err)
	}
}

// mustGetUser reads a user and fails the test on error.
func mustGetUser(t *testing.T, s store.Store, id int64) model.User {
	t.Helper()
	u, err := s.GetUser(t.Context(), id)
	if err != nil {
		t.Fatalf("GetUser(%d): %v", id, err)
	}
	return u
}

func testAccountRole(t *testing.T, s store.Store) {
	ctx := t.Context()
	ana := mustUser(t, s, "ana@example.com", model.RoleAdmin)
	bo := mustUser(t, s, "bo@example.com", model.RoleAuthor)
	if err := s.SetUserRole(ctx, ana.ID, model.RoleEditor); !errors.Is(err, store.ErrLastAdmin) {
		t.Fatalf("demoting the only admin = %v, want ErrLastAdmin", err)
	}
	if got := mustGetUser(t, s, ana.ID); got.Role != model.RoleAdmin {
		t.Errorf("a refused demotion changed the role to %s", got.Role)
	}
	if err := s.SetUserRole(ctx, bo.ID, model.RoleAdmin); err != nil {
		t.Fatal(err)
	}
	if err := s.SetUserRole(ctx, ana.ID, model.RoleModerator); err != nil {
		t.Fatalf("demoting one of two admins = %v", err)
	}
	if got := mustGetUser(t, s, ana.ID); got.Role != model.RoleModerator {
		t.Errorf("role after SetUserRole = %s, want moderator", got.Role)
	}
	// Setting the role an admin has already is no demotion.
	if err := s.SetUserRole(ctx, bo.ID, model.RoleAdmin); err != nil {
		t.Errorf("re-setting the last admin's role to admin = %v", err)
	}
	if err := s.SetUserRole(ctx, 9999, model.RoleEditor); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("SetUserRole of no user = %v, want ErrNotFound", err)
	}
	if err := s.SetUserRole(ctx, ana.ID, "owner"); err == nil {
		t.Error("SetUserRole took an unknown role")
	}
	// A disabled admin does not count: the enabled one is the last.
	carl := mustUser(t, s, "carl@example.com", model.RoleAdmin)
	if err := s.SetUserDisabled(ctx, carl.ID, true); err != nil {
		t.Fatal(err)
	}
	if err := s.SetUserRole(ctx, bo.ID, model.RoleEditor); !errors.Is(err, store.ErrLastAdmin) {
		t.Errorf("demoting the last enabled admin (another is disabled) = %v, want ErrLastAdmin", err)
	}
}

func testAccountDisable(t *testing.T, s store.Store) {
	ctx := t.Context()
	ana := mustUser(t, s, "ana@example.com", model.RoleAdmin)
	bo := mustUser(t, s, "bo@example.com", model.RoleEditor)
	mustSession(t, s, "bo-laptop", bo.ID, base)
	mustSession(t, s, "bo-phone", bo.ID, base)
	mustSession(t, s, "ana-laptop", ana.ID, base)
	if err := s.SetUserDisabled(ctx, ana.ID, true); !errors.Is(err, store.ErrLastAdmin) {
		t.Fatalf("disabling the only admin = %v, want ErrLastAdmin", err)
	}
	if _, _, err := s.GetSession(ctx, "ana-laptop", base); err != nil {
		t.Errorf("a refused disabling ended the admin's session: %v", err)
	}
	if err := s.SetUserDisabled(ctx, bo.ID, true); err != nil {
		t.Fatal(err)
	}
	if got := mustGetUser(t, s, bo.ID); !got.Disabled {
		t.Error("the user is not disabled")
	}
	for _, h := range []string{"bo-laptop", "bo-phone"} {
		if _, _, err := s.GetSession(ctx, h, base); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("session %s of a disabled user: %v, want ErrNotFound", h, err)
		}
	}
	if _, _, err := s.GetSession(ctx, "ana-laptop", base); err != nil {
		t.Errorf("disabling one user ended another's session: %v", err)
	}
	list, err := s.ListUsers(ctx)
	if err != nil || len(list) != 2 || list[0].Disabled || !list[1].Disabled {
		t.Errorf("ListUsers = %+v, %v; want only bo disabled", list, err)
	}
	if err := s.SetUserDisabled(ctx, bo.ID, false); err != nil {
		t.Fatal(err)
	}
	if got := mustGetUser(t, s, bo.ID); got.Disabled {
		t.Error("the user is still disabled after enabling")
	}
	if err := s.SetUserDisabled(ctx, 9999, true); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("disabling no user = %v, want ErrNotFound", err)
	}
}

func testAccountDelete(t *testing.T, s store.Store) {
	ctx := t.Context()
	ana := mustUser(t, s, "ana@example.com", model.RoleAdmin)
	bo := mustUser(t, s, "bo@example.com", model.RoleModerator)
	mustSession(t, s, "bo-laptop", bo.ID, base)
	arts := commentWorld(t, s, 1)
	c := mustComment(t, s, model.Comment{ArticleID: arts[0].ID, Status: model.CommentApproved, Name: "Bo",
		Email: bo.Email, Body: "Staff reply.", UserID: bo.ID, Created: base})
	entry, err := s.AddAudit(ctx, model.AuditEntry{At: base, UserID: bo.ID, Actor: bo.Email,
		Action: "comment.approve", TargetType: "comment", TargetID: c.ID, Summary: "approved"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteUser(ctx, ana.ID); !errors.Is(err, store.ErrLastAdmin) {
		t.Fatalf("deleting the only admin = %v, want ErrLastAdmin", err)
	}
	if err := s.DeleteUser(ctx, bo.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.GetUser(ctx, bo.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("GetUser of a deleted user = %v, want ErrNotFound", err)
	}
	if _, _, err := s.GetSession(ctx, "bo-laptop", base); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a deleted user's session: %v, want ErrNotFound", err)
	}
	got, err := s.GetComment(ctx, c.ID)
	if err != nil || got.UserID != 0 || got.Body != "Staff reply." || got.Status != model.CommentApproved {
		t.Errorf("the deleted user's comment = %+v, %v; want it kept, unlinked", got, err)
	}
	log, _, err := s.ListAudit(ctx, store.AuditFilter{TargetType: "comment", TargetID: c.ID})
	if err != nil || len(log) != 1 {
		t.Fatalf("audit after deleting its author = %+v, %v; want the entry", log, err)
	}
	want := entry
	want.UserID = 0
	if !reflect.DeepEqual(log[0], want) {
		t.Errorf("audit entry = %+v, want %+v (actor kept, account unlinked)", log[0], want)
	}
	if err := s.DeleteUser(ctx, bo.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("deleting a deleted user = %v, want ErrNotFound", err)
	}
	// The email is free again.
	if _, err := s.AddUser(ctx, model.User{Email: "BO@example.com", Role: model.RoleAuthor}); err != nil {
		t.Errorf("re-adding a deleted user's email: %v", err)
	}
}

// testAccountConcurrentDemotions races admins demoting each other: one
// enabled admin must remain whatever the interleaving.
func testAccountConcurrentDemotions(t *testing.T, s store.Store) {
	ctx := t.Context()
	var ids []int64
	for _, e := range []string{"a@example.com", "b@example.com", "c@example.com"} {
		ids = append(ids, mustUser(t, s, e, model.RoleAdmin).ID)
	}
	var wg sync.WaitGroup
	errs := make([]error, len(ids))
	for i, id := range ids {
		wg.Go(func() {
			if i%2 == 0 {
				errs[i] = s.SetUserRole(ctx, id, model.RoleEditor)
			} else {
				errs[i] = s.SetUserDisabled(ctx, id, true)
			}
		})
	}
	wg.Wait()
	refused := 0
	for _, err := range errs {
		switch {
		case errors.Is(err, store.ErrLastAdmin):
			refused++
		case err != nil:
			t.Fatal(err)
		}
	}
	admins := 0
	for _, id := range ids {
		if u := mustGetUser(t, s, id); u.Role == model.RoleAdmin && !u.Disabled {
			admins++
		}
	}
	if admins != 1 || refused != 1 {
		t.Errorf("after three concurrent demotions: %d enabled admins, %d refused; want 1 and 1", admins, refused)
	}
}

func testSessionsTouchList(t *testing.T, s store.Store) {
	ctx := t.Context()
	bo := mustUser(t, s, "bo@example.com", model.RoleEditor)
	cy := mustUser(t, s, "cy@example.com", model.RoleEditor)
	mustSession(t, s, "old", bo.ID, base)
	mustSession(t, s, "new", bo.ID, base.Add(time.Minute))
	mustSession(t, s, "cy", cy.ID, base)
	if err := s.CreateSession(ctx, model.Session{TokenHash: "gone", UserID: bo.ID, Created: base.Add(-2 * time.Hour),
		Expires: base.Add(-time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if u := mustGetUser(t, s, bo.ID); !u.LastSeen.IsZero() {
		t.Errorf("LastSeen of a user never touched = %v, want zero", u.LastSeen)
	}
	list, err := s.ListSessions(ctx, bo.ID, base)
	if err != nil || len(list) != 2 || list[0].TokenHash != "new" || list[1].TokenHash != "old" {
		t.Fatalf("ListSessions = %+v, %v; want new then old (the expired one left out)", list, err)
	}
	if !list[1].LastSeen.IsZero() {
		t.Errorf("LastSeen of an untouched session = %v, want zero", list[1].LastSeen)
	}
	seen := base.Add(10 * time.Minute)
	if err := s.TouchSession(ctx, "old", seen); err != nil {
		t.Fatal(err)
	}
	if err := s.TouchSession(ctx, "no such session", seen); err != nil {
		t.Errorf("TouchSession of no session = %v, want no error", err)
	}
	sess, u, err := s.GetSession(ctx, "old", base)
	if err != nil || !sess.LastSeen.Equal(seen) || !u.LastSeen.Equal(seen) {
		t.Errorf("after TouchSession: session %+v, user %+v, %v; want both last seen at %v", sess, u, err, seen)
	}
	// An earlier touch (a slow request finishing late) does not move the
	// user's last seen back.
	if err := s.TouchSession(ctx, "new", base.Add(5*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if u := mustGetUser(t, s, bo.ID); !u.LastSeen.Equal(seen) {
		t.Errorf("user LastSeen = %v, want %v", u.LastSeen, seen)
	}
	list, err = s.ListSessions(ctx, bo.ID, base)
	if err != nil || len(list) != 2 || list[0].TokenHash != "old" {
		t.Errorf("ListSessions after touching old = %+v, %v; want old first", list, err)
	}
	n, err := s.DeleteOtherSessions(ctx, bo.ID, "new")
	if err != nil || n != 2 { // "old" and the expired "gone"
		t.Errorf("DeleteOtherSessions = %d, %v; want 2", n, err)
	}
	if list, _ := s.ListSessions(ctx, bo.ID, base); len(list) != 1 || list[0].TokenHash != "new" {
		t.Errorf("sessions kept = %+v, want only new", list)
	}
	if _, _, err := s.GetSession(ctx, "cy", base); err != nil {
		t.Errorf("another user's session ended: %v", err)
	}
	if n, err := s.DeleteOtherSessions(ctx, bo.ID, ""); err != nil || n != 1 {
		t.Errorf("DeleteOtherSessions keeping none = %d, %v; want 1", n, err)
	}
	if list, err := s.ListSessions(ctx, 9999, base); err != nil || list == nil || len(list) != 0 {
		t.Errorf("ListSessions of no user = %#v, %v; want an empty list", list, err)
	}
}

func testSessionsOrigin(t *testing.T, s store.Store) {
	ctx := t.Context()
	bo := mustUser(t, s, "bo@example.com", model.RoleEditor)
	ua := "Mozilla/5.0 \x00\x1b[31m(X11; Linux) " + strings.Repeat("é", 400)
	in := model.Session{TokenHash: "h", UserID: bo.ID, Created: base, Expires: base.Add(time.Hour),
		LastSeen: base, ClientIP: "2001:db8::7", UserAgent: ua}
	if err := s.CreateSession(ctx, in); err != nil {
		t.Fatal(err)
	}
	got, u, err := s.GetSession(ctx, "h", base)
	if err != nil {
		t.Fatal(err)
	}
	if got.ClientIP != "2001:db8::7" || !got.LastSeen.Equal(base) || !u.LastSeen.Equal(base) {
		t.Errorf("session %+v / user last seen %v: want the address and last seen kept", got, u.LastSeen)
	}
	if !strings.HasPrefix(got.UserAgent, "Mozilla/5.0 [31m(X11; Linux) é") || len(got.UserAgent) > 300 ||
		strings.ContainsAny(got.UserAgent, "\x00\x1b") {
		t.Errorf("user agent kept as %q: want control characters dropped and at most 300 bytes", got.UserAgent)
	}
}
