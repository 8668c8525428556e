package web_test

import (
	"net/http"
	"slices"
	"testing"

	"github.com/newsdesk/newsdesk/internal/store"
)

func TestArticle_AlsoCoveredAndAlsoPublished(t *testing.T) {
	f := newFixture(t)
	w := seedStoryWorld(f)
	doc := f.page(permalink(w.bridge), http.StatusOK)

	cov := doc.Find("section.full-coverage")
	if got := texts(cov.Find("h2")); !slices.Equal(got, []string{"Also covered by 3 sources"}) {
		t.Errorf("coverage heading = %q, want the three other outlets", got)
	}
	if got := attrs(cov.Find("h2 a, .coverage-more a"), "href"); !slices.Equal(got, []string{"/story/1", "/story/1"}) {
		t.Errorf("coverage links = %q", got)
	}
	// One headline per other outlet; the copies of this very text are
	// named under "Also published by" instead, and Metro Post has
	// nothing else.
	items := cov.Find(".coverage-list li")
	if got := texts(items.Find("a.headline")); !slices.Equal(got, []string{"Storm shuts the old bridge", "Coast road closed too"}) {
		t.Errorf("other outlets' headlines = %q", got)
	}
	if got := texts(items.Find(".source")); !slices.Equal(got, []string{"Valley Ledger", "Coast Daily"}) {
		t.Errorf("other outlets = %q", got)
	}
	if got := attrs(items.Find("a.headline"), "href"); got[0] != permalink(w.lead) {
		t.Errorf("headline link = %q", got)
	}

	also := doc.Find("article.story .also-published")
	if got := texts(also); !slices.Equal(got, []string{"Also published by Coast Daily, Metro Post"}) {
		t.Errorf("also published = %q", got)
	}
	if got := attrs(also.Find("a"), "href"); !slices.Equal(got, []string{permalink(w.coastCopy), permalink(w.metroCopy)}) {
		t.Errorf("also published links = %q", got)
	}

	tags := doc.Find("article.story .entity-tags a")
	if got := texts(tags); !slices.Equal(got, []string{"Lunmere Bridge", hostileName}) {
		t.Errorf("entity tags = %q", got)
	}
	if got := attrs(tags, "href"); !slices.Equal(got, []string{"/entity/lunmere-bridge", "/entity/evil-script-alert-x-script-corp"}) {
		t.Errorf("entity links = %q", got)
	}

	// Related articles do not repeat what the coverage lists.
	for _, title := range texts(doc.Find(".related h3")) {
		if title == "Storm shuts the old bridge" || title == "Coast road closed too" || title == "Storm closes bridge" {
			t.Errorf("related articles repeat %q from the coverage", title)
		}
	}
}

func TestArticle_CoverageFromAnotherOutletsView(t *testing.T) {
	f := newFixture(t)
	w := seedStoryWorld(f)
	// A copy's page: its outlet republished Harbor Wire's text, which is
	// one of the outlets covering the story.
	doc := f.page(permalink(w.metroCopy), http.StatusOK)
	if got := texts(doc.Find("section.full-coverage h2")); !slices.Equal(got, []string{"Also covered by 3 sources"}) {
		t.Errorf("heading = %q", got)
	}
	got := texts(doc.Find("section.full-coverage .source"))
	if want := []string{"Harbor Wire", "Valley Ledger", "Coast Daily"}; !slices.Equal(got, want) {
		t.Errorf("other outlets = %q, want %q (first published first)", got, want)
	}
	if doc.Find("article.story .also-published").Length() != 0 {
		t.Error("nobody republished the copy, yet the page says so")
	}
}

func TestArticle_NoCoverageWithoutOtherOutlets(t *testing.T) {
	f := newFixture(t)
	w := seedStoryWorld(f)
	src := f.addSource("Lone Gazette")
	lone := f.save(src.ID, article("Unclustered news", "World", published))[0]

	for _, a := range []struct{ name, path string }{
		{"one-outlet story", permalink(w.festival)},
		{"not clustered yet", permalink(lone)},
	} {
		doc := f.page(a.path, http.StatusOK)
		if n := doc.Find("section.full-coverage, .also-published").Length(); n != 0 {
			t.Errorf("%s: %d coverage blocks, want none", a.name, n)
		}
		if n := doc.Find(".entity-tags").Length(); n != 0 {
			t.Errorf("%s: entity tags without entities", a.name)
		}
	}
	// The festival's own entity, once tagged, shows on its page.
	f.apply(store.StoryAssignment{ArticleID: w.festival.ID, StoryID: 2, Entities: []store.EntityMention{{Name: "Harbor Festival", Kind: "organization"}}})
	doc := f.page(permalink(w.festival), http.StatusOK)
	if got := texts(doc.Find(".entity-tags a")); !slices.Equal(got, []string{"Harbor Festival"}) {
		t.Errorf("tags = %q", got)
	}
}
