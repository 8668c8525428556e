package web_test

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

func TestArticle_CopyNamesItsOriginal(t *testing.T) {
	f := newFixture(t)
	w := seedStoryWorld(f)
	bay := f.addSource("Bay Times")
	// Bay Times ran Metro Post's copy of Harbor Wire's report, and Harbor
	// Wire reran its own report the next morning.
	chain := f.save(bay.ID, article("Bridge shut by storm", "World", published.Add(-10*time.Minute)))[0]
	rerun := f.save(w.harbor.ID, article("Bridge still closed after storm", "World", published.Add(time.Hour)))[0]
	f.apply(
		store.StoryAssignment{ArticleID: chain.ID, StoryID: 1, DupOf: w.metroCopy.ID},
		store.StoryAssignment{ArticleID: rerun.ID, StoryID: 1, DupOf: w.bridge.ID},
	)

	for _, c := range []struct {
		name string
		copy model.Article
	}{{"a copy", w.metroCopy}, {"a copy of a copy", chain}} {
		doc := f.page(permalink(c.copy), http.StatusOK)
		orig := doc.Find("article.story .original-report")
		if got := texts(orig); !slices.Equal(got, []string{"Originally published by Harbor Wire"}) {
			t.Errorf("%s: original = %q", c.name, got)
		}
		if got := attrs(orig.Find("a"), "href"); !slices.Equal(got, []string{permalink(w.bridge)}) {
			t.Errorf("%s: original links to %q, want the original's page here", c.name, got)
		}
		if n := doc.Find("article.story .also-published").Length(); n != 0 {
			t.Errorf("%s: a copy's page lists copies of its own", c.name)
		}
	}
	for _, c := range []struct {
		name string
		a    model.Article
	}{{"the original", w.bridge}, {"an outlet's own report", w.lead}, {"an outlet rerunning its own text", rerun}} {
		if n := f.page(permalink(c.a), http.StatusOK).Find(".original-report").Length(); n != 0 {
			t.Errorf("%s: says it was published elsewhere first", c.name)
		}
	}

	// The story page groups the copy of a copy under the original too.
	story := f.page("/story/1", http.StatusOK)
	also := story.Find(".timeline-item").First().Find(".also-published")
	if got := texts(also); len(got) != 1 || !strings.HasPrefix(got[0], "Also published by Coast Daily, Metro Post, Bay Times") {
		t.Errorf("story page: %q", got)
	}
}

func TestAPI_ArticleDupOf(t *testing.T) {
	f := newFixture(t)
	w := seedStoryWorld(f)
	var one map[string]any
	f.getJSON("/api/v1/articles/"+strconv.FormatInt(w.metroCopy.ID, 10), http.StatusOK, &one)
	if one["dup_of"] != float64(w.bridge.ID) {
		t.Errorf("copy's dup_of = %#v, want %d", one["dup_of"], w.bridge.ID)
	}
	f.getJSON("/api/v1/articles/"+strconv.FormatInt(w.bridge.ID, 10), http.StatusOK, &one)
	if v, ok := one["dup_of"]; !ok || v != nil {
		t.Errorf("original's dup_of = %#v (present %v), want null", v, ok)
	}
	var list apiList
	f.getJSON(fmt.Sprintf("/api/v1/articles?source=%d", w.coast.ID), http.StatusOK, &list)
	got := map[float64]any{}
	for _, it := range list.Items {
		got[it["id"].(float64)] = it["dup_of"]
	}
	if len(got) != 2 || got[float64(w.coastCopy.ID)] != float64(w.bridge.ID) || got[float64(w.coastOwn.ID)] != nil {
		t.Errorf("list dup_of = %v, want the copy pointing at %d and null for the own report", got, w.bridge.ID)
	}
	if _, ok := list.Items[0]["sources"]; ok {
		t.Error("list items carry the sources of each article")
	}
}

// hostileSource is a source name pages must print as text.
const hostileSource = `Evil <b>"Wire"</b> & Co`

// carriedWorld is one article three feeds carried (Harbor Wire first,
// then a source with a hostile name, then Digest) and one only Harbor
// Wire carried.
type carriedWorld struct {
	harbor, evil, digest model.Source
	ferry, lone          model.Article
	urls                 []string // the ferry's address in each feed, in that order
}

func seedCarried(f *fixture) carriedWorld {
	f.t.Helper()
	w := carriedWorld{harbor: f.addSource("Harbor Wire"), evil: f.addSource(hostileSource), digest: f.addSource("Digest")}
	w.urls = []string{
		"https://harbor-wire.example.com/news/ferry?utm_source=rss",
		"https://m.harbor-wire.example.com/news/ferry/amp",
		"https://digest.example.com/r/ferry",
	}
	for i, src := range []model.Source{w.harbor, w.evil, w.digest} {
		a := article("Ferry returns after two years", "World", published)
		a.GUID = fmt.Sprint("ferry-", i)
		a.URL, a.CanonicalURL = w.urls[i], "https://harbor-wire.example.com/news/ferry"
		a.FetchedAt = published.Add(time.Duration(i) * time.Hour)
		res, err := f.store.SaveArticles(f.t.Context(), src.ID, []model.Article{a})
		if err != nil {
			f.t.Fatalf("SaveArticles: %v", err)
		}
		if i == 0 {
			w.ferry = f.reload(res.IDs[0])
		} else if res.Linked != 1 {
			f.t.Fatalf("feed %d: %+v, want the article linked to its source", i, res)
		}
	}
	w.lone = f.save(w.harbor.ID, article("Harbor dredging starts", "World", published))[0]
	return w
}

func TestArticle_CarriedByEverySource(t *testing.T) {
	f := newFixture(t)
	w := seedCarried(f)
	r := f.get(permalink(w.ferry))
	doc := f.page(permalink(w.ferry), http.StatusOK)
	line := doc.Find("article.story .carried-by")
	want := `Carried by Harbor Wire (harbor-wire.example.com), ` + hostileSource +
		` (m.harbor-wire.example.com) and Digest (digest.example.com)`
	if got := texts(line); !slices.Equal(got, []string{want}) {
		t.Errorf("carried by = %q, want %q", got, want)
	}
	wantSrc := []string{fmt.Sprint("/source/", w.harbor.ID), fmt.Sprint("/source/", w.evil.ID), fmt.Sprint("/source/", w.digest.ID)}
	if got := attrs(line.Find("a.source"), "href"); !slices.Equal(got, wantSrc) {
		t.Errorf("source links = %q, want %q", got, wantSrc)
	}
	if got := attrs(line.Find("a.original"), "href"); !slices.Equal(got, w.urls) {
		t.Errorf("original links = %q, want each feed's address %q", got, w.urls)
	}
	if line.Find("b").Length() != 0 || strings.Contains(r.body, `<b>"Wire"</b>`) {
		t.Error("a source's name reached the page as markup")
	}
	// It still credits the source it was first stored from.
	if got := texts(doc.Find("article.story .credit a")); !slices.Equal(got, []string{"Harbor Wire"}) {
		t.Errorf("credit = %q", got)
	}
}

func TestArticle_OneSourceSaysNothingMore(t *testing.T) {
	f := newFixture(t)
	w := seedCarried(f)
	doc := f.page(permalink(w.lone), http.StatusOK)
	if n := doc.Find(".carried-by, .original-report").Length(); n != 0 {
		t.Errorf("%d provenance lines on an article one source carried", n)
	}
	if got := texts(doc.Find("article.story .credit")); !slices.Equal(got, []string{"Credit: Harbor Wire"}) {
		t.Errorf("credit = %q", got)
	}
}

// articleSources is the part of /api/v1/articles/{id} about sources.
type articleSources struct {
	ID      int64 `json:"id"`
	Sources []struct {
		SourceID int64   `json:"source_id"`
		Source   string  `json:"source"`
		URL      string  `json:"url"`
		SeenAt   *string `json:"seen_at"`
	} `json:"sources"`
}

func TestAPI_ArticleSources(t *testing.T) {
	f := newFixture(t)
	w := seedCarried(f)
	var d articleSources
	f.getJSON("/api/v1/articles/"+strconv.FormatInt(w.ferry.ID, 10), http.StatusOK, &d)
	var got []string
	for _, s := range d.Sources {
		seen := "null"
		if s.SeenAt != nil {
			seen = *s.SeenAt
		}
		got = append(got, fmt.Sprintf("%d %s %s %s", s.SourceID, s.Source, s.URL, seen))
	}
	want := []string{
		fmt.Sprintf("%d Harbor Wire %s 2024-06-21T14:00:00Z", w.harbor.ID, w.urls[0]),
		fmt.Sprintf("%d %s %s 2024-06-21T15:00:00Z", w.evil.ID, hostileSource, w.urls[1]),
		fmt.Sprintf("%d Digest %s 2024-06-21T16:00:00Z", w.digest.ID, w.urls[2]),
	}
	if !slices.Equal(got, want) {
		t.Errorf("sources =\n%q\nwant\n%q", got, want)
	}

	f.getJSON("/api/v1/articles/"+strconv.FormatInt(w.lone.ID, 10), http.StatusOK, &d)
	if len(d.Sources) != 1 || d.Sources[0].SourceID != w.harbor.ID || d.Sources[0].URL != w.lone.URL {
		t.Errorf("one source's article: sources = %+v", d.Sources)
	}
}
