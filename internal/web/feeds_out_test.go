package web_test

import (
	"encoding/json"
	"encoding/xml"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/web"
)

const testBase = "https://news.example.org"

// feedWorld is the story world plus a hidden article, which no feed
// may carry.
type feedWorld struct {
	storyWorld
	hidden model.Article
}

func seedFeedWorld(f *fixture) feedWorld {
	f.t.Helper()
	w := feedWorld{storyWorld: seedStoryWorld(f)}
	h := article("Retracted bridge rumour", "World", published.Add(-10*time.Minute))
	w.hidden = f.save(w.harbor.ID, h)[0]
	if err := f.store.SetArticleHidden(f.t.Context(), w.hidden.ID, true); err != nil {
		f.t.Fatalf("SetArticleHidden: %v", err)
	}
	return w
}

// feedPaths are every feed of the world, by format.
var feedBases = []string{"", "/category/world", "/source/1", "/entity/lunmere-bridge", "/story/1"}

func feedTypeOf(ext string) string {
	return map[string]string{
		"rss": "application/rss+xml; charset=utf-8", "atom": "application/atom+xml; charset=utf-8",
		"json": "application/feed+json; charset=utf-8",
	}[ext]
}

// parseFeed fetches a feed, checks its type and parses it with gofeed.
func (f *fixture) parseFeed(path, ext string) *gofeed.Feed {
	f.t.Helper()
	r := f.get(path)
	if r.status != http.StatusOK {
		f.t.Fatalf("GET %s = %d\n%s", path, r.status, r.body)
	}
	if ct := r.header.Get("Content-Type"); ct != feedTypeOf(ext) {
		f.t.Errorf("GET %s Content-Type = %q", path, ct)
	}
	feed, err := gofeed.NewParser().ParseString(r.body)
	if err != nil {
		f.t.Fatalf("gofeed %s: %v\n%s", path, err, r.body)
	}
	want := map[string]string{"rss": "rss", "atom": "atom", "json": "json"}[ext]
	if feed.FeedType != want {
		f.t.Errorf("%s parsed as %q", path, feed.FeedType)
	}
	return feed
}

func TestFeedsOut_EveryFeedParses(t *testing.T) {
	f := newFixture(t)
	w := seedFeedWorld(f)
	for _, base := range feedBases {
		for _, ext := range []string{"rss", "atom", "json"} {
			path := base + "/feed." + ext
			feed := f.parseFeed(path, ext)
			if feed.Title == "" || len(feed.Items) == 0 || len(feed.Items) > 50 {
				t.Errorf("%s: title %q, %d items", path, feed.Title, len(feed.Items))
			}
			for _, it := range feed.Items {
				if !strings.HasPrefix(it.Link, testBase+"/") || it.GUID == "" || it.Title == "" ||
					it.PublishedParsed == nil || it.Content == "" && it.Description == "" {
					t.Errorf("%s: incomplete item %+v", path, it)
				}
				if it.Title == w.hidden.Title {
					t.Errorf("%s carries the hidden article", path)
				}
			}
		}
	}
	// The site's feed lists one copy of a republished text, newest first.
	home := f.parseFeed("/feed.atom", "atom")
	var titles []string
	for _, it := range home.Items {
		titles = append(titles, it.Title)
	}
	want := []string{w.repair.Title, w.coastOwn.Title, w.lead.Title, w.bridge.Title, w.festival.Title}
	if !slices.Equal(titles, want) {
		t.Errorf("home feed = %q, want %q", titles, want)
	}
	// A source's feed keeps its copies, as its page does.
	coast := f.parseFeed("/source/3/feed.rss", "rss")
	if len(coast.Items) != 2 || coast.Title != "The Harbor Gazette: Coast Daily" {
		t.Errorf("Coast Daily feed: %q with %d items", coast.Title, len(coast.Items))
	}
}

func TestFeedsOut_RSSFields(t *testing.T) {
	f := newFixture(t)
	w := seedFeedWorld(f)
	r := f.get("/category/world/feed.rss")
	var doc struct {
		Channel struct {
			Title       string `xml:"title"`
			Description string `xml:"description"`
			// <link> and <atom:link rel="self">: encoding/xml matches
			// both to one unqualified name, so they are told apart here.
			Links []struct {
				XMLName xml.Name
				Href    string `xml:"href,attr"`
				Rel     string `xml:"rel,attr"`
				Value   string `xml:",chardata"`
			} `xml:"link"`
			Items []struct {
				Title       string `xml:"title"`
				Link        string `xml:"link"`
				PubDate     string `xml:"pubDate"`
				Description string `xml:"description"`
				Category    string `xml:"category"`
				GUID        struct {
					PermaLink string `xml:"isPermaLink,attr"`
					Value     string `xml:",chardata"`
				} `xml:"guid"`
				Encoded   string `xml:"http://purl.org/rss/1.0/modules/content/ encoded"`
				Enclosure *struct {
					URL  string `xml:"url,attr"`
					Type string `xml:"type,attr"`
				} `xml:"enclosure"`
			} `xml:"item"`
		} `xml:"channel"`
	}
	if err := xml.Unmarshal([]byte(r.body), &doc); err != nil {
		t.Fatalf("RSS: %v\n%s", err, r.body)
	}
	ch := doc.Channel
	var link, self string
	for _, l := range ch.Links {
		if l.XMLName.Space == "http://www.w3.org/2005/Atom" && l.Rel == "self" {
			self = l.Href
		} else if l.XMLName.Space == "" {
			link = l.Value
		}
	}
	if ch.Title != "The Harbor Gazette: World" || link != testBase+"/category/world" || ch.Description == "" ||
		self != testBase+"/category/world/feed.rss" {
		t.Errorf("channel = %+v", ch)
	}
	found := false
	for _, it := range ch.Items {
		if it.GUID.Value == "" || !strings.HasPrefix(it.GUID.Value, "tag:news.example.org,") || it.GUID.PermaLink != "false" {
			t.Errorf("guid = %+v", it.GUID)
		}
		if _, err := time.Parse(time.RFC1123Z, it.PubDate); err != nil {
			t.Errorf("pubDate %q: %v", it.PubDate, err)
		}
		if it.Title != w.lead.Title {
			continue
		}
		found = true
		if it.Link != testBase+permalink(w.lead) || it.Description != w.lead.Excerpt || it.Category != "World" {
			t.Errorf("lead item = %+v", it)
		}
		if !strings.Contains(it.Encoded, "<p>Full text of "+w.lead.Title+".</p>") || !strings.Contains(it.Encoded, "Photo: Ana Ruiz") {
			t.Errorf("lead content = %q", it.Encoded)
		}
		if it.Enclosure == nil || it.Enclosure.URL != "https://img.example.com/bridge.jpg" || it.Enclosure.Type != "image/jpeg" {
			t.Errorf("lead enclosure = %+v", it.Enclosure)
		}
	}
	if !found {
		t.Errorf("the lead article is missing from the World feed")
	}
}

func TestFeedsOut_AtomFields(t *testing.T) {
	f := newFixture(t)
	w := seedFeedWorld(f)
	r := f.get("/source/2/feed.atom")
	var doc struct {
		ID      string `xml:"id"`
		Title   string `xml:"title"`
		Updated string `xml:"updated"`
		Links   []struct {
			Href string `xml:"href,attr"`
			Rel  string `xml:"rel,attr"`
		} `xml:"link"`
		Entries []struct {
			ID        string `xml:"id"`
			Title     string `xml:"title"`
			Updated   string `xml:"updated"`
			Published string `xml:"published"`
			Summary   string `xml:"summary"`
			Links     []struct {
				Href string `xml:"href,attr"`
				Rel  string `xml:"rel,attr"`
			} `xml:"link"`
			Content struct {
				Type string `xml:"type,attr"`
				Body string `xml:",chardata"`
			} `xml:"content"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal([]byte(r.body), &doc); err != nil {
		t.Fatalf("Atom: %v\n%s", err, r.body)
	}
	if doc.ID == "" || doc.Title != "The Harbor Gazette: Valley Ledger" {
		t.Errorf("feed id %q title %q", doc.ID, doc.Title)
	}
	if _, err := time.Parse(time.RFC3339, doc.Updated); err != nil {
		t.Errorf("updated %q: %v", doc.Updated, err)
	}
	if len(doc.Entries) != 2 {
		t.Fatalf("%d entries, want Valley Ledger's 2", len(doc.Entries))
	}
	for _, e := range doc.Entries {
		if e.ID == "" || e.Title == "" || e.Content.Type != "html" || len(e.Links) == 0 || e.Links[0].Rel != "alternate" {
			t.Errorf("entry = %+v", e)
		}
		if _, err := time.Parse(time.RFC3339, e.Updated); err != nil {
			t.Errorf("entry updated %q: %v", e.Updated, err)
		}
	}
	lead := doc.Entries[1]
	if lead.Links[0].Href != testBase+permalink(w.lead) || len(lead.Links) != 2 || lead.Links[1].Rel != "enclosure" ||
		lead.Summary != w.lead.Excerpt {
		t.Errorf("lead entry = %+v", lead)
	}
}

func TestFeedsOut_JSONFeedFields(t *testing.T) {
	f := newFixture(t)
	w := seedFeedWorld(f)
	for _, path := range []string{"/feed.json", "/story/1/feed.json", "/entity/lunmere-bridge/feed.json", "/search/feed.json?q=bridge"} {
		r := f.get(path)
		var doc struct {
			Version, Title, HomePageURL, FeedURL string
			Items                                []struct {
				ID, URL, Title, Image string
				ContentHTML           string `json:"content_html"`
				DatePublished         string `json:"date_published"`
				Authors               []struct{ Name string }
			}
		}
		if r.status != http.StatusOK {
			t.Fatalf("GET %s = %d", path, r.status)
		}
		if err := json.Unmarshal([]byte(r.body), &doc); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if doc.Version != "https://jsonfeed.org/version/1.1" || doc.Title == "" || len(doc.Items) == 0 {
			t.Errorf("%s: version %q title %q, %d items", path, doc.Version, doc.Title, len(doc.Items))
		}
		for _, it := range doc.Items {
			if it.ID == "" || !strings.HasPrefix(it.URL, testBase+"/") || it.ContentHTML == "" {
				t.Errorf("%s: item %+v", path, it)
			}
			if _, err := time.Parse(time.RFC3339, it.DatePublished); err != nil {
				t.Errorf("%s: date_published %q", path, it.DatePublished)
			}
		}
	}
	var doc struct {
		Items []struct {
			Title, Image string
			ContentHTML  string `json:"content_html"`
		}
	}
	json.Unmarshal([]byte(f.get("/search/feed.json?q=bridge&category=world").body), &doc)
	var titles []string
	for _, it := range doc.Items {
		titles = append(titles, it.Title)
		if it.Title == w.lead.Title && (it.Image != "https://img.example.com/bridge.jpg" || !strings.Contains(it.ContentHTML, "Ana Ruiz")) {
			t.Errorf("lead in the search feed = %+v", it)
		}
	}
	if !slices.Contains(titles, w.lead.Title) || slices.Contains(titles, w.repair.Title) || slices.Contains(titles, w.hidden.Title) {
		t.Errorf("search feed for bridge in World = %q", titles)
	}
}

func TestFeedsOut_MissingAndBadRequests(t *testing.T) {
	f := newFixture(t)
	seedFeedWorld(f)
	for _, path := range []string{"/category/nope/feed.rss", "/source/999/feed.atom", "/source/abc/feed.json",
		"/entity/nobody/feed.json", "/story/999/feed.json"} {
		doc := f.page(path, http.StatusNotFound)
		if doc.Find(".error-page").Length() != 1 {
			t.Errorf("GET %s is not the 404 page", path)
		}
	}
	f.page("/search/feed.rss", http.StatusBadRequest)
	f.page("/search/feed.rss?q=-bridge", http.StatusBadRequest)
	f.page("/search/feed.atom?q=bridge&from=yesterday-ish", http.StatusBadRequest)
}

func TestFeedsOut_SearchFeedIsRateLimited(t *testing.T) {
	f := newFixture(t, func(o *web.Options) { o.SearchLimit = web.RateLimit{Rate: 0.001, Burst: 1} })
	seedFeedWorld(f)
	if r := f.get("/search/feed.rss?q=bridge"); r.status != http.StatusOK {
		t.Fatalf("first search feed = %d", r.status)
	}
	if r := f.get("/search/feed.rss?q=bridge"); r.status != http.StatusTooManyRequests {
		t.Errorf("second search feed = %d, want 429", r.status)
	}
}

func TestFeedsOut_PagesAnnounceTheirFeeds(t *testing.T) {
	f := newFixture(t)
	seedFeedWorld(f)
	for page, feedBase := range map[string]string{
		"/": "", "/category/world": "/category/world", "/source/1": "/source/1",
		"/entity/lunmere-bridge": "/entity/lunmere-bridge", "/story/1": "/story/1",
	} {
		doc := f.page(page, http.StatusOK)
		for _, ext := range []string{"rss", "atom", "json"} {
			typ, _, _ := strings.Cut(feedTypeOf(ext), ";")
			sel := doc.Find(`head link[rel="alternate"][type="` + typ + `"]`)
			hrefs := attrs(sel, "href")
			if !slices.Contains(hrefs, feedBase+"/feed."+ext) {
				t.Errorf("%s announces %s feeds %q", page, ext, hrefs)
				continue
			}
			if title, _ := sel.Attr("title"); title == "" {
				t.Errorf("%s: %s feed link without a title", page, ext)
			}
			if r := f.get(feedBase + "/feed." + ext); r.status != http.StatusOK {
				t.Errorf("%s's %s feed = %d", page, ext, r.status)
			}
		}
	}
	doc := f.page("/search?q=bridge&page=1", http.StatusOK)
	if got := attrs(doc.Find(`head link[rel="alternate"][type="application/feed+json"]`), "href"); !slices.Equal(got, []string{"/search/feed.json?q=bridge"}) {
		t.Errorf("search page feeds = %q", got)
	}
	if doc := f.page("/about", http.StatusOK); doc.Find(`head link[rel="alternate"]`).Length() != 0 {
		t.Errorf("the about page announces feeds")
	}
}

func TestFeedsOut_FeedsPageLinksTheSiteFeeds(t *testing.T) {
	f := newFixture(t)
	seedFeedWorld(f)
	doc := f.page("/feeds", http.StatusOK)
	got := attrs(doc.Find(`main section[aria-labelledby="feeds-news-h"] a`), "href")
	if !slices.Equal(got, []string{"/feed.rss", "/feed.atom", "/feed.json"}) {
		t.Errorf("site feeds on /feeds = %q", got)
	}
}
