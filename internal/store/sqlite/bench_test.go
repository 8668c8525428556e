package sqlite_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
	"github.com/newsdesk/newsdesk/internal/store/sqlite"
)

// BenchmarkSaveArticles measures ingest's write path: batches of 100
// new articles from one source, each with a category and a body.
func BenchmarkSaveArticles(b *testing.B) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	src, err := st.AddSource(ctx, model.Source{FeedURL: "https://bench.example/rss"})
	if err != nil {
		b.Fatal(err)
	}
	body := "Lorem ipsum dolor sit amet, consectetur adipiscing elit. "
	for len(body) < 3000 {
		body += body
	}
	const batch = 100
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		arts := make([]model.Article, batch)
		for i := range arts {
			n++
			arts[i] = model.Article{
				GUID: fmt.Sprintf("g%d", n), URL: fmt.Sprintf("https://bench.example/%d", n),
				CanonicalURL: fmt.Sprintf("https://bench.example/c/%d", n),
				Title:        fmt.Sprintf("Bench story number %d", n), Excerpt: body[:200],
				ContentHTML: "<p>" + body + "</p>", ContentText: body, Category: "World",
				PublishedAt: time.Unix(int64(n), 0),
			}
		}
		if _, err := st.SaveArticles(ctx, src.ID, arts); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkListArticles measures a front-page listing over 10,000 articles.
func BenchmarkListArticles(b *testing.B) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	for i := range 100 {
		arts := make([]model.Article, 100)
		for j := range arts {
			n := i*100 + j
			arts[j] = model.Article{GUID: fmt.Sprint(n), Title: fmt.Sprintf("Story %d", n),
				Category: fmt.Sprintf("Section %d", n%8), PublishedAt: time.Unix(int64(n), 0)}
		}
		if _, err := st.SaveArticles(ctx, 0, arts); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := st.ListArticles(ctx, store.ArticleFilter{CategorySlug: "section-3"}); err != nil {
			b.Fatal(err)
		}
	}
}
