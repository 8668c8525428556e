package storetest

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/search"
	"github.com/newsdesk/newsdesk/internal/store"
)

var searchCases = []suiteCase{
	{"Search/StemsAllTermsAnyField", testSearchStems},
	{"Search/ExactIsWholeWordsUnstemmed", testSearchExact},
	{"Search/PhrasesStayInOneField", testSearchPhrases},
	{"Search/ExclusionAndOr", testSearchBoolean},
	{"Search/PrefixWhileTyping", testSearchPrefix},
	{"Search/FoldsCaseAndDiacritics", testSearchFolding},
	{"Search/HostileInputIsText", testSearchHostile},
	{"Search/Fields", testSearchFields},
	{"Search/RankTitleOverContentNewerFirst", testSearchRanking},
	{"Search/TotalAndPaging", testSearchPaging},
	{"Search/WindowIsTheNewestMatches", testSearchWindow},
	{"Search/Filters", testSearchFilters},
	{"Search/Facets", testSearchFacets},
	{"Search/NoTextListsNewest", testSearchNoText},
	{"Search/RemovedSourceLeavesTheIndex", testSearchRemoved},
	{"Search/Language", testSearchLanguage},
	{"DiskSize", testDiskSize},
}

var english = mustAnalyzer("english")

func mustAnalyzer(lang string) *search.Analyzer {
	a, err := search.NewAnalyzer(lang)
	if err != nil {
		panic(err)
	}
	return a
}

// parse reads a query as a reader typed it.
func parse(q string) search.Query { return english.Parse(q, search.ParseOptions{}) }

// searchIDs runs a search and returns the total and the hit IDs.
func searchIDs(t *testing.T, s store.Store, q store.SearchQuery) (int, []int64) {
	t.Helper()
	res, err := s.SearchArticles(t.Context(), q)
	if err != nil {
		t.Fatalf("SearchArticles(%s): %v", q.Query, err)
	}
	for _, a := range res.Items {
		if a.ContentHTML != "" {
			t.Errorf("search hit %d carries its HTML body", a.ID)
		}
	}
	return res.Total, ids(res.Items)
}

// doc is an article with the given fields, published hour hours after base.
func doc(title, excerpt, text string, hour int) model.Article {
	a := article(title, base.Add(time.Duration(hour)*time.Hour))
	a.Excerpt, a.ContentText = excerpt, text
	return a
}

// expectSearches runs each query (newest first, so the order is by date
// alone) and compares the hit sets.
func expectSearches(t *testing.T, s store.Store, exact bool, cases map[string][]int64) {
	t.Helper()
	for q, want := range cases {
		total, got := searchIDs(t, s, store.SearchQuery{Query: parse(q), Exact: exact, Newest: true})
		if !slices.Equal(got, want) || total != len(want) {
			t.Errorf("search %q (exact %v) = %v (total %d), want %v", q, exact, got, total, want)
		}
	}
}

func testSearchStems(t *testing.T, s store.Store) {
	src := mustAddSource(t, s, "https://a.example/rss", "A")
	r := mustSave(t, s, src.ID,
		doc("Harbor ferries return", "", "", 1),
		doc("City news", "The ferry schedule changes", "", 2),
		doc("Weather", "", "Storms delayed the harbor ferry", 3),
		doc("Harbor fish market", "", "", 4),
	)
	title, excerpt, text, fish := r.IDs[0], r.IDs[1], r.IDs[2], r.IDs[3]
	expectSearches(t, s, false, map[string][]int64{
		"ferry":            {text, excerpt, title}, // ferries, ferry: one stem
		"harbor ferries":   {text, title},
		"harbor":           {fish, text, title},
		"harbor submarine": nil,
		"delay":            {text}, // delayed
		"schedules":        {excerpt},
		"weather storms":   {text}, // different fields, each term in one
	})
}

func testSearchExact(t *testing.T, s store.Store) {
	src := mustAddSource(t, s, "https://a.example/rss", "A")
	r := mustSave(t, s, src.ID,
		doc("Harbor ferries return", "", "", 1),
		doc("Weather", "", "Storms delayed the harbor ferry", 2),
		doc("Reporting from the port", "", "", 3),
	)
	expectSearches(t, s, true, map[string][]int64{
		"ferries": {r.IDs[0]},
		"ferry":   {r.IDs[1]},
		"delay":   nil,
		"port":    {r.IDs[2]}, // not "reporting"
		"Delayed": {r.IDs[1]},
	})
}

func testSearchPhrases(t *testing.T, s store.Store) {
	src := mustAddSource(t, s, "https://a.example/rss", "A")
	r := mustSave(t, s, src.ID,
		doc("Harbor ferries return", "", "", 1),
		doc("Weather", "", "Storms delayed the harbor ferry", 2),
		doc("Ferry harbor swap", "", "", 3),
		doc("News from the harbor", "Ferry tickets", "", 4), // "harbor" ends the title, "ferry" starts the excerpt
	)
	expectSearches(t, s, false, map[string][]int64{
		`"harbor ferry"`:      {r.IDs[1], r.IDs[0]},
		`"ferry harbor"`:      {r.IDs[2]},
		`"harbor ferry`:       {r.IDs[1], r.IDs[0]}, // an unbalanced quote runs to the end
		`"storms the harbor"`: nil,
	})
	expectSearches(t, s, true, map[string][]int64{`"harbor ferry"`: {r.IDs[1]}})
	expectSearches(t, s, false, map[string][]int64{
		`"storms delayed the harbor"`: {r.IDs[1]},
		`"delayed storms"`:            nil,
		`"news from the"`:             {r.IDs[3]},
	})
	// A phrase being typed: its last word is a prefix.
	for q, want := range map[string][]int64{
		`"delayed the harb`: {r.IDs[1]},
		`"the harbor fer`:   {r.IDs[1]},
		`"harbor fe`:        {r.IDs[1], r.IDs[0]},
		`"harbor tic`:       nil, // "harbor" ends the title, "tickets" is in the excerpt
	} {
		query := english.Parse(q, search.ParseOptions{PrefixLast: true})
		if _, got := searchIDs(t, s, store.SearchQuery{Query: query, Newest: true}); !slices.Equal(got, want) {
			t.Errorf("typing %s = %v, want %v", q, got, want)
		}
	}
}

func testSearchBoolean(t *testing.T, s store.Store) {
	src := mustAddSource(t, s, "https://a.example/rss", "A")
	r := mustSave(t, s, src.ID,
		doc("Harbor ferry", "", "", 1),
		doc("Harbor fish market", "", "", 2),
		doc("Budget vote", "", "", 3),
	)
	expectSearches(t, s, false, map[string][]int64{
		"harbor -fish":          {r.IDs[0]},
		`harbor -"fish market"`: {r.IDs[0]},
		"fish OR budget":        {r.IDs[2], r.IDs[1]},
		"harbor fish OR budget": {r.IDs[1]},
		"-harbor":               nil, // only an exclusion: nothing to select
	})
}

func testSearchPrefix(t *testing.T, s store.Store) {
	src := mustAddSource(t, s, "https://a.example/rss", "A")
	r := mustSave(t, s, src.ID,
		doc("Running club meets", "", "", 1),
		doc("Harbor ferries", "", "", 2),
		doc("Harbour ferry", "", "", 3),
	)
	for q, want := range map[string][]int64{
		"runni":        {r.IDs[0]},
		"harb":         {r.IDs[2], r.IDs[1]},
		"ferries harb": {r.IDs[2], r.IDs[1]},
		"harbo ":       nil, // a finished word is no prefix
		"fer*":         {r.IDs[2], r.IDs[1]},
	} {
		query := english.Parse(q, search.ParseOptions{PrefixLast: true})
		_, got := searchIDs(t, s, store.SearchQuery{Query: query, Newest: true})
		if !slices.Equal(got, want) {
			t.Errorf("typing %q = %v, want %v", q, got, want)
		}
	}
}

func testSearchFolding(t *testing.T, s store.Store) {
	src := mustAddSource(t, s, "https://a.example/rss", "A")
	r := mustSave(t, s, src.ID,
		doc("L'été à Zürich", "", "", 1),
		doc("MAYOR SAYS YES", "", "", 2),
		doc("Νέα της πόλης", "", "", 3),
	)
	expectSearches(t, s, false, map[string][]int64{
		"été": {r.IDs[0]}, "ETE": {r.IDs[0]}, "zurich": {r.IDs[0]}, "ZÜRICH": {r.IDs[0]},
		"mayor says": {r.IDs[1]}, "νεα": {r.IDs[2]}, "ΝΈΑ": {r.IDs[2]},
	})
	expectSearches(t, s, true, map[string][]int64{"Ete": {r.IDs[0]}})
}

func testSearchHostile(t *testing.T, s store.Store) {
	src := mustAddSource(t, s, "https://a.example/rss", "A")
	r := mustSave(t, s, src.ID,
		doc("Council budget", "", "The council voted on the budget, 100% in favour.", 1),
	)
	long := ""
	for i := range 2000 {
		long += "budget" + strconv.Itoa(i%7) + " "
	}
	for _, q := range []string{`' OR 1=1 --`, `NEAR(council budget`, `title:council`, `*`, `^budget`,
		`"council`, "council\x00budget", "council \xff\xfe budget", `council" OR "1"="1`, `{title} : council`,
		`council AND`, `OR OR council OR`, `-`, `""`, long} {
		res, err := s.SearchArticles(t.Context(), store.SearchQuery{Query: parse(q)})
		if err != nil {
			t.Errorf("search %.40q: %v", q, err)
			continue
		}
		for _, a := range res.Items {
			if a.ID != r.IDs[0] {
				t.Errorf("search %.40q found %d", q, a.ID)
			}
		}
	}
	// Words around the syntax still count as words.
	expectSearches(t, s, false, map[string][]int64{
		`council:budget`: {r.IDs[0]}, `(council budget`: {r.IDs[0]}, `title:council`: nil, `NEAR(council budget`: nil,
	})
}

func testSearchFields(t *testing.T, s store.Store) {
	src := mustAddSource(t, s, "https://a.example/rss", "A")
	r := mustSave(t, s, src.ID,
		doc("Ferry news", "", "", 1),
		doc("City", "The ferry", "", 2),
		doc("Weather", "", "A ferry", 3),
	)
	for _, tc := range []struct {
		fields store.SearchFields
		want   []int64
	}{
		{store.FieldTitle, []int64{r.IDs[0]}},
		{store.FieldExcerpt, []int64{r.IDs[1]}},
		{store.FieldContent, []int64{r.IDs[2]}},
		{store.FieldTitle | store.FieldContent, []int64{r.IDs[2], r.IDs[0]}},
		{0, []int64{r.IDs[2], r.IDs[1], r.IDs[0]}},
	} {
		for _, exact := range []bool{false, true} {
			_, got := searchIDs(t, s, store.SearchQuery{Query: parse(`ferry`), Fields: tc.fields, Exact: exact, Newest: true})
			if !slices.Equal(got, tc.want) {
				t.Errorf("fields %b exact %v: %v, want %v", tc.fields, exact, got, tc.want)
			}
		}
		_, got := searchIDs(t, s, store.SearchQuery{Query: parse(`"a ferry"`), Fields: tc.fields, Newest: true})
		if want := slices.Contains(tc.want, r.IDs[2]); slices.Contains(got, r.IDs[2]) != want {
			t.Errorf("fields %b: phrase hits %v", tc.fields, got)
		}
	}
}

// Both backends put the same article first: a title match over an
// excerpt match over a content match, and of two equal texts the newer.
func testSearchRanking(t *testing.T, s store.Store) {
	src := mustAddSource(t, s, "https://a.example/rss", "A")
	filler := "The council met for hours and talked about roads, schools and the weather in spring."
	twin := func(hour int) model.Article {
		a := doc("Lighthouse reopens to visitors", "Minutes of the meeting", filler, hour)
		a.GUID, a.URL = fmt.Sprintf("twin-%d", hour), fmt.Sprintf("https://example.com/twin-%d", hour)
		return a
	}
	r := mustSave(t, s, src.ID,
		doc("Council notes", "Minutes of the meeting", filler+" The lighthouse was mentioned once.", 10),
		twin(1),
		doc("Council notes again", "The lighthouse keeper retires", filler, 5),
		twin(2),
	)
	content, titleOld, excerpt, titleNew := r.IDs[0], r.IDs[1], r.IDs[2], r.IDs[3]
	now := base.Add(24 * time.Hour)
	_, got := searchIDs(t, s, store.SearchQuery{Query: parse("lighthouse"), Now: now})
	if want := []int64{titleNew, titleOld, excerpt, content}; !slices.Equal(got, want) {
		t.Errorf("relevance order %v, want %v (title, newer first; excerpt; content)", got, want)
	}
	// The engine-only path the search benchmark measures against ranks
	// the same way.
	if m, ok := s.(interface {
		MatchIDs(context.Context, store.SearchQuery, int) ([]int64, error)
	}); ok {
		ids, err := m.MatchIDs(t.Context(), store.SearchQuery{Query: parse("lighthouse"), Now: now}, 3)
		if want := []int64{titleNew, titleOld, excerpt}; err != nil || !slices.Equal(ids, want) {
			t.Errorf("MatchIDs = %v, %v; want %v", ids, err, want)
		}
	}
	_, got = searchIDs(t, s, store.SearchQuery{Query: parse("lighthouse"), Now: now, Newest: true})
	if want := []int64{content, excerpt, titleNew, titleOld}; !slices.Equal(got, want) {
		t.Errorf("newest order %v, want %v", got, want)
	}
}

func testSearchPaging(t *testing.T, s store.Store) {
	src := mustAddSource(t, s, "https://a.example/rss", "A")
	var arts []model.Article
	for i := range 7 {
		arts = append(arts, doc(fmt.Sprintf("Budget story %d", i), "", "", i))
	}
	r := mustSave(t, s, src.ID, arts...)
	newest := slices.Clone(r.IDs)
	slices.Reverse(newest)
	for _, tc := range []struct{ limit, offset int }{{3, 0}, {3, 3}, {3, 6}, {3, 9}, {0, 0}, {500, 2}} {
		total, got := searchIDs(t, s, store.SearchQuery{Query: parse("budget"), Limit: tc.limit, Offset: tc.offset, Newest: true})
		lo := min(tc.offset, 7)
		hi := min(lo+store.ClampLimit(tc.limit), 7)
		if total != 7 || !slices.Equal(got, newest[lo:hi]) {
			t.Errorf("limit %d offset %d: total %d, %v; want 7, %v", tc.limit, tc.offset, total, got, newest[lo:hi])
		}
	}
	// A search without words counts every article it lists.
	if res, err := s.SearchArticles(t.Context(), store.SearchQuery{CountUpTo: 3, Limit: 2}); err != nil || res.Total != 7 || res.Capped {
		t.Errorf("no words, count up to 3: total %d capped %v, %v; want 7, not capped", res.Total, res.Capped, err)
	}
	// Counting stops where asked, and says so; the hits are the same.
	for _, tc := range []struct {
		upTo, total int
		capped      bool
	}{{3, 3, true}, {7, 7, false}, {100, 7, false}, {0, 7, false}} {
		for _, newestFirst := range []bool{false, true} {
			res, err := s.SearchArticles(t.Context(), store.SearchQuery{Query: parse("budget"), CountUpTo: tc.upTo, Limit: 2, Newest: newestFirst})
			if err != nil || res.Total != tc.total || res.Capped != tc.capped || len(res.Items) != 2 {
				t.Errorf("count up to %d (newest %v): total %d capped %v, %d items, %v; want %d %v 2",
					tc.upTo, newestFirst, res.Total, res.Capped, len(res.Items), err, tc.total, tc.capped)
			}
		}
	}
}

// filterWorld stores two sources' articles in three categories.
func filterWorld(t *testing.T, s store.Store) (ids []int64, ledger, gazette model.Source) {
	ledger = mustAddSource(t, s, "https://ledger.example/rss", "Ledger")
	gazette = mustAddSource(t, s, "https://gazette.example/rss", "Gazette")
	mk := func(title, cat string, hour int, kind model.Kind) model.Article {
		a := doc(title, "", "", hour)
		a.Category, a.Kind = cat, kind
		return a
	}
	a := mustSave(t, s, ledger.ID,
		mk("Budget vote delayed", "Politics", -48, model.KindAggregated),
		mk("Budget for the festival", "Culture", -2, model.KindAggregated))
	b := mustSave(t, s, gazette.ID,
		mk("Budget of the harbor", "Politics", -1, model.KindAggregated),
		mk("Budget sport fund", "Sport", 0, model.KindAggregated))
	c := mustSave(t, s, 0, mk("Budget explained by our desk", "Politics", -3, model.KindOriginal))
	return []int64{a.IDs[0], a.IDs[1], b.IDs[0], b.IDs[1], c.IDs[0]}, ledger, gazette
}

func testSearchFilters(t *testing.T, s store.Store) {
	ids, ledger, gazette := filterWorld(t, s)
	vote, festival, harbor, sport, desk := ids[0], ids[1], ids[2], ids[3], ids[4]
	for _, tc := range []struct {
		name string
		q    store.SearchQuery
		want []int64
	}{
		{"category", store.SearchQuery{Categories: []string{"politics"}}, []int64{harbor, desk, vote}},
		{"categories", store.SearchQuery{Categories: []string{"sport", "culture"}}, []int64{sport, festival}},
		{"unknown category", store.SearchQuery{Categories: []string{"nope"}}, nil},
		{"source", store.SearchQuery{Sources: []int64{ledger.ID}}, []int64{festival, vote}},
		{"sources", store.SearchQuery{Sources: []int64{ledger.ID, gazette.ID}}, []int64{sport, harbor, festival, vote}},
		{"since", store.SearchQuery{Since: base.Add(-2 * time.Hour)}, []int64{sport, harbor, festival}},
		{"until is exclusive", store.SearchQuery{Until: base.Add(-2 * time.Hour)}, []int64{desk, vote}},
		{"kind", store.SearchQuery{Kind: model.KindOriginal}, []int64{desk}},
		{"all together", store.SearchQuery{Categories: []string{"politics"}, Sources: []int64{gazette.ID}, Since: base.Add(-5 * time.Hour)}, []int64{harbor}},
	} {
		tc.q.Query, tc.q.Newest = parse("budget"), true
		total, got := searchIDs(t, s, tc.q)
		if !slices.Equal(got, tc.want) || total != len(tc.want) {
			t.Errorf("%s: %v (total %d), want %v", tc.name, got, total, tc.want)
		}
	}
}

func testSearchFacets(t *testing.T, s store.Store) {
	_, ledger, gazette := filterWorld(t, s)
	res, err := s.SearchArticles(t.Context(), store.SearchQuery{Query: parse("budget"), Facets: true,
		Categories: []string{"politics"}, Sources: []int64{gazette.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 1 {
		t.Errorf("total %d, want 1", res.Total)
	}
	// Categories are counted without the category filter (gazette only),
	// sources without the source filter (politics only).
	wantCats := []store.Facet{{Key: "politics", Name: "Politics", Count: 1}, {Key: "sport", Name: "Sport", Count: 1}}
	wantSrcs := []store.Facet{
		{Key: strconv.FormatInt(gazette.ID, 10), Name: "Gazette", Count: 1},
		{Key: strconv.FormatInt(ledger.ID, 10), Name: "Ledger", Count: 1},
	}
	if !slices.Equal(res.Categories, wantCats) || !slices.Equal(res.Sources, wantSrcs) {
		t.Errorf("facets: categories %+v sources %+v\nwant %+v and %+v", res.Categories, res.Sources, wantCats, wantSrcs)
	}
	res, err = s.SearchArticles(t.Context(), store.SearchQuery{Query: parse("budget")})
	if err != nil || res.Categories == nil || len(res.Categories) != 0 {
		t.Errorf("facets not asked for: %+v, %v", res.Categories, err)
	}
}

func testSearchNoText(t *testing.T, s store.Store) {
	ids, _, _ := filterWorld(t, s)
	_, got := searchIDs(t, s, store.SearchQuery{Categories: []string{"politics"}})
	if want := []int64{ids[2], ids[4], ids[0]}; !slices.Equal(got, want) {
		t.Errorf("no text, politics: %v, want %v newest first", got, want)
	}
}

func testSearchRemoved(t *testing.T, s store.Store) {
	a := mustAddSource(t, s, "https://a.example/rss", "A")
	b := mustAddSource(t, s, "https://b.example/rss", "B")
	mustSave(t, s, a.ID, doc("Lighthouse one", "", "", 1))
	kept := mustSave(t, s, b.ID, doc("Lighthouse two", "", "", 2))
	if err := s.RemoveSource(t.Context(), a.ID); err != nil {
		t.Fatal(err)
	}
	expectSearches(t, s, false, map[string][]int64{"lighthouse": {kept.IDs[0]}})
	// A new article may reuse nothing of the removed one's index entry.
	again := mustSave(t, s, b.ID, doc("Harbor three", "", "", 3))
	expectSearches(t, s, false, map[string][]int64{"harbor": {again.IDs[0]}, "one": nil})
}

func testSearchLanguage(t *testing.T, s store.Store) {
	src := mustAddSource(t, s, "https://a.example/rss", "A")
	r := mustSave(t, s, src.ID, doc("Les chevaux du village", "", "", 1))
	if err := s.UseSearchLanguage(t.Context(), "klingon"); err == nil {
		t.Error("an unknown language was accepted")
	}
	if err := s.UseSearchLanguage(t.Context(), "french"); err != nil {
		t.Fatal(err)
	}
	fr := mustAnalyzer("french")
	// Re-indexed in French: the query's French stems find the article.
	q := fr.Parse("chevaux village", search.ParseOptions{})
	if _, got := searchIDs(t, s, store.SearchQuery{Query: q}); !slices.Equal(got, r.IDs) {
		t.Errorf("after switching to French: %v, want %v", got, r.IDs)
	}
	if err := s.UseSearchLanguage(t.Context(), "english"); err != nil {
		t.Fatal(err)
	}
	expectSearches(t, s, false, map[string][]int64{"village": r.IDs})
}

// testDiskSize checks the size a store reports, where it reports one:
// positive, and larger once articles are stored.
func testDiskSize(t *testing.T, s store.Store) {
	sizer, ok := s.(interface {
		DiskSize(context.Context) (int64, error)
	})
	if !ok {
		t.Skip("this store reports no size")
	}
	before, err := sizer.DiskSize(t.Context())
	if err != nil || before <= 0 {
		t.Fatalf("DiskSize = %d, %v", before, err)
	}
	src := mustAddSource(t, s, "https://a.example/rss", "A")
	var arts []model.Article
	for i := range 300 {
		a := doc(fmt.Sprintf("Story %d", i), "", strings.Repeat("Words of the story fill the page. ", 200), i)
		arts = append(arts, a)
	}
	mustSave(t, s, src.ID, arts...)
	after, err := sizer.DiskSize(t.Context())
	if err != nil || after <= before {
		t.Errorf("DiskSize after 300 articles = %d, %v; before %d", after, err, before)
	}
}
