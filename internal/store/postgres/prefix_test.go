package postgres_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/search"
	"github.com/newsdesk/newsdesk/internal/store"
	"github.com/newsdesk/newsdesk/internal/store/postgres"
)

// A prefix of up to three letters stands for its eight commonest words,
// as on SQLite, from the planner's statistics; a longer one matches
// every word it begins.
func TestSearch_ShortPrefixStandsForItsCommonestWords(t *testing.T) {
	dsn, _ := schemaDSN(t)
	ctx := t.Context()
	st, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	src, err := st.AddSource(ctx, model.Source{FeedURL: "https://a.example/rss", Name: "A"})
	if err != nil {
		t.Fatal(err)
	}
	// Twenty words begin with "qu"; the i-th is in i+1 articles.
	var arts []model.Article
	for i := range 20 {
		word := fmt.Sprintf("qu%c%cs", 'a'+i, 'a'+i)
		for k := range i + 1 {
			arts = append(arts, model.Article{GUID: fmt.Sprint(i, "-", k), URL: fmt.Sprintf("https://a.example/%d/%d", i, k),
				Title: "Notes " + word, PublishedAt: time.Now().Add(-time.Duration(len(arts)) * time.Minute)})
		}
	}
	if _, err := st.SaveArticles(ctx, src.ID, arts); err != nil {
		t.Fatal(err)
	}
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	_, err = conn.Exec(ctx, `ANALYZE articles`)
	conn.Close(ctx)
	if err != nil {
		t.Fatal(err)
	}
	an, _ := search.NewAnalyzer("english")
	total := func(q string) int {
		res, err := st.SearchArticles(ctx, store.SearchQuery{Query: an.Parse(q, search.ParseOptions{PrefixLast: true}), Newest: true})
		if err != nil {
			t.Fatal(err)
		}
		return res.Total
	}
	// The eight commonest: the words in 13 to 20 articles.
	if got, want := total("qu"), 13+14+15+16+17+18+19+20; got != want {
		t.Errorf("qu: %d hits, want %d (the eight commonest words')", got, want)
	}
	// Four letters: every word it begins, however rare.
	if got := total("quaa"); got != 1 {
		t.Errorf("quaa: %d hits, want 1", got)
	}
	// A short prefix of a word every article holds finds them all.
	if got := total("no"); got != len(arts) {
		t.Errorf("no: %d hits, want %d", got, len(arts))
	}
}
