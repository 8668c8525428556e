package sqlite

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/search"
	"github.com/newsdesk/newsdesk/internal/store"
)

func termDocsOf(t *testing.T, s *Store, terms ...string) map[string]int64 {
	t.Helper()
	got, err := s.termCounts(t.Context(), terms)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func article(guid, title, excerpt, text string, at time.Time) model.Article {
	return model.Article{GUID: guid, URL: "https://a.example/" + guid, Title: title, Excerpt: excerpt,
		ContentText: text, PublishedAt: at}
}

func saveAll(t *testing.T, s *Store, as ...model.Article) []int64 {
	t.Helper()
	src, err := s.AddSource(t.Context(), model.Source{FeedURL: fmt.Sprintf("https://a.example/%d/rss", time.Now().UnixNano()), Name: "A"})
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.SaveArticles(t.Context(), src.ID, as)
	if err != nil {
		t.Fatal(err)
	}
	return res.IDs
}

func TestSearchTerms_CountArticlesNotOccurrences(t *testing.T) {
	s, _ := openTemp(t)
	at := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	saveAll(t, s,
		article("1", "Lighthouse keepers", "The lighthouse", "Lighthouse, lighthouse, lighthouse.", at),
		article("2", "Harbour news", "", "A lighthouse was painted.", at),
		article("3", "Harbour news", "", "Ferries.", at),
	)
	want := map[string]int64{"lighthouse": 2, "~lighthous": 2, "harbour": 2, "~harbour": 2, "~keeper": 1, "keepers": 1, "ferries": 1, "~ferri": 1}
	if got := termDocsOf(t, s, "lighthouse", "~lighthous", "lighthous", "harbour", "~harbour", "keeper", "~keeper", "keepers", "ferries", "~ferri"); !mapsEqual(got, want) {
		t.Errorf("counts %v, want %v", got, want)
	}
	// Filter tags are not words; they are counted under their own key.
	if got := termDocsOf(t, s, "zkaggregated"); len(got) != 0 {
		t.Errorf("tag counted as a word: %v", got)
	}
	var src int64
	if err := s.r.QueryRowContext(t.Context(), `SELECT MAX(source_id) FROM articles`).Scan(&src); err != nil {
		t.Fatal(err)
	}
	srcKey := tagKey(fmt.Sprint("zs", src))
	if got := termDocsOf(t, s, srcKey, tagKey("zc0")); !mapsEqual(got, map[string]int64{srcKey: 3, tagKey("zc0"): 3}) {
		t.Errorf("tag counts %v, want 3 articles of the source and 3 without a category", got)
	}
	// Re-indexing in another language counts afresh, not on top.
	if err := s.UseSearchLanguage(t.Context(), "french"); err != nil {
		t.Fatal(err)
	}
	if got := termDocsOf(t, s, "lighthouse", "harbour"); got["lighthouse"] != 2 || got["harbour"] != 2 {
		t.Errorf("after re-index: %v, want lighthouse 2, harbour 2", got)
	}
}

func mapsEqual(a, b map[string]int64) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestSearchTerms_RolledBackWithTheirBatch(t *testing.T) {
	s, _ := openTemp(t)
	at := time.Now()
	saveAll(t, s, article("1", "Lighthouse", "", "", at))
	// A batch that fails (its source does not exist) leaves no counts.
	if _, err := s.SaveArticles(t.Context(), 999, []model.Article{article("2", "Lighthouse", "", "", at)}); err == nil {
		t.Fatal("saving under a missing source succeeded")
	}
	if got := termDocsOf(t, s, "lighthouse"); got["lighthouse"] != 1 {
		t.Errorf("lighthouse counted in %d articles, want 1", got["lighthouse"])
	}
}

func TestOpen_UpgradeCountsTheIndexedTerms(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "v3.db")
	db, err := sql.Open("sqlite", dsn(path, ""))
	if err != nil {
		t.Fatal(err)
	}
	ms, err := store.LoadMigrations(migrationFiles, "migrations")
	if err != nil {
		t.Fatal(err)
	}
	stmts := []string{`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)`}
	for _, m := range ms[:3] {
		stmts = append(stmts, m.SQL, fmt.Sprintf(`INSERT INTO schema_migrations VALUES (%d, 0)`, m.Version))
	}
	stmts = append(stmts,
		`INSERT INTO search_meta VALUES ('language', 'english')`,
		`INSERT INTO articles (slug, title, content_text, published_at, fetched_at) VALUES ('a', 'Keepers', 'The lighthouse keepers', 0, 0)`,
		`INSERT INTO articles (slug, title, content_text, published_at, fetched_at) VALUES ('b', 'Keepers', 'Ferries', 0, 0)`)
	for _, q := range stmts {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%.60s: %v", q, err)
		}
	}
	an, _ := search.NewAnalyzer("english")
	for id, a := range []model.Article{{Title: "Keepers", ContentText: "The lighthouse keepers"}, {Title: "Keepers", ContentText: "Ferries"}} {
		// The index as migration 0003 made it: words and stems, no pairs.
		args := indexArgs(an, int64(id+1), a, 0, 0)
		if _, err := db.ExecContext(ctx, `INSERT INTO articles_fts (rowid, title_x, excerpt_x, content_x,
			title_s, excerpt_s, content_s, tags) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			append(args[:7:7], args[len(args)-1])...); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// An article holding a word in two fields counts once.
	if got := termDocsOf(t, s, "keepers", "~keeper", "lighthouse", "~lighthous", "ferries"); !mapsEqual(got,
		map[string]int64{"keepers": 2, "~keeper": 2, "lighthouse": 1, "~lighthous": 1, "ferries": 1}) {
		t.Errorf("counts after upgrade: %v", got)
	}
	// So are its filter tags (migration 0007), from the articles' rows.
	if got := termDocsOf(t, s, tagKey("zc0"), tagKey("zs0"), tagKey("zkaggregated")); !mapsEqual(got,
		map[string]int64{tagKey("zc0"): 2, tagKey("zs0"): 2, tagKey("zkaggregated"): 2}) {
		t.Errorf("tag counts after upgrade: %v", got)
	}
	res, err := s.SearchArticles(ctx, store.SearchQuery{Query: an.Parse("lighth", search.ParseOptions{PrefixLast: true})})
	if err != nil || res.Total != 1 || res.Items[0].ID != 1 {
		t.Errorf("typing after upgrade: %+v, %v; want article 1", res, err)
	}
}

func TestSearch_RareWordInTitleOutranksCommonWordInTitle(t *testing.T) {
	s, _ := openTemp(t)
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	var as []model.Article
	// "council" is in every article, "lighthouse" in two.
	for i := range 20 {
		as = append(as, article(fmt.Sprint("f", i), "Council roads", "", "The council met.", at.Add(-time.Duration(i)*time.Hour)))
	}
	as = append(as,
		article("common", "Council session", "", "A lighthouse was mentioned.", at),
		article("rare", "Lighthouse reopens", "", "The council approved it.", at.Add(-time.Hour)))
	ids := saveAll(t, s, as...)
	common, rare := ids[20], ids[21]
	an, _ := search.NewAnalyzer("english")
	res, err := s.SearchArticles(t.Context(), store.SearchQuery{Query: an.Parse("council lighthouse", search.ParseOptions{}), Now: at})
	if err != nil {
		t.Fatal(err)
	}
	var got []int64
	for _, a := range res.Items {
		got = append(got, a.ID)
	}
	if want := []int64{rare, common}; !slices.Equal(got, want) {
		t.Errorf("order %v, want %v: the rarer word in the title counts more, though an hour older", got, want)
	}
}

func TestSearch_PrefixStandsForItsCommonestWords(t *testing.T) {
	s, _ := openTemp(t)
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	var as []model.Article
	// Twenty words begin with "quil"; quilt is in three articles, the
	// others in one each.
	for i := range 20 {
		as = append(as, article(fmt.Sprint("w", i), fmt.Sprintf("quil%c%c news", 'a'+i, 'a'+i), "", "", at))
	}
	for i := range 3 {
		as = append(as, article(fmt.Sprint("q", i), "Quilt fair", "", "", at.Add(time.Duration(i)*time.Minute)))
	}
	ids := saveAll(t, s, as...)
	an, _ := search.NewAnalyzer("english")
	res, err := s.SearchArticles(t.Context(), store.SearchQuery{Query: an.Parse("quil", search.ParseOptions{PrefixLast: true}),
		Newest: true, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != maxCompletions+2 {
		t.Errorf("%d hits, want %d: the %d commonest words, quilt's three articles among them",
			res.Total, maxCompletions+2, maxCompletions)
	}
	for _, id := range ids[20:] {
		if !slices.ContainsFunc(res.Items, func(a model.Article) bool { return a.ID == id }) {
			t.Errorf("article %d (quilt) missing", id)
		}
	}
	// The whole word still finds its one article.
	res, err = s.SearchArticles(t.Context(), store.SearchQuery{Query: an.Parse("quiltt", search.ParseOptions{PrefixLast: true})})
	if err != nil || res.Total != 1 || res.Items[0].ID != ids[19] {
		t.Errorf("quiltt: %+v, %v; want article %d", res, err, ids[19])
	}
}

func TestPrefixEnd(t *testing.T) {
	for in, want := range map[string]string{"abc": "abd", "ab\xff": "ac", "\xff\xff": "", "é": "\xc3\xaa", "": ""} {
		if got := prefixEnd(in); got != want {
			t.Errorf("prefixEnd(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPairs(t *testing.T) {
	for in, want := range map[string]string{
		"":            "",
		"one":         "",
		"a b":         "a_b",
		"a b c":       "a_b b_c",
		" a  b   c  ": "a_b b_c",
	} {
		if got := pairs(in); got != want {
			t.Errorf("pairs(%q) = %q, want %q", in, got, want)
		}
	}
}

// An index built before word pairs (migration 0006) is rebuilt at open,
// in the language it was built in, and phrases then find what they did.
func TestOpen_RebuildsTheIndexWithPairsKeepingItsLanguage(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "v5.db")
	db, err := sql.Open("sqlite", dsn(path, ""))
	if err != nil {
		t.Fatal(err)
	}
	ms, err := store.LoadMigrations(migrationFiles, "migrations")
	if err != nil {
		t.Fatal(err)
	}
	stmts := []string{`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)`}
	for _, m := range ms[:5] {
		stmts = append(stmts, m.SQL, fmt.Sprintf(`INSERT INTO schema_migrations VALUES (%d, 0)`, m.Version))
	}
	stmts = append(stmts,
		`INSERT INTO search_meta VALUES ('language', 'french')`,
		`INSERT INTO articles (slug, title, content_text, published_at, fetched_at) VALUES ('a', 'Les ferries du port', 'Retour des ferries', 0, 0)`)
	for _, q := range stmts {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%.60s: %v", q, err)
		}
	}
	db.Close()
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := s.indexedLanguage(ctx); got != "french" || s.indexStale(ctx) {
		t.Errorf("after the rebuild: language %q, stale %v; want french, not stale", got, s.indexStale(ctx))
	}
	fr, _ := search.NewAnalyzer("french")
	res, err := s.SearchArticles(ctx, store.SearchQuery{Query: fr.Parse(`"retours des ferries"`, search.ParseOptions{})})
	if err != nil || res.Total != 1 {
		t.Errorf("phrase after the rebuild: %+v, %v; want the article (French stems: retours, retour)", res, err)
	}
	if got := termDocsOf(t, s, "ferries"); got["ferries"] != 1 {
		t.Errorf("terms counted afresh: %v", got)
	}
}
