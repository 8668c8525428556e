package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/web"
)

// BenchmarkRenderCache_ArticlePage serves one article page of the
// benchmark site (benchStore) with the render cache on and off, each
// against a bare net/http server writing the same bytes from memory, in
// the same run: "ratio" is the site's requests per second over the bare
// server's (the quality bar is 0.8 with the cache on). Both answer
// identity bodies (the clients ask for no compression), over 50
// keep-alive connections.
func BenchmarkRenderCache_ArticlePage(b *testing.B) {
	_, st := benchStore(b)
	a, err := st.GetArticleBySlug(context.Background(), "harbour-story-1000-makes-the-news")
	if err != nil {
		b.Fatal(err)
	}
	path := web.Permalink(a, testSettings().Location)
	for _, tc := range []struct {
		name  string
		bytes int64
	}{{"cache=on", 64 << 20}, {"cache=off", 0}} {
		b.Run(tc.name, func(b *testing.B) {
			h, err := web.New(web.Options{Site: testSettings(), Store: st, SearchLimit: web.RateLimit{Rate: -1},
				RenderCache: tc.bytes})
			if err != nil {
				b.Fatal(err)
			}
			site := httptest.NewServer(h)
			defer site.Close()
			page := fetchPage(b, site.URL+path)
			bare := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				w.Write(page)
			}))
			defer bare.Close()
			const batch = 2000
			var siteTime, bareTime time.Duration
			for b.Loop() {
				bareTime += blast(b, bare.URL, batch)
				siteTime += blast(b, site.URL+path, batch)
			}
			b.ReportMetric(float64(b.N*batch)/siteTime.Seconds(), "site-req/s")
			b.ReportMetric(float64(b.N*batch)/bareTime.Seconds(), "bare-req/s")
			b.ReportMetric(bareTime.Seconds()/siteTime.Seconds(), "ratio")
			b.ReportMetric(float64(len(page)), "page-bytes")
		})
	}
}

// fetchPage GETs a page's identity body.
func fetchPage(b *testing.B, url string) []byte {
	b.Helper()
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	resp, err := client.Get(url)
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	page, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		b.Fatalf("GET %s: %d, %v", url, resp.StatusCode, err)
	}
	return page
}

// blast sends n GETs to url over 50 keep-alive connections and returns
// how long they took.
func blast(b *testing.B, url string, n int) time.Duration {
	const conns = 50
	client := &http.Client{Transport: &http.Transport{DisableCompression: true, MaxIdleConnsPerHost: conns}}
	defer client.CloseIdleConnections()
	jobs := make(chan struct{}, n)
	for range n {
		jobs <- struct{}{}
	}
	close(jobs)
	var wg sync.WaitGroup
	start := time.Now()
	for range conns {
		wg.Go(func() {
			for range jobs {
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
	}
	wg.Wait()
	return time.Since(start)
}
