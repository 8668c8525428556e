package browser_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
	_ "time/tzdata" // the site's zone must load on any machine

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/site"
	"github.com/newsdesk/newsdesk/internal/store"
	"github.com/newsdesk/newsdesk/internal/store/storetest"
	"github.com/newsdesk/newsdesk/internal/web"
)

// The site's clock is stopped on a Saturday morning in New York; the
// articles were published the day before.
var (
	testNow   = time.Date(2024, 6, 22, 13, 30, 0, 0, time.UTC)
	published = time.Date(2024, 6, 21, 14, 0, 0, 0, time.UTC)
)

const (
	baseURL = "https://news.example.org"
	// leadTitle has characters that must survive HTML attribute escaping
	// on their way to the share sheet.
	leadTitle  = `Storm & "surge" hit the harbor`
	leadCredit = "Jane Doe / Harbor Photos"
	imageWidth = 160
)

// testSite is the reader's site over a real SQLite store, seeded with a
// lead article whose photo is served by a second local server, so the
// browser never reaches for the network.
type testSite struct {
	url       string // the site's address, http://127.0.0.1:port
	store     store.Store
	clock     *siteClock
	zone      *time.Location
	lead      model.Article
	leadPath  string // the lead article's permalink
	shareURL  string // the address the article's share buttons carry
	searchHit string // the one headline a search for "ferry" finds
}

// siteClock is the site's clock: testNow, moved on by the tests that
// post comments (a form must be a few seconds old, and one client's
// comments 15 seconds apart).
type siteClock struct{ offset atomic.Int64 }

func (c *siteClock) now() time.Time { return testNow.Add(time.Duration(c.offset.Load())) }

// advance moves the clock on.
func (c *siteClock) advance(d time.Duration) { c.offset.Add(int64(d)) }

// newTestSite starts the site; change may adjust its options first.
func newTestSite(t *testing.T, change ...func(*web.Options)) *testSite {
	t.Helper()
	images := httptest.NewServer(pngHandler(t))
	t.Cleanup(images.Close)

	st := storetest.NewSQLiteCopy(t)
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	clock := &siteClock{}
	opts := web.Options{
		Site: site.Settings{
			Name:            "The Harbor Gazette",
			Tagline:         "News from the waterfront",
			Phone:           "+1 (555) 010-0199",
			CopyrightHolder: "Harbor Media Ltd",
			Location:        loc,
			BaseURL:         baseURL + "/",
			ShareTargets:    site.AllShareTargets,
		},
		Store:       st,
		Now:         clock.now,
		NavTTL:      -1,
		SettingsTTL: -1,
	}
	for _, c := range change {
		c(&opts)
	}
	h, err := web.New(opts)
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)

	src, err := st.AddSource(t.Context(), model.Source{
		FeedURL: "https://harbor-wire.example.com/feed.xml",
		SiteURL: "https://harbor-wire.example.com/",
		Name:    "Harbor Wire",
	})
	if err != nil {
		t.Fatalf("AddSource: %v", err)
	}
	arts := seedArticles(images.URL)
	res, err := st.SaveArticles(t.Context(), src.ID, arts)
	if err != nil || res.Inserted != len(arts) {
		t.Fatalf("SaveArticles = %+v, %v; want %d inserted", res, err, len(arts))
	}
	lead, err := st.GetArticle(t.Context(), res.IDs[0])
	if err != nil {
		t.Fatalf("GetArticle: %v", err)
	}
	path := web.Permalink(lead, loc)
	return &testSite{
		url:       srv.URL,
		store:     st,
		clock:     clock,
		zone:      loc,
		lead:      lead,
		leadPath:  path,
		shareURL:  baseURL + path,
		searchHit: arts[1].Title,
	}
}

// seedArticles builds the lead article, a search target and enough other
// articles and sections to fill the home page; every photo comes from
// imageBase.
func seedArticles(imageBase string) []model.Article {
	lead := article(leadTitle, "Weather", published)
	lead.ImageURL = imageBase + "/photos/storm.png"
	lead.ImageCredit = leadCredit
	lead.Byline = "Sam Reporter"
	lead.Credit = "Harbor Wire Service"
	lead.ContentHTML = "<p>Winds reached <em>120 km/h</em> along the piers.</p>" +
		"<p>The port authority closed the outer basin overnight.</p>" +
		// One unbroken run of characters must not widen a phone's page.
		"<p>Updates: https://harbor.example.com/storm-updates/live/2024/06/21/outer-basin-closure-timeline</p>"

	ferry := article("Night ferry returns to the island route", "Transport", published.Add(-time.Hour))
	ferry.ImageURL = imageBase + "/photos/ferry.png"

	arts := []model.Article{lead, ferry}
	for i, title := range []string{
		"Fish market reopens after two-year renovation of the old hall",
		"Council approves the waterfront redevelopment masterplan",
		"Harbor rowing club wins the regional championship",
		"Lighthouse keepers' cottages become a maritime museum",
		"Shipyard apprenticeships double as orders for new tugs arrive",
		"Donaudampfschifffahrtsgesellschaftskapitänswitwe visits the harbor",
	} {
		category := []string{"Business", "Politics", "Sports", "Culture", "Business", "Culture"}[i]
		a := article(title, category, published.Add(-time.Duration(i+2)*time.Hour))
		a.ImageURL = imageBase + "/photos/card.png"
		arts = append(arts, a)
	}
	return arts
}

func article(title, category string, pub time.Time) model.Article {
	slug := model.Slugify(title, 80)
	return model.Article{
		GUID:        "guid-" + slug,
		URL:         "https://harbor-wire.example.com/news/" + slug,
		Title:       title,
		Excerpt:     "What happened: " + title + ".",
		ContentHTML: "<p>Full text of the report.</p>",
		ContentText: "Full text of the report.",
		PublishedAt: pub,
		Category:    category,
		Kind:        model.KindAggregated,
	}
}

// pngHandler serves the same small PNG at every path, as a publisher's
// image server would serve article photos.
func pngHandler(t *testing.T) http.Handler {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, imageWidth, 90))
	for x := range imageWidth {
		for y := range 90 {
			img.Set(x, y, color.RGBA{R: uint8(x), G: 90, B: uint8(y), A: 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	body := buf.Bytes()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write(body)
	})
}
