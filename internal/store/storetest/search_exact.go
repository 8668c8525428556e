package storetest

import (
	"slices"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

var searchExactCases = []suiteCase{
	{"SearchArticles_FieldsChooseWhereTermsMatch", testSearchFields},
	{"SearchArticles_ExactMatchesWholeWords", testSearchExactWords},
	{"SearchArticles_ExactPhrases", testSearchExactPhrase},
	{"SearchArticles_ExactTermsAreLiteral", testSearchExactLiteral},
}

// saveNumbered stores one article per title (with no excerpt, so only
// the title matches) an hour apart, and returns their IDs in order.
func saveNumbered(t *testing.T, s store.Store, titles ...string) []int64 {
	t.Helper()
	src := mustAddSource(t, s, "https://a.example/rss", "A")
	arts := make([]model.Article, len(titles))
	for i, title := range titles {
		arts[i] = article(title, base.Add(time.Duration(i)*time.Hour))
		arts[i].Excerpt = ""
	}
	return mustSave(t, s, src.ID, arts...).IDs
}

// pick returns the IDs at the given positions newest first, which is
// the search order of articles saved an hour apart in position order.
func pick(ids []int64, at ...int) []int64 {
	slices.Sort(at)
	slices.Reverse(at)
	out := make([]int64, len(at))
	for i, n := range at {
		out[i] = ids[n]
	}
	return out
}

// searchCase is one search and the hits it must find, in order.
type searchCase struct {
	name string
	q    store.SearchQuery
	want []int64
}

func runSearchCases(t *testing.T, s store.Store, cases []searchCase) {
	t.Helper()
	for _, c := range cases {
		total, got := searchIDs(t, s, c.q)
		if !slices.Equal(got, c.want) || total != len(c.want) {
			t.Errorf("%s: terms %q fields %b exact %v: total %d hits %v, want %v",
				c.name, c.q.Terms, c.q.Fields, c.q.Exact, total, got, c.want)
		}
	}
}

func testSearchFields(t *testing.T, s store.Store) {
	src := mustAddSource(t, s, "https://a.example/rss", "A")
	mk := func(title, excerpt, text string, hour int) model.Article {
		a := article(title, base.Add(time.Duration(hour)*time.Hour))
		a.Excerpt, a.ContentText = excerpt, text
		return a
	}
	ids := mustSave(t, s, src.ID,
		mk("Ferry strike ends", "Talks succeed", "Workers return to the docks", 0),
		mk("Talks resume", "The ferry union meets", "The docks stay idle", 1),
		mk("Weather", "Storm warning", "The ferry is cancelled and talks delayed", 2),
	).IDs
	const title, excerpt, content = store.FieldTitle, store.FieldExcerpt, store.FieldContent
	q := func(fields store.SearchFields, exact bool, terms ...string) store.SearchQuery {
		return store.SearchQuery{Terms: terms, Fields: fields, Exact: exact}
	}
	runSearchCases(t, s, []searchCase{
		{"title only", q(title, false, "ferry"), pick(ids, 0)},
		{"excerpt only", q(excerpt, false, "ferry"), pick(ids, 1)},
		{"content only", q(content, false, "ferry"), pick(ids, 2)},
		{"title or excerpt", q(title|excerpt, false, "ferry"), pick(ids, 0, 1)},
		{"zero is every field", q(0, false, "ferry"), pick(ids, 0, 1, 2)},
		{"all named", q(store.AllFields, false, "ferry"), pick(ids, 0, 1, 2)},
		{"no known field is every field", q(1<<6, false, "ferry"), pick(ids, 0, 1, 2)},
		{"terms in one field", q(title, false, "ferry", "talks"), nil},
		{"terms in different chosen fields", q(title|excerpt, false, "ferry", "talks"), pick(ids, 0, 1)},
		{"terms in the text", q(content, false, "ferry", "talks"), pick(ids, 2)},
		{"substring in text", q(content, false, "dock"), pick(ids, 0, 1)},
		{"exact word in text", q(content, true, "docks"), pick(ids, 0, 1)},
		{"exact in text not a substring", q(content, true, "dock"), nil},
		{"exact in title only", q(title, true, "docks"), nil},
		{"exact in excerpt", q(excerpt, true, "FERRY"), pick(ids, 1)},
		// "Weather" ends the title and "Storm" begins the excerpt.
		{"no straddling", q(title|excerpt, false, "weather storm"), nil},
		{"no straddling exact", q(title|excerpt, true, "weather storm"), nil},
	})
}

func testSearchExactWords(t *testing.T, s store.Store) {
	ids := saveNumbered(t, s,
		"Port reopens",                // 0
		"Storm hits the port.",        // 1
		"port, harbor and docks",      // 2
		"Portland votes",              // 3
		"Annual report out",           // 4
		"Ports expand",                // 5
		"port2 upgrade",               // 6
		"file_name rules",             // 7
		"Été à Zürich: ÉCOLE reopens", // 8
	)
	q := func(term string, exact bool) store.SearchQuery {
		return store.SearchQuery{Terms: []string{term}, Exact: exact}
	}
	runSearchCases(t, s, []searchCase{
		{"substring", q("port", false), pick(ids, 0, 1, 2, 3, 4, 5, 6)},
		{"whole word", q("port", true), pick(ids, 0, 1, 2)},
		{"whole word any case", q("PORT", true), pick(ids, 0, 1, 2)},
		{"plural is another word", q("ports", true), pick(ids, 5)},
		{"longer word", q("portland", true), pick(ids, 3)},
		{"digits are word characters", q("port2", true), pick(ids, 6)},
		{"underscore is not", q("file", true), pick(ids, 7)},
		{"underscore inside", q("file_name", true), pick(ids, 7)},
		{"accented word", q("zürich", true), pick(ids, 8)},
		{"accented upper case", q("ZÜRICH", true), pick(ids, 8)},
		{"accented letter is a word character", q("rich", true), nil},
		{"accented prefix", q("zür", true), nil},
		{"accented first letter", q("école", true), pick(ids, 8)},
		{"no accent folding", q("ete", true), nil},
		{"several hits", q("reopens", true), pick(ids, 0, 8)},
	})
	both := store.SearchQuery{Terms: []string{"port", "harbor"}, Exact: true}
	runSearchCases(t, s, []searchCase{{"every term whole", both, pick(ids, 2)}})
}

func testSearchExactPhrase(t *testing.T, s store.Store) {
	ids := saveNumbered(t, s,
		"The Harbor ferry returns",    // 0
		"Harbor  ferry\tdelayed",      // 1
		"Harbor\u00a0ferry fares",     // 2
		"Ferry harbor works",          // 3
		"Harbor's ferry sails",        // 4
		"Harbor, ferry and bridge",    // 5
		"Harborferry brand launches",  // 6
		"Harbor\n\u2003ferry at dawn", // 7
	)
	src := mustAddSource(t, s, "https://b.example/rss", "B")
	split := article("Ends at the harbor", base.Add(10*time.Hour))
	split.Excerpt = "Ferry news"
	splitID := mustSave(t, s, src.ID, split).IDs[0]
	q := func(term string) store.SearchQuery {
		return store.SearchQuery{Terms: []string{term}, Exact: true}
	}
	runSearchCases(t, s, []searchCase{
		{"any whitespace between words", q("harbor ferry"), pick(ids, 0, 1, 2, 7)},
		{"whitespace in the term collapses", q("  HARBOR \t  ferry "), pick(ids, 0, 1, 2, 7)},
		{"word order counts", q("ferry harbor"), pick(ids, 3)},
		{"apostrophe as written", q("harbor's ferry"), pick(ids, 4)},
		{"comma as written", q("harbor, ferry"), pick(ids, 5)},
		{"longer phrase", q("harbor ferry returns"), pick(ids, 0)},
		{"phrase ends mid-word", q("harbor fer"), nil},
		{"phrase starts mid-word", q("arbor ferry"), nil},
		{"one word", q("harbor"), append([]int64{splitID}, pick(ids, 0, 1, 2, 3, 4, 5, 7)...)},
	})
}

func testSearchExactLiteral(t *testing.T, s store.Store) {
	ids := saveNumbered(t, s,
		"Rates rise 5.5 percent",       // 0
		"Rates rise 5x5 percent",       // 1
		"C++ compilers compared",       // 2
		"Turnout hits 100% in village", // 3
		`Path C:\temp explained`,       // 4
		"Poll (final) results",         // 5
		"Digits 42 here",               // 6
		"Either port or harbor",        // 7
	)
	q := func(term string) store.SearchQuery {
		return store.SearchQuery{Terms: []string{term}, Exact: true}
	}
	runSearchCases(t, s, []searchCase{
		{"dot", q("5.5"), pick(ids, 0)},
		{"plus", q("c++"), pick(ids, 2)},
		{"percent", q("100%"), pick(ids, 3)},
		{"backslash", q(`c:\temp`), pick(ids, 4)},
		{"parentheses", q("(final)"), pick(ids, 5)},
		{"escape class", q(`\d`), nil},
		{"any character", q("."), nil},
		{"any string", q(".*"), nil},
		{"alternation", q("port|harbor"), nil},
		{"bracket", q("[0-9]+"), nil},
		{"anchors", q("^rates"), nil},
		{"end anchor", q("percent$"), nil},
		{"embedded option", q("(?i)rates"), nil},
		{"quote", q("' OR 1=1 --"), nil},
	})
}
