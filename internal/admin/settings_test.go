package admin_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/newsdesk/newsdesk/internal/comments"
	"github.com/newsdesk/newsdesk/internal/model"
)

func TestSettings_SavesAndRefusesBadValues(t *testing.T) {
	f := newFixture(t)
	c, _ := f.signIn(model.RoleAdmin, "Ada")
	resp, body := f.get("/admin/settings/discussion", c)
	wantStatus(t, resp, http.StatusOK)
	doc := parse(t, body)
	// A fresh site shows the defaults.
	if v, _ := doc.Find("#thread_depth").Attr("value"); v != "5" {
		t.Errorf("thread depth shows %q, want the default 5", v)
	}
	if _, checked := doc.Find("#hold_first").Attr("checked"); !checked {
		t.Error("hold first is not ticked by default")
	}
	doc.Find("input:not([type=hidden]), textarea").Each(func(_ int, s *goquery.Selection) {
		id, _ := s.Attr("id")
		if doc.Find(`label[for="`+id+`"]`).Length() != 1 {
			t.Errorf("field %q has no label", id)
		}
	})
	token := f.csrf(c)

	good := url.Values{"csrf": {token}, "moderation_words": {"casino\r\n\r\nCasino\r\n203.0.113.0/24"}, "disallowed_words": {"cheap pills"},
		"hold_links": {"3"}, "thread_depth": {"3"}, "close_after_days": {"30"}, "per_page": {"25"}, "newest_first": {"true"}}
	resp, _ = f.post("/admin/settings/discussion", c, good)
	wantRedirect(t, resp, "/admin/settings/discussion?saved=1")
	kv, err := f.st.Settings(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	set, err := comments.SettingsFrom(kv)
	if err != nil {
		t.Fatal(err)
	}
	p := set.Policy
	if strings.Join(p.ModerationWords, "|") != "casino|203.0.113.0/24" || strings.Join(p.DisallowedWords, "|") != "cheap pills" ||
		p.HoldLinks != 3 || p.HoldFirst || p.MaxDepth != 3 || p.CloseAfter.Hours() != 30*24 || set.PerPage != 25 || !set.NewestFirst {
		t.Errorf("saved %+v", set)
	}
	_, body = f.get("/admin/settings/discussion?saved=1", c)
	doc = parse(t, body)
	if !strings.Contains(doc.Find(`[role="status"]`).Text(), "Settings saved.") {
		t.Error("no confirmation")
	}
	if v, _ := doc.Find("#per_page").Attr("value"); v != "25" {
		t.Errorf("per page shows %q after saving", v)
	}
	if _, checked := doc.Find("#newest").Attr("checked"); !checked {
		t.Error("newest first is not shown chosen")
	}

	bad := url.Values{"csrf": {token}, "moderation_words": {"spam"}, "disallowed_words": {""}, "hold_links": {"lots"},
		"hold_first": {"true"}, "thread_depth": {"0"}, "close_after_days": {"-1"}, "per_page": {"10"}, "newest_first": {"false"}}
	resp, body = f.post("/admin/settings/discussion", c, bad)
	wantStatus(t, resp, http.StatusUnprocessableEntity)
	doc = parse(t, body)
	for _, field := range []string{"hold_links", "thread_depth", "close_after_days"} {
		if doc.Find("#"+field+"-error").Text() == "" {
			t.Errorf("no error next to %s", field)
		}
	}
	if doc.Find("#per_page-error").Length() != 0 {
		t.Error("a good value is marked as an error")
	}
	if v, _ := doc.Find("#hold_links").Attr("value"); v != "lots" {
		t.Errorf("the bad value was not kept: %q", v)
	}
	if v := doc.Find("#moderation_words").Text(); v != "spam" {
		t.Errorf("the word list typed was not kept: %q", v)
	}
	after, _ := f.st.Settings(t.Context())
	if after[comments.KeyPerPage] != "25" || after[comments.KeyModerationWords] != kv[comments.KeyModerationWords] {
		t.Errorf("a refused form saved something: %v", after)
	}
}
