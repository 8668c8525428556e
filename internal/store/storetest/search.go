package storetest

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

var searchCases = []suiteCase{
	{"SearchArticles_AllTermsAnyField", testSearchTerms},
	{"SearchArticles_CaseInsensitive", testSearchCase},
	{"SearchArticles_WildcardsAreLiteral", testSearchWildcards},
	{"SearchArticles_TotalAndPaging", testSearchPaging},
	{"SearchArticles_NoTerms", testSearchNoTerms},
	{"SearchArticles_Filters", testSearchFilters},
}

// searchIDs runs a search and returns the total and the hit IDs.
func searchIDs(t *testing.T, s store.Store, q store.SearchQuery) (int, []int64) {
	t.Helper()
	res, err := s.SearchArticles(t.Context(), q)
	if err != nil {
		t.Fatalf("SearchArticles(%q): %v", q.Terms, err)
	}
	for _, a := range res.Items {
		if a.ContentHTML != "" || a.ContentText != "" {
			t.Errorf("search hit %d carries its body", a.ID)
		}
	}
	return res.Total, ids(res.Items)
}

func testSearchTerms(t *testing.T, s store.Store) {
	src := mustAddSource(t, s, "https://a.example/rss", "A")
	mk := func(title, excerpt, text string, hour int) model.Article {
		a := article(title, base.Add(time.Duration(hour)*time.Hour))
		a.Excerpt, a.ContentText = excerpt, text
		return a
	}
	res := mustSave(t, s, src.ID,
		mk("Harbor ferry returns", "", "", 1),
		mk("City news", "The ferry schedule changes", "", 2),
		mk("Weather", "", "Storms delay the harbor ferry", 3),
		mk("Harbor fish market", "", "", 4),
	)
	titleHit, excerptHit, textHit, fish := res.IDs[0], res.IDs[1], res.IDs[2], res.IDs[3]
	cases := []struct {
		terms []string
		want  []int64
	}{
		{[]string{"ferry"}, []int64{textHit, excerptHit, titleHit}},
		{[]string{"harbor", "ferry"}, []int64{textHit, titleHit}},
		{[]string{"harbor", "", "  "}, []int64{fish, textHit, titleHit}},
		{[]string{"harbor", "submarine"}, nil},
		{[]string{"schedule changes"}, []int64{excerptHit}},
		// A match never straddles two fields.
		{[]string{"weather storms"}, nil},
	}
	for _, tc := range cases {
		total, got := searchIDs(t, s, store.SearchQuery{Terms: tc.terms})
		if !slices.Equal(got, tc.want) || total != len(tc.want) {
			t.Errorf("terms %q: total %d hits %v, want %v", tc.terms, total, got, tc.want)
		}
	}
}

func testSearchCase(t *testing.T, s store.Store) {
	src := mustAddSource(t, s, "https://a.example/rss", "A")
	res := mustSave(t, s, src.ID,
		article("Été à Zürich: ÉCOLE reopens", base),
		article("Mayor Says YES", base.Add(time.Hour)),
		article("Ελληνικά νέα σήμερα", base.Add(2*time.Hour)),
	)
	cases := []struct {
		term string
		want []int64
	}{
		{"mayor says yes", []int64{res.IDs[1]}},
		{"MAYOR", []int64{res.IDs[1]}},
		{"été", []int64{res.IDs[0]}},
		{"ÉTÉ", []int64{res.IDs[0]}},
		{"école", []int64{res.IDs[0]}},
		{"zÜrich", []int64{res.IDs[0]}},
		{"ΝΈΑ", []int64{res.IDs[2]}},
		{"ete", nil}, // no accent folding in the first cut
	}
	for _, tc := range cases {
		total, got := searchIDs(t, s, store.SearchQuery{Terms: []string{tc.term}})
		if !slices.Equal(got, tc.want) || total != len(tc.want) {
			t.Errorf("term %q: total %d hits %v, want %v", tc.term, total, got, tc.want)
		}
	}
}

func testSearchWildcards(t *testing.T, s store.Store) {
	src := mustAddSource(t, s, "https://a.example/rss", "A")
	res := mustSave(t, s, src.ID,
		article("Turnout hits 100% in village", base),
		article("100 people attend", base.Add(time.Hour)),
		article("file_name rules", base.Add(2*time.Hour)),
		article("filename rules", base.Add(3*time.Hour)),
		article(`Path C:\temp explained`, base.Add(4*time.Hour)),
		article("Quote 'it' \"here\"", base.Add(5*time.Hour)),
	)
	cases := []struct {
		term string
		want []int64
	}{
		{"100%", []int64{res.IDs[0]}},
		{"%", []int64{res.IDs[0]}},
		{"file_name", []int64{res.IDs[2]}},
		{"_", []int64{res.IDs[2]}},
		{`c:\temp`, []int64{res.IDs[4]}},
		{`\`, []int64{res.IDs[4]}},
		{`'it' "here"`, []int64{res.IDs[5]}},
		{"' OR 1=1 --", nil},
	}
	for _, tc := range cases {
		total, got := searchIDs(t, s, store.SearchQuery{Terms: []string{tc.term}})
		if !slices.Equal(got, tc.want) || total != len(tc.want) {
			t.Errorf("term %q: total %d hits %v, want %v", tc.term, total, got, tc.want)
		}
	}
}

func testSearchPaging(t *testing.T, s store.Store) {
	src := mustAddSource(t, s, "https://a.example/rss", "A")
	var arts []model.Article
	for i := range 25 {
		arts = append(arts, article(fmt.Sprintf("Budget vote %d", i), base.Add(time.Duration(i)*time.Minute)))
	}
	arts = append(arts, article("Unrelated", base))
	res := mustSave(t, s, src.ID, arts...)
	newest := slices.Clone(res.IDs[:25])
	slices.Reverse(newest)
	cases := []struct {
		limit, offset int
		want          []int64
	}{
		{0, 0, newest[:20]},
		{10, 20, newest[20:]},
		{10, -5, newest[:10]},
		{10, 40, nil},
	}
	for _, tc := range cases {
		total, got := searchIDs(t, s, store.SearchQuery{Terms: []string{"budget"}, Limit: tc.limit, Offset: tc.offset})
		if total != 25 || !slices.Equal(got, tc.want) {
			t.Errorf("limit %d offset %d: total %d hits %v, want 25 and %v", tc.limit, tc.offset, total, got, tc.want)
		}
	}
}

func testSearchNoTerms(t *testing.T, s store.Store) {
	src := mustAddSource(t, s, "https://a.example/rss", "A")
	mustSave(t, s, src.ID, article("Anything", base))
	for _, terms := range [][]string{nil, {}, {"", "   "}} {
		res, err := s.SearchArticles(t.Context(), store.SearchQuery{Terms: terms})
		if err != nil || res.Total != 0 || res.Items == nil || len(res.Items) != 0 {
			t.Errorf("terms %q: %#v, %v; want no hits and an empty, non-nil list", terms, res, err)
		}
	}
}

func testSearchFilters(t *testing.T, s store.Store) {
	wire := mustAddSource(t, s, "https://wire.example/rss", "Wire")
	ledger := mustAddSource(t, s, "https://ledger.example/rss", "Ledger")
	mk := func(title, category string, hour int) model.Article {
		a := article(title, base.Add(time.Duration(hour)*time.Hour))
		a.Category = category
		return a
	}
	w := mustSave(t, s, wire.ID,
		mk("Harbor budget", "Politics", 0),
		mk("Harbor festival", "Arts", -1),
		mk("Harbor archive", "Politics", -48)).IDs
	l := mustSave(t, s, ledger.ID, mk("Harbor tolls", "Politics", -2)).IDs
	budget, festival, archive, tolls := w[0], w[1], w[2], l[0]
	cases := []struct {
		name string
		q    store.SearchQuery
		want []int64
	}{
		{"category", store.SearchQuery{CategorySlug: "politics"}, []int64{budget, tolls, archive}},
		{"unknown category", store.SearchQuery{CategorySlug: "nope"}, nil},
		{"source", store.SearchQuery{SourceID: ledger.ID}, []int64{tolls}},
		{"since", store.SearchQuery{Since: base.Add(-time.Hour)}, []int64{budget, festival}},
		{"until is exclusive", store.SearchQuery{Until: base.Add(-time.Hour)}, []int64{tolls, archive}},
		{"window", store.SearchQuery{Since: base.Add(-72 * time.Hour), Until: base.Add(-24 * time.Hour)}, []int64{archive}},
		{"all filters", store.SearchQuery{CategorySlug: "politics", SourceID: wire.ID, Since: base.Add(-24 * time.Hour)}, []int64{budget}},
	}
	for _, c := range cases {
		c.q.Terms = []string{"harbor"}
		total, got := searchIDs(t, s, c.q)
		if !slices.Equal(got, c.want) || total != len(c.want) {
			t.Errorf("%s: total %d hits %v, want %v", c.name, total, got, c.want)
		}
	}
}
