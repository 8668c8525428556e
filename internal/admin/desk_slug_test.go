package admin_test

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// TestDesk_RewriteKeepsAFreeAddress publishes the form "Rewrite as our
// article" fills in, unchanged: the headline is the original's, so the
// slug made from it is taken by the original, and the rewrite takes the
// first free numbered address instead of refusing. A slug the writer
// types that another article has is still refused, next to the field.
func TestDesk_RewriteKeepsAFreeAddress(t *testing.T) {
	f := newFixture(t)
	c, _ := f.signIn(model.RoleEditor, "Eda")
	_, body := f.get("/admin/articles/new?from="+strconv.FormatInt(f.article.ID, 10), c)
	form := url.Values{}
	doc := parse(t, body)
	doc.Find("form input[name], form textarea[name]").Each(func(_ int, s *goquery.Selection) {
		name, _ := s.Attr("name")
		switch typ, _ := s.Attr("type"); {
		case typ == "file" || typ == "checkbox":
		case goquery.NodeName(s) == "textarea":
			form.Set(name, s.Text())
		default:
			v, _ := s.Attr("value")
			form.Set(name, v)
		}
	})
	form.Set("action", "publish")
	if form.Get("slug") != "" || form.Get("title") != f.article.Title {
		t.Fatalf("the rewrite starts with slug %q and title %q", form.Get("slug"), form.Get("title"))
	}
	resp, body := f.postDesk("/admin/articles", c, form)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("publishing the rewrite: status %d\n%s", resp.StatusCode, parse(t, body).Find(".field-error, [role=alert]").Text())
	}
	list, _, err := f.st.ListDeskArticles(t.Context(), store.DeskFilter{})
	if err != nil || len(list) != 1 {
		t.Fatalf("desk articles: %v, %v", list, err)
	}
	if want := f.article.Slug + "-2"; list[0].Slug != want {
		t.Errorf("the rewrite lives at %q, want %q", list[0].Slug, want)
	}
	pub, err := f.st.GetArticle(t.Context(), list[0].ArticleID)
	if err != nil || pub.Slug != f.article.Slug+"-2" || pub.BasedOn != f.article.ID {
		t.Errorf("public row %+v, %v: want slug %s-2 based on %d", pub, err, f.article.Slug, f.article.ID)
	}

	form.Set("slug", f.article.Slug)
	form.Set("title", "Another take on the harbor")
	resp, body = f.postDesk("/admin/articles", c, form)
	wantStatus(t, resp, http.StatusUnprocessableEntity)
	if parse(t, body).Find("#slug-error").Length() != 1 {
		t.Error("a typed slug that is taken is not explained next to the field")
	}
}
