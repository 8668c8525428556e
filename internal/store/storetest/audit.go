package storetest

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

var auditCases = []suiteCase{
	{"AuditListsNewestFirstAndFilters", testAuditList},
	{"AuditRefusesBadEntries", testAuditBad},
}

func mustAudit(t *testing.T, s store.Store, e model.AuditEntry) model.AuditEntry {
	t.Helper()
	got, err := s.AddAudit(t.Context(), e)
	if err != nil {
		t.Fatalf("AddAudit(%+v): %v", e, err)
	}
	return got
}

func testAuditList(t *testing.T, s store.Store) {
	ctx := t.Context()
	u, err := s.AddUser(ctx, model.User{Email: "ed@example.com", Role: model.RoleEditor})
	if err != nil {
		t.Fatal(err)
	}
	var added []model.AuditEntry
	for i := range 5 {
		e := model.AuditEntry{At: base.Add(time.Duration(i) * time.Minute), UserID: u.ID, Actor: u.Email,
			Action: "article.save", TargetType: "article", TargetID: int64(i%2 + 1), Summary: "edit", ClientIP: "192.0.2.1"}
		if i == 4 {
			e.Action, e.TargetType, e.TargetID, e.UserID, e.Actor = "settings.site", "", 0, 0, "shell"
		}
		added = append(added, mustAudit(t, s, e))
	}
	if added[0].ID == 0 || !added[0].At.Equal(base) {
		t.Fatalf("stored entry = %+v", added[0])
	}
	// Pages of two, newest first, walking the whole log.
	var ids []int64
	cursor := ""
	for range 4 {
		page, next, err := s.ListAudit(ctx, store.AuditFilter{Limit: 2, Cursor: cursor})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range page {
			ids = append(ids, e.ID)
		}
		if next == "" {
			break
		}
		cursor = next
	}
	want := []int64{added[4].ID, added[3].ID, added[2].ID, added[1].ID, added[0].ID}
	if len(ids) != len(want) {
		t.Fatalf("walked ids %v, want %v", ids, want)
	}
	for i := range want {
		if ids[i] != want[i] {
			t.Fatalf("walked ids %v, want %v", ids, want)
		}
	}
	first, _, _ := s.ListAudit(ctx, store.AuditFilter{Limit: 1})
	if got := first[0]; got.Actor != "shell" || got.UserID != 0 || got.Action != "settings.site" {
		t.Errorf("newest entry = %+v", got)
	}
	target, _, err := s.ListAudit(ctx, store.AuditFilter{TargetType: "article", TargetID: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(target) != 2 || target[0].ID != added[2].ID || target[1].ID != added[0].ID {
		t.Errorf("article 1's history = %+v", target)
	}
	byUser, _, _ := s.ListAudit(ctx, store.AuditFilter{UserID: u.ID})
	if len(byUser) != 4 {
		t.Errorf("user's entries: %d, want 4", len(byUser))
	}
	prefixed, _, _ := s.ListAudit(ctx, store.AuditFilter{ActionPrefix: "settings."})
	if len(prefixed) != 1 || prefixed[0].ID != added[4].ID {
		t.Errorf("settings.* entries = %+v", prefixed)
	}
	literal, _, _ := s.ListAudit(ctx, store.AuditFilter{ActionPrefix: "%"})
	if len(literal) != 0 {
		t.Errorf("prefix %%: %d entries, want none (taken literally)", len(literal))
	}
	if _, _, err := s.ListAudit(ctx, store.AuditFilter{Cursor: "garbage!"}); !errors.Is(err, store.ErrBadCursor) {
		t.Errorf("bad cursor: err = %v, want ErrBadCursor", err)
	}
}

func testAuditBad(t *testing.T, s store.Store) {
	ctx := t.Context()
	if _, err := s.AddAudit(ctx, model.AuditEntry{Action: "  "}); err == nil {
		t.Error("an entry without an action was stored")
	}
	if _, err := s.AddAudit(ctx, model.AuditEntry{Action: "x", Summary: "nul\x00byte"}); err == nil {
		t.Error("a summary with a NUL byte was stored")
	}
	long := mustAudit(t, s, model.AuditEntry{Action: "article.save", Summary: strings.Repeat("é", 3000)})
	if len(long.Summary) > 2100 || !strings.HasSuffix(long.Summary, "…") {
		t.Errorf("long summary kept %d bytes", len(long.Summary))
	}
	got, _, err := s.ListAudit(ctx, store.AuditFilter{})
	if err != nil || len(got) != 1 || got[0].Summary != long.Summary {
		t.Fatalf("after refusals the log holds %+v (err %v), want the one good entry", got, err)
	}
}
