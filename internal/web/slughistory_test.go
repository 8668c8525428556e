package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
	"github.com/newsdesk/newsdesk/internal/web"
)

// renameOriginal publishes an original through the desk store, then has
// an editor change its slug to slug; it returns the desk article and the
// public article's permalinks before and after.
func (f *fixture) renameOriginal(slug string) (d model.DeskArticle, before, after string) {
	f.t.Helper()
	ctx := f.t.Context()
	pub := time.Date(2024, 6, 22, 14, 0, 0, 0, time.UTC)
	d = f.publishOriginal(model.Article{}, pub)
	a, err := f.store.GetArticle(ctx, d.ArticleID)
	if err != nil {
		f.t.Fatal(err)
	}
	before = web.Permalink(a, testSettings().Location)
	d.Slug = slug
	if d, err = f.store.SaveDeskArticle(ctx, d, store.DeskChange{Note: "saved", At: pub.Add(time.Hour)}); err != nil {
		f.t.Fatal(err)
	}
	if a, err = f.store.GetArticle(ctx, d.ArticleID); err != nil || a.Slug != slug {
		f.t.Fatalf("public article after the slug change: %q, %v", a.Slug, err)
	}
	return d, before, web.Permalink(a, testSettings().Location)
}

func wantRedirect(t *testing.T, f *fixture, path, to string) {
	t.Helper()
	r := f.get(path)
	if r.status != http.StatusMovedPermanently || r.header.Get("Location") != to {
		t.Fatalf("GET %s = %d to %q, want 301 to %q", path, r.status, r.header.Get("Location"), to)
	}
}

func TestArticle_FormerSlugRedirectsToTheNewAddress(t *testing.T) {
	f := newFixture(t)
	_, before, after := f.renameOriginal("quay-wall-rebuilt-in-granite")
	if before == after || before != "/2024/06/22/quay-wall-rebuilt/" {
		t.Fatalf("permalinks %q then %q", before, after)
	}
	doc := f.page(after, http.StatusOK)
	if got := doc.Find("article.story h1").First().Text(); got != "Quay wall rebuilt" {
		t.Errorf("new address shows %q", got)
	}
	wantRedirect(t, f, before, after)
	wantRedirect(t, f, strings.TrimSuffix(before, "/"), after)
	// The query string goes along, as with a wrong date.
	wantRedirect(t, f, before+"?cpage=2", after+"?cpage=2")
	// A former slug under a wrong date still finds the article.
	wantRedirect(t, f, "/2001/01/01/quay-wall-rebuilt/", after)
	// The article's comment feeds follow it too.
	wantRedirect(t, f, before+"comments.rss", after+"comments.rss")
	wantRedirect(t, f, before+"comments.atom", after+"comments.atom")
	if r := f.get(after + "comments.rss"); r.status != http.StatusOK {
		t.Errorf("comment feed at the new address = %d", r.status)
	}
	// A slug nobody ever had is still not found.
	f.page("/2024/06/22/no-such-article/", http.StatusNotFound)
}

func TestArticle_FormerSlugOfAHiddenArticleIsNotFound(t *testing.T) {
	f := newFixture(t)
	d, before, after := f.renameOriginal("quay-wall-rebuilt-in-granite")
	wantRedirect(t, f, before, after)
	d.Status = model.DeskUnpublished
	if _, err := f.store.SaveDeskArticle(t.Context(), d, store.DeskChange{Note: "unpublished"}); err != nil {
		t.Fatal(err)
	}
	f.page(before, http.StatusNotFound)
	f.page(after, http.StatusNotFound)
	if r := f.get(before + "comments.rss"); r.status != http.StatusNotFound {
		t.Errorf("comment feed at the old address of a hidden article = %d, want 404", r.status)
	}
}
