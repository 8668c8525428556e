package web_test

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
)

type testSitemapIndex struct {
	XMLName  xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
	Sitemaps []struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod"`
	} `xml:"sitemap"`
}

type testURLSet struct {
	XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod"`
		News    *struct {
			Publication struct {
				Name     string `xml:"http://www.google.com/schemas/sitemap-news/0.9 name"`
				Language string `xml:"http://www.google.com/schemas/sitemap-news/0.9 language"`
			} `xml:"http://www.google.com/schemas/sitemap-news/0.9 publication"`
			Date  string `xml:"http://www.google.com/schemas/sitemap-news/0.9 publication_date"`
			Title string `xml:"http://www.google.com/schemas/sitemap-news/0.9 title"`
		} `xml:"http://www.google.com/schemas/sitemap-news/0.9 news"`
	} `xml:"url"`
}

// getXML fetches a sitemap and decodes it into v.
func (f *fixture) getXML(path string, v any) {
	f.t.Helper()
	r := f.get(path)
	if r.status != http.StatusOK {
		f.t.Fatalf("GET %s = %d\n%s", path, r.status, r.body)
	}
	if ct := r.header.Get("Content-Type"); ct != "application/xml; charset=utf-8" {
		f.t.Errorf("GET %s Content-Type = %q", path, ct)
	}
	if err := xml.Unmarshal([]byte(r.body), v); err != nil {
		f.t.Fatalf("%s: %v\n%s", path, err, r.body)
	}
}

func TestSitemap_Robots(t *testing.T) {
	f := newFixture(t)
	r := f.get("/robots.txt")
	if r.status != http.StatusOK || r.header.Get("Content-Type") != "text/plain; charset=utf-8" {
		t.Fatalf("robots.txt: %d %q", r.status, r.header.Get("Content-Type"))
	}
	lines := strings.Split(r.body, "\n")
	for _, want := range []string{"User-agent: *", "Allow: /", "Disallow: /admin/", "Disallow: /api/", "Disallow: /search",
		"Sitemap: " + testBase + "/sitemap.xml", "Sitemap: " + testBase + "/sitemap-news.xml"} {
		if !slices.Contains(lines, want) {
			t.Errorf("robots.txt lacks %q:\n%s", want, r.body)
		}
	}
}

func TestSitemap_IndexAndPages(t *testing.T) {
	f := newFixture(t)
	w := seedFeedWorld(f)
	old := f.save(w.harbor.ID, article("Ferry timetable changes", "World", published.AddDate(0, 0, -10)))[0]

	var idx testSitemapIndex
	f.getXML("/sitemap.xml", &idx)
	var locs []string
	for _, sm := range idx.Sitemaps {
		locs = append(locs, sm.Loc)
		if sm.LastMod != "" {
			if _, err := time.Parse(time.RFC3339, sm.LastMod); err != nil {
				t.Errorf("lastmod %q: %v", sm.LastMod, err)
			}
		}
	}
	want := []string{testBase + "/sitemaps/pages.xml", testBase + "/sitemaps/articles-2024-06-21.xml", testBase + "/sitemaps/articles-2024-06-11.xml"}
	if !slices.Equal(locs, want) {
		t.Fatalf("index = %q, want %q", locs, want)
	}
	if idx.Sitemaps[1].LastMod != "2024-06-21T14:00:00Z" || idx.Sitemaps[0].LastMod == "" {
		t.Errorf("lastmods = %+v", idx.Sitemaps)
	}

	urls := map[string]string{} // loc -> lastmod, over every sitemap
	for _, loc := range locs {
		var set testURLSet
		f.getXML(strings.TrimPrefix(loc, testBase), &set)
		if len(set.URLs) > 50_000 {
			t.Errorf("%s has %d URLs", loc, len(set.URLs))
		}
		for _, u := range set.URLs {
			if !strings.HasPrefix(u.Loc, testBase+"/") {
				t.Errorf("%s: relative URL %q", loc, u.Loc)
			}
			urls[u.Loc] = u.LastMod
		}
	}
	for _, a := range []model.Article{w.bridge, w.lead, w.coastOwn, w.repair, w.festival, old} {
		if _, ok := urls[testBase+permalink(a)]; !ok {
			t.Errorf("%q is in no sitemap", a.Title)
		}
	}
	for _, a := range []model.Article{w.hidden, w.coastCopy, w.metroCopy} {
		if _, ok := urls[testBase+permalink(a)]; ok {
			t.Errorf("%q (hidden or a republished copy) is in a sitemap", a.Title)
		}
	}
	if got := urls[testBase+permalink(w.repair)]; got != "2024-06-21T14:00:00Z" {
		t.Errorf("lastmod of %q = %q", w.repair.Title, got)
	}
	for _, p := range []string{"/", "/category/world", "/source/1", "/story/1", "/feeds"} {
		if _, ok := urls[testBase+p]; !ok {
			t.Errorf("%s is in no sitemap", p)
		}
	}
	var empty testURLSet
	f.getXML("/sitemaps/articles-2024-06-15.xml", &empty)
	if len(empty.URLs) != 0 {
		t.Errorf("a day without articles lists %d", len(empty.URLs))
	}
	for _, bad := range []string{"/sitemaps/articles-2024-13-01.xml", "/sitemaps/articles-2.xml", "/sitemaps/nope.xml"} {
		f.page(bad, http.StatusNotFound)
	}
}

func TestSitemap_News(t *testing.T) {
	f := newFixture(t)
	w := seedFeedWorld(f)
	old := f.save(w.harbor.ID, article("Ferry timetable changes", "World", testNow.Add(-49*time.Hour)))[0]
	var set testURLSet
	r := f.get("/sitemap-news.xml")
	if !strings.Contains(r.body, `xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"`) ||
		!strings.Contains(r.body, `xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"`) {
		t.Errorf("news sitemap namespaces:\n%s", r.body)
	}
	f.getXML("/sitemap-news.xml", &set)
	var titles []string
	for _, u := range set.URLs {
		if u.News == nil {
			t.Fatalf("%s has no news:news", u.Loc)
		}
		titles = append(titles, u.News.Title)
		if u.News.Publication.Name != "The Harbor Gazette" || u.News.Publication.Language != "en" {
			t.Errorf("publication = %+v", u.News.Publication)
		}
		when, err := time.Parse(time.RFC3339, u.News.Date)
		if err != nil || testNow.Sub(when) > 48*time.Hour {
			t.Errorf("%s published %q (%v)", u.Loc, u.News.Date, err)
		}
		if !strings.HasPrefix(u.Loc, testBase+"/") {
			t.Errorf("relative URL %q", u.Loc)
		}
	}
	want := []string{w.repair.Title, w.coastOwn.Title, w.lead.Title, w.bridge.Title, w.festival.Title}
	if !slices.Equal(titles, want) {
		t.Errorf("news sitemap = %q, want %q (not %q nor hidden)", titles, want, old.Title)
	}
}

func TestSitemap_NewsStopsAtAThousand(t *testing.T) {
	f := newFixture(t)
	src := f.addSource("Harbor Wire")
	arts := make([]model.Article, 1010)
	for i := range arts {
		arts[i] = article(fmt.Sprintf("Harbor note %d", i), "World", testNow.Add(-time.Duration(i)*time.Minute))
	}
	f.save(src.ID, arts...)
	var set testURLSet
	f.getXML("/sitemap-news.xml", &set)
	if len(set.URLs) != 1000 || set.URLs[0].News.Title != "Harbor note 0" {
		t.Errorf("news sitemap lists %d URLs, first %q", len(set.URLs), set.URLs[0].News.Title)
	}
}
