package web_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/web"
)

func TestPermalink(t *testing.T) {
	tests := []struct {
		name string
		pub  time.Time
		loc  *time.Location
		want string
	}{
		{"site zone behind UTC", time.Date(2024, 6, 22, 2, 0, 0, 0, time.UTC), newYork, "/2024/06/21/storm-hits-coast/"},
		{"UTC", time.Date(2024, 6, 22, 2, 0, 0, 0, time.UTC), time.UTC, "/2024/06/22/storm-hits-coast/"},
		{"nil zone is UTC", time.Date(2024, 1, 5, 23, 0, 0, 0, time.UTC), nil, "/2024/01/05/storm-hits-coast/"},
		{"site zone ahead of UTC", time.Date(2024, 12, 31, 20, 0, 0, 0, time.UTC), mustLoad("Asia/Tokyo"), "/2025/01/01/storm-hits-coast/"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := model.Article{Slug: "storm-hits-coast", PublishedAt: tc.pub}
			if got := web.Permalink(a, tc.loc); got != tc.want {
				t.Errorf("Permalink = %q, want %q", got, tc.want)
			}
		})
	}
}

// seedArticle stores the article the page tests read, with two related
// articles in its category and one in another.
func seedArticle(f *fixture) model.Article {
	src := f.addSource("Harbor Wire")
	a := article("Storm hits the coast", "Weather", published)
	a.ImageURL = "https://img.example.com/storm.jpg"
	a.ImageCredit = "Jane Doe / Harbor Photos"
	a.Byline = "Sam Reporter"
	a.Credit = "Harbor Wire Service"
	a.ContentHTML = `<p>Winds reached <em>120 km/h</em> &amp; more.</p>`
	rel1 := article("Clean-up begins", "Weather", published.Add(-time.Hour))
	rel1.ImageURL = "https://img.example.com/cleanup.jpg"
	rel2 := article("Forecast for the weekend", "Weather", published.Add(-2*time.Hour))
	other := article("Harbor team wins", "Sports", published.Add(-3*time.Hour))
	return f.save(src.ID, a, rel1, rel2, other)[0]
}

func TestArticle_Anatomy(t *testing.T) {
	f := newFixture(t)
	a := seedArticle(f)
	doc := f.page("/2024/06/21/storm-hits-the-coast/", http.StatusOK)
	story := doc.Find("main article.story")
	if got := texts(story.Find("h1")); !slices.Equal(got, []string{"Storm hits the coast"}) {
		t.Errorf("h1 = %q", got)
	}
	if !strings.Contains(story.Find(".byline").Text(), "Sam Reporter") {
		t.Errorf("byline = %q", story.Find(".byline").Text())
	}
	tm := story.Find(".dateline time")
	if dt, _ := tm.Attr("datetime"); dt != "2024-06-21T10:00:00-04:00" {
		t.Errorf("datetime = %q, want RFC 3339 in the site zone", dt)
	}
	if !strings.Contains(tm.Text(), "June 21, 2024") {
		t.Errorf("date text = %q", tm.Text())
	}
	fig := story.Find("figure")
	if src, _ := fig.Find("img").Attr("src"); src != a.ImageURL {
		t.Errorf("lead photo src = %q", src)
	}
	if alt, ok := fig.Find("img").Attr("alt"); !ok || alt == "" {
		t.Error("lead photo has no alt text")
	}
	if got := fig.Find("figcaption").Text(); got != "Photo Credit: Jane Doe / Harbor Photos" {
		t.Errorf("figcaption = %q", got)
	}
	// The body is rendered exactly as stored: the sanitizer already ran.
	if html, _ := story.Find(".story-body").Html(); !strings.Contains(html, `<p>Winds reached <em>120 km/h</em> &amp; more.</p>`) {
		t.Errorf("body = %q", html)
	}
	credit := story.Find(".credit")
	if !strings.HasPrefix(credit.Text(), "Credit: ") || credit.Find("a").Text() != "Harbor Wire Service" {
		t.Errorf("credit line = %q", credit.Text())
	}
	if href, _ := credit.Find("a").Attr("href"); href != a.URL {
		t.Errorf("credit link = %q, want the original %q", href, a.URL)
	}
	if rel, _ := credit.Find("a").Attr("rel"); rel != "nofollow noopener" {
		t.Errorf("credit rel = %q", rel)
	}
	related := doc.Find(".related")
	if got := texts(related.Find("h2")); !slices.Equal(got, []string{"Related articles"}) {
		t.Errorf("related heading = %q", got)
	}
	if got := texts(related.Find("h3")); !slices.Equal(got, []string{"Clean-up begins", "Forecast for the weekend"}) {
		t.Errorf("related = %q, want the same category without this article", got)
	}
	if related.Find(`img[src="https://img.example.com/cleanup.jpg"]`).Length() != 1 {
		t.Error("related article's picture missing")
	}
}

func TestArticle_ShareRow(t *testing.T) {
	f := newFixture(t)
	src := f.addSource("Harbor Wire")
	// Characters that break a share URL unless they are encoded.
	title := "Q&A: storm #1 + 50% rain? café"
	f.save(src.ID, article(title, "Weather", published))
	doc := f.page("/2024/06/21/q-a-storm-1-50-rain-cafe/", http.StatusOK)
	share := doc.Find("section.share")
	if got := share.Find("h2").Text(); got != "Share to:" {
		t.Errorf("share label = %q", got)
	}
	items := share.Find("li").FilterFunction(func(_ int, s *goquery.Selection) bool {
		return !s.Find(".share-native").Is("*")
	})
	want := []string{"Facebook", "X", "WhatsApp", "Telegram", "LinkedIn", "Reddit", "Email", "Copy link"}
	if got := texts(items); !slices.Equal(got, want) {
		t.Fatalf("share targets = %q, want %q", got, want)
	}
	page := "https://news.example.org/2024/06/21/q-a-storm-1-50-rain-cafe/"
	checks := []struct {
		label, prefix, param, want string
	}{
		{"Facebook", "https://www.facebook.com/sharer/sharer.php?", "u", page},
		{"X", "https://x.com/intent/post?", "url", page},
		{"X", "https://x.com/intent/post?", "text", title},
		{"WhatsApp", "https://wa.me/?", "text", title + " " + page},
		{"Telegram", "https://t.me/share/url?", "url", page},
		{"LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?", "url", page},
		{"Reddit", "https://www.reddit.com/submit?", "url", page},
		{"Reddit", "https://www.reddit.com/submit?", "title", title},
		{"Email", "mailto:?", "subject", title},
		{"Email", "mailto:?", "body", title + "\n\n" + page},
	}
	for _, c := range checks {
		href, _ := share.Find(`a:contains("` + c.label + `")`).Attr("href")
		if !strings.HasPrefix(href, c.prefix) {
			t.Errorf("%s href = %q, want prefix %q", c.label, href, c.prefix)
			continue
		}
		q, err := url.ParseQuery(strings.TrimPrefix(href, c.prefix))
		if err != nil || q.Get(c.param) != c.want {
			t.Errorf("%s %s = %q (%v), want %q", c.label, c.param, q.Get(c.param), err, c.want)
		}
	}
	// mailto: needs %20 for spaces (a mail client keeps a "+"), and the
	// title's own "+" must arrive encoded.
	for _, href := range attrs(share.Find("a"), "href") {
		if strings.Contains(href, "+") {
			t.Errorf("share link has a bare +: %q", href)
		}
	}
	copyBtn := share.Find("button.share-copy")
	if u, _ := copyBtn.Attr("data-copy-url"); u != page {
		t.Errorf("copy link url = %q", u)
	}
	native := share.Find("button.share-native")
	if _, hidden := native.Attr("hidden"); !hidden || native.Text() != "Share…" {
		t.Error("Web Share button must start hidden and appear only where navigator.share exists")
	}
}

func TestArticle_ShareTargetsFromSettings(t *testing.T) {
	f := newFixture(t, func(o *web.Options) { o.Site.ShareTargets = []string{"email", "x", "myspace"} })
	seedArticle(f)
	doc := f.page("/2024/06/21/storm-hits-the-coast/", http.StatusOK)
	got := texts(doc.Find("section.share li a, section.share li button.share-copy"))
	if !slices.Equal(got, []string{"Email", "X"}) {
		t.Errorf("share targets = %q, want the settings' order without unknown ones", got)
	}
}

func TestArticle_CaptionAndCreditFallbacks(t *testing.T) {
	f := newFixture(t)
	src := f.addSource("Harbor Wire")
	noCredit := article("Photo without credit", "Weather", published)
	noCredit.ImageURL = "https://img.example.com/a.jpg"
	noImage := article("Story without a photo", "Weather", published)
	original := article("Written in our newsroom", "Weather", published)
	original.Kind = model.KindOriginal
	f.save(src.ID, noCredit, noImage, original)

	doc := f.page("/2024/06/21/photo-without-credit/", http.StatusOK)
	if got := doc.Find("figure figcaption").Text(); got != "Photo Credit: Harbor Wire" {
		t.Errorf("caption without credit = %q, want the source name", got)
	}
	if got := doc.Find(".credit a").Text(); got != "Harbor Wire" {
		t.Errorf("credit without Credit = %q, want the source name", got)
	}
	doc = f.page("/2024/06/21/story-without-a-photo/", http.StatusOK)
	if doc.Find("main figure").Length() != 0 {
		t.Error("figure rendered without a picture")
	}
	doc = f.page("/2024/06/21/written-in-our-newsroom/", http.StatusOK)
	if doc.Find(".credit").Length() != 0 {
		t.Error("newsroom original carries a source credit line")
	}
}

func TestArticle_NoEmptySections(t *testing.T) {
	f := newFixture(t)
	src := f.addSource("Harbor Wire")
	f.save(src.ID, article("Alone in its section", "Science", published), article("No section", "", published))
	for _, path := range []string{"/2024/06/21/alone-in-its-section/", "/2024/06/21/no-section/"} {
		doc := f.page(path, http.StatusOK)
		if doc.Find(".related").Length() != 0 {
			t.Errorf("%s: empty related section rendered", path)
		}
		// The comments section always has its form, so it is never empty.
		for _, h := range texts(doc.Find("main h2").Not("#comments-title")) {
			if h != "Share to:" {
				t.Errorf("%s: unexpected section %q", path, h)
			}
		}
	}
}

func TestArticle_Routing(t *testing.T) {
	f := newFixture(t)
	seedArticle(f)
	right := "/2024/06/21/storm-hits-the-coast/"
	tests := []struct {
		path     string
		status   int
		location string
	}{
		{right, http.StatusOK, ""},
		{"/2024/06/22/storm-hits-the-coast/", http.StatusMovedPermanently, right}, // the UTC date
		{"/1999/01/01/storm-hits-the-coast/", http.StatusMovedPermanently, right},
		{"/2024/06/21/storm-hits-the-coast", http.StatusMovedPermanently, right},
		{"/2024/06/21/no-such-story/", http.StatusNotFound, ""},
		{"/2024/06/21/", http.StatusNotFound, ""},
		{"/2024/6/21/storm-hits-the-coast/", http.StatusNotFound, ""},
		{"/abcd/06/21/storm-hits-the-coast/", http.StatusNotFound, ""},
		{"/2024/06/21/storm-hits-the-coast/extra/", http.StatusNotFound, ""},
	}
	for _, tc := range tests {
		r := f.get(tc.path)
		if r.status != tc.status || r.header.Get("Location") != tc.location {
			t.Errorf("GET %s = %d Location %q, want %d %q", tc.path, r.status, r.header.Get("Location"), tc.status, tc.location)
		}
	}
}
