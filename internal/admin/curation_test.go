package admin_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// curationWorld adds two stories of two outlets each, fresh, to the
// fixture's article, and returns the two stories' article IDs.
func curationWorld(t *testing.T, f *fixture) {
	t.Helper()
	ctx := t.Context()
	src, err := f.st.AddSource(ctx, model.Source{FeedURL: "https://ledger.example/feed", Name: "Ledger"})
	if err != nil {
		t.Fatal(err)
	}
	now := f.clock.Now()
	res, err := f.st.SaveArticles(ctx, src.ID, []model.Article{
		{GUID: "l1", URL: "https://ledger.example/harbor", Title: "Harbor open again", PublishedAt: now.Add(-50 * time.Minute)},
		{GUID: "l2", URL: "https://ledger.example/bridge", Title: "Bridge vote tonight", PublishedAt: now.Add(-30 * time.Minute)},
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.st.ApplyClustering(ctx, []store.StoryAssignment{
		{ArticleID: f.article.ID, StoryID: 1}, {ArticleID: res.IDs[0], StoryID: 1}, {ArticleID: res.IDs[1], StoryID: 2},
	}); err != nil {
		t.Fatal(err)
	}
}

func TestCuration_FrontPageActions(t *testing.T) {
	f := newFixture(t)
	curationWorld(t, f)
	ed, _ := f.signIn(model.RoleEditor, "Eda")
	csrf := f.csrf(ed)
	ctx := t.Context()
	post := func(path string, extra url.Values) *http.Response {
		t.Helper()
		form := url.Values{"csrf": {csrf}, "return": {"/admin/curation"}}
		for k, v := range extra {
			form[k] = v
		}
		resp, _ := f.post(path, ed, form)
		return resp
	}
	resp, body := f.get("/admin/curation", ed)
	wantStatus(t, resp, http.StatusOK)
	doc := parse(t, body)
	if got := doc.Find("#top-heading").Parent().Find(".item-title").Length(); got != 2 {
		t.Fatalf("%d top stories listed, want 2", got)
	}
	for _, id := range []int64{2, 1} {
		wantRedirect(t, post(fmt.Sprintf("/admin/curation/stories/%d/pin", id), nil),
			fmt.Sprintf("/admin/curation?done=pin&id=%d", id))
	}
	pinnedIDs := func() []int64 {
		ps, err := f.st.PinnedStories(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, p := range ps {
			ids = append(ids, p.ID)
		}
		return ids
	}
	if got := pinnedIDs(); !slices.Equal(got, []int64{2, 1}) {
		t.Fatalf("pinned %v", got)
	}
	wantStatus(t, post("/admin/curation/stories/1/up", nil), http.StatusSeeOther)
	if got := pinnedIDs(); !slices.Equal(got, []int64{1, 2}) {
		t.Errorf("after moving 1 up: %v", got)
	}
	_, body = f.get("/admin/curation", ed)
	if !strings.Contains(body, "Move down") {
		t.Error("the pinned list offers no reordering")
	}
	wantStatus(t, post("/admin/curation/stories/2/unpin", nil), http.StatusSeeOther)
	wantStatus(t, post("/admin/curation/stories/2/hide", nil), http.StatusSeeOther)
	if st, _ := f.st.GetStory(ctx, 2); !st.Hidden {
		t.Error("story 2 not hidden")
	}
	_, body = f.get("/admin/curation?tab=hidden", ed)
	if !strings.Contains(parse(t, body).Find("#hidden-stories-heading").Parent().Text(), "Bridge vote tonight") {
		t.Error("the hidden tab does not list the hidden story")
	}
	wantStatus(t, post("/admin/curation/stories/2/unhide", nil), http.StatusSeeOther)

	// Articles: feature, hide, refile; the desk's rewrite link.
	id := f.article.ID
	base := fmt.Sprintf("/admin/curation/articles/%d/", id)
	wantStatus(t, post(base+"feature", nil), http.StatusSeeOther)
	if fs, _ := f.st.FeaturedArticles(ctx, 5); len(fs) != 1 || fs[0].ID != id {
		t.Errorf("featured = %v", fs)
	}
	_, body = f.get("/admin/curation?tab=articles", ed)
	doc = parse(t, body)
	if href, ok := doc.Find(fmt.Sprintf(`a[href="/admin/articles/new?from=%d"]`, id)).Attr("href"); !ok || href == "" {
		t.Error("no Rewrite as our article link")
	}
	wantStatus(t, post(base+"category", url.Values{"new_category": {"Maritime"}}), http.StatusSeeOther)
	if a, _ := f.st.GetArticle(ctx, id); a.Category != "Maritime" {
		t.Errorf("category after refiling = %q", a.Category)
	}
	resp = post(base+"category", url.Values{"new_category": {strings.Repeat("m", 61)}})
	wantStatus(t, resp, http.StatusSeeOther)
	_, body = f.get(resp.Header.Get("Location"), ed)
	if msg := parse(t, body).Find(".error").Text(); !strings.Contains(msg, "was not refiled") {
		t.Errorf("refused category explained as %q", msg)
	}
	if a, _ := f.st.GetArticle(ctx, id); a.Category != "Maritime" {
		t.Errorf("a refused category changed it to %q", a.Category)
	}
	wantStatus(t, post(base+"category", url.Values{"category": {"Maritime"}}), http.StatusSeeOther)
	wantStatus(t, post(base+"hide", nil), http.StatusSeeOther)
	if a, _ := f.st.GetArticle(ctx, id); !a.Hidden {
		t.Error("article not hidden")
	}
	_, body = f.get("/admin/curation?tab=hidden", ed)
	if !strings.Contains(parse(t, body).Find("#hidden-articles-heading").Parent().Text(), f.article.Title) {
		t.Error("the hidden tab does not list the hidden article")
	}
	wantStatus(t, post(base+"unhide", nil), http.StatusSeeOther)
	wantStatus(t, post(base+"unfeature", nil), http.StatusSeeOther)
	if a, _ := f.st.GetArticle(ctx, id); a.Hidden || !a.FeaturedAt.IsZero() {
		t.Errorf("after unhide and unfeature: hidden %v, featured %v", a.Hidden, a.FeaturedAt)
	}
	want := []string{"curation.unfeature", "curation.unhide", "curation.hide", "curation.category", "curation.category",
		"curation.feature", "curation.unhide", "curation.hide", "curation.unpin", "curation.pin", "curation.pin", "curation.pin"}
	if got := f.auditActions("curation."); !slices.Equal(got, want) {
		t.Errorf("audit = %q\nwant %q", got, want)
	}
}

func TestCuration_BadInput(t *testing.T) {
	f := newFixture(t)
	ed, _ := f.signIn(model.RoleEditor, "Eda")
	csrf := f.csrf(ed)
	for path, want := range map[string]int{
		"/admin/curation?tab=nope":                http.StatusBadRequest,
		"/admin/curation?tab=articles&source=abc": http.StatusBadRequest,
		"/admin/curation?tab=articles&cursor=zzz": http.StatusBadRequest,
		"/admin/curation?tab=articles&q=harbor":   http.StatusOK,
	} {
		if resp, _ := f.get(path, ed); resp.StatusCode != want {
			t.Errorf("GET %s = %d, want %d", path, resp.StatusCode, want)
		}
	}
	for path, want := range map[string]int{
		"/admin/curation/articles/999999/hide":                           http.StatusNotFound,
		fmt.Sprintf("/admin/curation/articles/%d/explode", f.article.ID): http.StatusNotFound,
		"/admin/curation/stories/999/pin":                                http.StatusNotFound,
		"/admin/curation/articles/abc/hide":                              http.StatusNotFound,
	} {
		if resp, _ := f.post(path, ed, url.Values{"csrf": {csrf}}); resp.StatusCode != want {
			t.Errorf("POST %s = %d, want %d", path, resp.StatusCode, want)
		}
	}
	if resp, _ := f.post(fmt.Sprintf("/admin/curation/articles/%d/hide", f.article.ID), ed, url.Values{"csrf": {"forged"}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("a forged form token = %d, want 403", resp.StatusCode)
	}
	if a, _ := f.st.GetArticle(t.Context(), f.article.ID); a.Hidden {
		t.Error("a bad request hid the article")
	}
	// The newsroom's own articles are the desk's to publish or unpublish.
	res, err := f.st.SaveArticles(t.Context(), 0, []model.Article{{Title: "Our explainer", Kind: model.KindOriginal,
		PublishedAt: f.clock.Now()}})
	if err != nil {
		t.Fatal(err)
	}
	resp, body := f.post(fmt.Sprintf("/admin/curation/articles/%d/hide", res.IDs[0]), ed, url.Values{"csrf": {csrf}})
	if resp.StatusCode != http.StatusConflict || !strings.Contains(body, "publish or unpublish it from Articles") {
		t.Errorf("hiding an original = %d", resp.StatusCode)
	}
	if a, _ := f.st.GetArticle(t.Context(), res.IDs[0]); a.Hidden {
		t.Error("curation hid an original")
	}
}
