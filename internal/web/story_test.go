package web_test

import (
	"encoding/xml"
	"net/http"
	"slices"
	"strings"
	"testing"
)

func TestStoryPage_FullCoverage(t *testing.T) {
	f := newFixture(t)
	w := seedStoryWorld(f)
	doc := f.page("/story/1", http.StatusOK)
	page := doc.Find("main article.coverage")

	if got := texts(page.Find("h1")); !slices.Equal(got, []string{"Storm shuts the old bridge"}) {
		t.Errorf("h1 = %q, want the lead article's headline", got)
	}
	if got := texts(page.Find(".story-head .coverage-count")); !slices.Equal(got, []string{"6 articles from 4 sources (3 independent reports)"}) {
		t.Errorf("count = %q", got)
	}
	fig := page.Find("figure.lead-photo")
	if src, _ := fig.Find("img").Attr("src"); src != w.lead.ImageURL {
		t.Errorf("photo = %q, want the lead's %q", src, w.lead.ImageURL)
	}
	if got := texts(fig.Find("figcaption")); !slices.Equal(got, []string{"Photo Credit: Ana Ruiz"}) {
		t.Errorf("caption = %q", got)
	}

	first := page.Find(".first-report")
	if got := texts(first.Find(".source")); !slices.Equal(got, []string{"Harbor Wire"}) {
		t.Errorf("first reported by %q, want Harbor Wire", got)
	}
	if dt, _ := first.Find("time").Attr("datetime"); dt != "2024-06-21T07:00:00-04:00" {
		t.Errorf("first report time = %q", dt)
	}
	if got := attrs(first.Find("a"), "href"); !slices.Contains(got, permalink(w.bridge)) || !slices.Contains(got, w.bridge.URL) {
		t.Errorf("first report links = %q, want the permalink and the original", got)
	}

	sources := page.Find(".coverage-sources li")
	if got := texts(sources.Find(".source-name")); !slices.Equal(got, []string{"Harbor Wire", "Valley Ledger", "Coast Daily", "Metro Post"}) {
		t.Errorf("sources = %q, want first to report first", got)
	}
	if got := texts(sources.Find(".count")); !strings.HasPrefix(got[1], "2 articles") || !strings.HasPrefix(got[3], "1 article ") {
		t.Errorf("source counts = %q", got)
	}
	if href, _ := sources.First().Find("a").Attr("href"); href != "/source/1" {
		t.Errorf("source link = %q", href)
	}

	items := page.Find(".timeline-item")
	want := []string{"Bridge closes after storm", "Storm shuts the old bridge", "Coast road closed too", "Bridge repairs to take weeks"}
	if got := texts(items.Find("a.headline")); !slices.Equal(got, want) {
		t.Errorf("timeline = %q, want the originals in publication order, copies folded in", got)
	}
	wantLinks := []string{permalink(w.bridge), permalink(w.lead), permalink(w.coastOwn), permalink(w.repair)}
	if got := attrs(items.Find("a.headline"), "href"); !slices.Equal(got, wantLinks) {
		t.Errorf("timeline links = %q, want %q", got, wantLinks)
	}
	if got := attrs(items.First().Find("a.original"), "href"); !slices.Equal(got, []string{w.bridge.URL}) {
		t.Errorf("original link = %q", got)
	}
	also := items.First().Find(".also-published")
	if got := texts(also); len(got) != 1 || got[0] != "Also published by Coast Daily, Metro Post" {
		t.Errorf("also published = %q", got)
	}
	if got := attrs(also.Find("a"), "href"); !slices.Equal(got, []string{permalink(w.coastCopy), permalink(w.metroCopy)}) {
		t.Errorf("also published links = %q", got)
	}
	if items.Eq(1).Find(".also-published").Length() != 0 {
		t.Error("a report nobody republished lists republishers")
	}

	if got := texts(page.Find(".categories a")); !slices.Equal(got, []string{"World", "Business"}) {
		t.Errorf("categories = %q, want the most used first", got)
	}
	tags := page.Find(".entity-tags a")
	if got := texts(tags); !slices.Equal(got, []string{"Lunmere Bridge", hostileName}) {
		t.Errorf("entity tags = %q", got)
	}
	if got := attrs(tags, "href"); got[0] != "/entity/lunmere-bridge" {
		t.Errorf("entity link = %q", got)
	}

	feeds := attrs(doc.Find(`head link[rel="alternate"]`), "href")
	if !slices.Equal(feeds, []string{"/story/1/feed.rss", "/story/1/feed.atom", "/story/1/feed.json"}) {
		t.Errorf("alternate feeds = %q", feeds)
	}
	if got, _ := doc.Find(`link[rel="canonical"]`).Attr("href"); got != "https://news.example.org/story/1" {
		t.Errorf("canonical = %q", got)
	}
}

func TestStoryPage_EscapesEntityNames(t *testing.T) {
	f := newFixture(t)
	w := seedStoryWorld(f)
	for _, path := range []string{"/story/1", permalink(w.bridge)} {
		r := f.get(path)
		if r.status != http.StatusOK {
			t.Fatalf("GET %s = %d", path, r.status)
		}
		if strings.Contains(r.body, "<script>alert") {
			t.Errorf("%s prints an entity name as HTML", path)
		}
		if !strings.Contains(r.body, "Evil &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; Corp") {
			t.Errorf("%s lacks the escaped entity name", path)
		}
	}
}

func TestStoryPage_MissingFoldedAndBadIDs(t *testing.T) {
	f := newFixture(t)
	seedStoryWorld(f)
	for _, path := range []string{"/story/999", "/story/abc", "/story/0", "/story/-1", "/story/99999999999999999999",
		"/story/1.5", "/story/999/feed.rss", "/story/abc/feed.atom"} {
		doc := f.page(path, http.StatusNotFound)
		if doc.Find(".error-page h1").Length() != 1 {
			t.Errorf("GET %s is not the site's 404 page", path)
		}
	}
	for path, want := range map[string]string{
		"/story/3":           "/story/1",
		"/story/3/feed.rss":  "/story/1/feed.rss",
		"/story/3/feed.atom": "/story/1/feed.atom",
		"/story/01":          "/story/1",
		"/story/+2":          "/story/2",
	} {
		r := f.get(path)
		if r.status != http.StatusMovedPermanently || r.header.Get("Location") != want {
			t.Errorf("GET %s = %d to %q, want 301 to %s", path, r.status, r.header.Get("Location"), want)
		}
	}
}

func TestStoryFeeds(t *testing.T) {
	f := newFixture(t)
	w := seedStoryWorld(f)
	newestFirst := []string{"Bridge repairs to take weeks", "Coast road closed too", "Storm shuts the old bridge", "Bridge closes after storm"}

	r := f.get("/story/1/feed.rss")
	if r.status != http.StatusOK || r.header.Get("Content-Type") != "application/rss+xml; charset=utf-8" {
		t.Fatalf("RSS: %d %q", r.status, r.header.Get("Content-Type"))
	}
	wellFormed(t, "story RSS", r.body)
	var rss rssFeedDoc
	if err := xml.Unmarshal([]byte(r.body), &rss); err != nil {
		t.Fatal(err)
	}
	// The channel's <link> shares its local name with atom:link, which
	// the decoder would read into the same field: look at the text.
	if rss.Channel.Title != "Full coverage: Storm shuts the old bridge" || !strings.Contains(r.body, "<link>https://news.example.org/story/1</link>") {
		t.Errorf("channel title %q, or no link to the story page", rss.Channel.Title)
	}
	var titles []string
	for _, it := range rss.Channel.Items {
		titles = append(titles, it.Title)
	}
	if !slices.Equal(titles, newestFirst) {
		t.Fatalf("RSS items = %q, want %q", titles, newestFirst)
	}
	oldest := rss.Channel.Items[3]
	if oldest.Link != "https://news.example.org"+permalink(w.bridge) || oldest.Creator != "Harbor Wire" {
		t.Errorf("item link %q creator %q", oldest.Link, oldest.Creator)
	}
	for _, want := range []string{`href="` + w.bridge.URL + `"`, "also published by", "Coast Daily", "Metro Post"} {
		if !strings.Contains(oldest.Description, want) {
			t.Errorf("item description %q lacks %q", oldest.Description, want)
		}
	}

	r = f.get("/story/1/feed.atom")
	if r.status != http.StatusOK || r.header.Get("Content-Type") != "application/atom+xml; charset=utf-8" {
		t.Fatalf("Atom: %d %q", r.status, r.header.Get("Content-Type"))
	}
	wellFormed(t, "story Atom", r.body)
	var atom atomFeedDoc
	if err := xml.Unmarshal([]byte(r.body), &atom); err != nil {
		t.Fatal(err)
	}
	if atom.ID != "https://news.example.org/story/1/feed.atom" || atom.Updated != "2024-06-21T14:00:00Z" {
		t.Errorf("feed id %q updated %q", atom.ID, atom.Updated)
	}
	titles = titles[:0]
	for _, e := range atom.Entries {
		titles = append(titles, e.Title)
		if !strings.HasPrefix(e.Link.Href, "https://news.example.org/2024/06/") || e.Content.Type != "html" {
			t.Errorf("entry %q: link %q content type %q", e.Title, e.Link.Href, e.Content.Type)
		}
	}
	if !slices.Equal(titles, newestFirst) {
		t.Errorf("Atom entries = %q", titles)
	}
}
