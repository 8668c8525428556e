package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/store"
)

// storyDetail is the part of /api/v1/stories/{id} the tests read.
type storyDetail struct {
	ID               int64  `json:"id"`
	URL              string `json:"url"`
	Title            string `json:"title"`
	Image            string `json:"image"`
	ImageCredit      string `json:"image_credit"`
	LeadArticleID    int64  `json:"lead_article_id"`
	ArticleCount     int    `json:"article_count"`
	SourceCount      int    `json:"source_count"`
	IndependentCount int    `json:"independent_source_count"`
	FirstArticleID   int64  `json:"first_article_id"`
	FirstSource      string `json:"first_source"`
	FirstReportedAt  string `json:"first_reported_at"`
	UpdatedAt        string `json:"updated_at"`
	Category         string `json:"category"`
	Sources          []struct {
		SourceID *int64 `json:"source_id"`
		Name     string `json:"name"`
		Articles int    `json:"articles"`
		URL      string `json:"url"`
	} `json:"sources"`
	Articles []struct {
		ID      int64  `json:"id"`
		URL     string `json:"url"`
		Title   string `json:"title"`
		StoryID *int64 `json:"story_id"`
		DupOf   *int64 `json:"dup_of"`
	} `json:"articles"`
	Entities []struct {
		Name string `json:"name"`
		Slug string `json:"slug"`
		Kind string `json:"kind"`
		URL  string `json:"url"`
	} `json:"entities"`
}

func TestAPI_StoryDetail(t *testing.T) {
	f := newFixture(t)
	w := seedStoryWorld(f)
	var d storyDetail
	f.getJSON("/api/v1/stories/1", http.StatusOK, &d)
	if d.ID != 1 || d.URL != "https://news.example.org/story/1" || d.Title != "Storm shuts the old bridge" || d.LeadArticleID != w.lead.ID {
		t.Errorf("story = %d %q %q lead %d", d.ID, d.URL, d.Title, d.LeadArticleID)
	}
	if d.ArticleCount != 6 || d.SourceCount != 4 || d.IndependentCount != 3 {
		t.Errorf("counts = %d, %d, %d; want 6, 4, 3", d.ArticleCount, d.SourceCount, d.IndependentCount)
	}
	if d.FirstArticleID != w.bridge.ID || d.FirstSource != "Harbor Wire" || d.FirstReportedAt != "2024-06-21T11:00:00Z" || d.UpdatedAt != "2024-06-21T14:00:00Z" {
		t.Errorf("first report %d %q %q, updated %q", d.FirstArticleID, d.FirstSource, d.FirstReportedAt, d.UpdatedAt)
	}
	if d.Image != w.lead.ImageURL || d.ImageCredit != "Ana Ruiz" || d.Category != "World" {
		t.Errorf("image %q credit %q category %q", d.Image, d.ImageCredit, d.Category)
	}
	var names []string
	for _, s := range d.Sources {
		names = append(names, fmt.Sprintf("%s:%d", s.Name, s.Articles))
	}
	if want := []string{"Harbor Wire:1", "Valley Ledger:2", "Coast Daily:2", "Metro Post:1"}; !slices.Equal(names, want) {
		t.Errorf("sources = %q, want %q", names, want)
	}
	if s := d.Sources[0]; s.SourceID == nil || *s.SourceID != w.harbor.ID || s.URL != fmt.Sprintf("https://news.example.org/source/%d", w.harbor.ID) {
		t.Errorf("source = %+v", s)
	}
	dups := map[int64]int64{}
	var ids []int64
	for _, a := range d.Articles {
		ids = append(ids, a.ID)
		if a.StoryID == nil || *a.StoryID != 1 {
			t.Errorf("article %d story_id = %v", a.ID, a.StoryID)
		}
		if a.DupOf != nil {
			dups[a.ID] = *a.DupOf
		}
	}
	wantIDs := []int64{w.bridge.ID, w.lead.ID, w.coastOwn.ID, w.coastCopy.ID, w.metroCopy.ID, w.repair.ID}
	if !slices.Equal(ids, wantIDs) {
		t.Errorf("articles = %v, want %v (first published first)", ids, wantIDs)
	}
	if len(dups) != 2 || dups[w.coastCopy.ID] != w.bridge.ID || dups[w.metroCopy.ID] != w.bridge.ID {
		t.Errorf("dup_of = %v, want both copies pointing at %d", dups, w.bridge.ID)
	}
	if len(d.Entities) != 2 || d.Entities[0].Slug != "lunmere-bridge" || d.Entities[0].Kind != "place" ||
		d.Entities[0].URL != "https://news.example.org/entity/lunmere-bridge" || d.Entities[1].Name != hostileName {
		t.Errorf("entities = %+v", d.Entities)
	}
}

func TestAPI_StoryErrorsAndFolds(t *testing.T) {
	f := newFixture(t)
	seedStoryWorld(f)
	for path, status := range map[string]int{
		"/api/v1/stories/999":                 http.StatusNotFound,
		"/api/v1/stories/abc":                 http.StatusBadRequest,
		"/api/v1/stories/0":                   http.StatusBadRequest,
		"/api/v1/stories/-4":                  http.StatusBadRequest,
		"/api/v1/stories?limit=0":             http.StatusBadRequest,
		"/api/v1/stories?limit=ten":           http.StatusBadRequest,
		"/api/v1/stories?cursor=garbage!":     http.StatusBadRequest,
		"/api/v1/stories?min_sources=-1":      http.StatusBadRequest,
		"/api/v1/stories?min_sources=many":    http.StatusBadRequest,
		"/api/v1/stories?min_sources=1000000": http.StatusBadRequest,
	} {
		var e map[string]string
		f.getJSON(path, status, &e)
		if e["error"] == "" {
			t.Errorf("GET %s: no error message in %v", path, e)
		}
	}
	r := f.get("/api/v1/stories/3")
	if r.status != http.StatusMovedPermanently || r.header.Get("Location") != "https://news.example.org/api/v1/stories/1" {
		t.Fatalf("folded story = %d to %q, want 301 to the survivor", r.status, r.header.Get("Location"))
	}
	var moved struct {
		MergedInto int64  `json:"merged_into"`
		Location   string `json:"location"`
	}
	if err := json.Unmarshal([]byte(r.body), &moved); err != nil || moved.MergedInto != 1 || moved.Location != r.header.Get("Location") {
		t.Errorf("folded story body %q (%v)", r.body, err)
	}
}

func TestAPI_StoriesListPagesAndFilters(t *testing.T) {
	f := newFixture(t)
	a, b := f.addSource("Outlet A"), f.addSource("Outlet B")
	// Stories 1..25: story n's article is n minutes old at published;
	// the odd ones also have a second outlet.
	var batch []store.StoryAssignment
	for n := int64(1); n <= 25; n++ {
		pub := published.Add(-time.Duration(n) * time.Minute)
		x := f.save(a.ID, article(fmt.Sprintf("Event %02d", n), "World", pub))[0]
		batch = append(batch, store.StoryAssignment{ArticleID: x.ID, StoryID: n})
		if n%2 == 1 {
			y := f.save(b.ID, article(fmt.Sprintf("Event %02d elsewhere", n), "World", pub))[0]
			batch = append(batch, store.StoryAssignment{ArticleID: y.ID, StoryID: n})
		}
	}
	f.apply(batch...)

	var page apiList
	f.getJSON("/api/v1/stories", http.StatusOK, &page)
	if len(page.Items) != 20 || page.Next == nil {
		t.Fatalf("default page: %d items, next %v; want 20 and a cursor", len(page.Items), page.Next)
	}
	var ids []float64
	cursor := ""
	for range 10 {
		path := "/api/v1/stories?limit=10"
		if cursor != "" {
			path += "&cursor=" + cursor
		}
		var p apiList
		f.getJSON(path, http.StatusOK, &p)
		for _, it := range p.Items {
			ids = append(ids, it["id"].(float64))
		}
		if p.Next == nil {
			break
		}
		cursor = *p.Next
	}
	if len(ids) != 25 || ids[0] != 1 || ids[24] != 25 {
		t.Errorf("paged ids = %v, want 1..25 newest first", ids)
	}
	first := page.Items[0]
	for _, key := range []string{"id", "url", "title", "excerpt", "image", "image_credit", "lead_article_id", "article_count",
		"source_count", "independent_source_count", "first_article_id", "first_source", "first_reported_at", "updated_at",
		"category", "category_slug"} {
		if _, ok := first[key]; !ok {
			t.Errorf("story item lacks %q: %v", key, first)
		}
	}

	var multi apiList
	f.getJSON("/api/v1/stories?min_sources=2&limit=100", http.StatusOK, &multi)
	if len(multi.Items) != 13 || multi.Next != nil {
		t.Errorf("min_sources=2: %d items, next %v; want the 13 odd stories", len(multi.Items), multi.Next)
	}
	for _, it := range multi.Items {
		if it["source_count"].(float64) < 2 {
			t.Errorf("min_sources=2 lists %v", it)
		}
	}
	var clamped apiList
	f.getJSON("/api/v1/stories?limit=1000", http.StatusOK, &clamped)
	if len(clamped.Items) != 25 {
		t.Errorf("limit=1000 gave %d items", len(clamped.Items))
	}
}
