package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/search"
	"github.com/newsdesk/newsdesk/internal/store"
	"github.com/newsdesk/newsdesk/internal/store/storetest"
	"github.com/newsdesk/newsdesk/internal/web"
)

// benchSite serves a site of 2,000 articles of about 2 KB over a real
// SQLite store and returns its URL and the permalink of one article.
func benchSite(b *testing.B) (siteURL, articlePath string) {
	b.Helper()
	siteURL, st := benchStore(b)
	a, err := st.GetArticleBySlug(context.Background(), "harbour-story-1000-makes-the-news")
	if err != nil {
		b.Fatal(err)
	}
	return siteURL, web.Permalink(a, testSettings().Location)
}

// benchStore serves the benchmark site, searches not rate-limited, and
// returns its store too.
func benchStore(b *testing.B) (string, store.Store) {
	b.Helper()
	st := storetest.NewSQLiteCopy(b)
	ctx := context.Background()
	src, err := st.AddSource(ctx, model.Source{FeedURL: "https://wire.example/feed.xml", Name: "Wire"})
	if err != nil {
		b.Fatal(err)
	}
	body := strings.Repeat("<p>The council met on Tuesday to weigh the harbour budget and the ferry timetable.</p>", 25)
	categories := []string{"World", "Politics", "Business", "Technology", "Science", "Health", "Sports", "Culture"}
	for batch := range 20 {
		arts := make([]model.Article, 100)
		for i := range arts {
			n := batch*100 + i
			title := fmt.Sprintf("Harbour story %d makes the news", n)
			arts[i] = model.Article{
				GUID: fmt.Sprint(n), URL: fmt.Sprintf("https://wire.example/%d", n), Title: title,
				Excerpt: "What happened in story " + fmt.Sprint(n), ContentHTML: body, ContentText: body,
				PublishedAt: time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(n) * time.Minute),
				ImageURL:    fmt.Sprintf("https://img.example/%d.jpg", n), ImageCredit: "Ana Ruiz / Wire",
				Category: categories[n%len(categories)],
			}
		}
		if _, err := st.SaveArticles(ctx, src.ID, arts); err != nil {
			b.Fatal(err)
		}
	}
	h, err := web.New(web.Options{Site: testSettings(), Store: st, SearchLimit: web.RateLimit{Rate: -1}})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(h)
	b.Cleanup(srv.Close)
	return srv.URL, st
}

// hammer GETs url from parallel clients over keep-alive connections and
// reports requests per second.
func hammer(b *testing.B, url string) {
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	b.SetParallelism(25) // 50 connections on 2 cores
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			resp, err := client.Get(url)
			if err != nil {
				b.Error(err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				b.Errorf("status %d", resp.StatusCode)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}

// BenchmarkArticlePage serves an article page from the database.
func BenchmarkArticlePage(b *testing.B) {
	siteURL, path := benchSite(b)
	hammer(b, siteURL+path)
}

// BenchmarkArticlePage_BareBytes is the reference: a bare net/http
// server answering with the same page's bytes from memory.
func BenchmarkArticlePage_BareBytes(b *testing.B) {
	siteURL, path := benchSite(b)
	resp, err := http.Get(siteURL + path)
	if err != nil {
		b.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	bare := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	}))
	defer bare.Close()
	hammer(b, bare.URL)
}

// liveQuery is what the header's box sends while a reader types "ferry
// tim" with one filter set.
const liveQuery = "q=ferry+tim&category=politics&live=1&limit=8"

// BenchmarkSearchLive is one reader's live search through HTTP, one
// request at a time: its ns/op is the latency a reader waits for.
func BenchmarkSearchLive(b *testing.B) {
	siteURL, _ := benchStore(b)
	client := &http.Client{}
	for b.Loop() {
		resp, err := client.Get(siteURL + "/api/v1/search?" + liveQuery)
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			b.Fatalf("status %d", resp.StatusCode)
		}
	}
}

// BenchmarkSearchLive_Store is the reference for BenchmarkSearchLive: the
// same search asked of the store directly, without HTTP, parsing,
// highlighting or JSON.
func BenchmarkSearchLive_Store(b *testing.B) {
	_, st := benchStore(b)
	an, err := search.NewAnalyzer("")
	if err != nil {
		b.Fatal(err)
	}
	q := store.SearchQuery{
		Query:      an.Parse("ferry tim", search.ParseOptions{PrefixLast: true}),
		Categories: []string{"politics"},
		Limit:      8,
	}
	for b.Loop() {
		res, err := st.SearchArticles(context.Background(), q)
		if err != nil || res.Total == 0 {
			b.Fatalf("search = %d hits, %v", res.Total, err)
		}
	}
}
