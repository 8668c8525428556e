package sqlite

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/search"
	"github.com/newsdesk/newsdesk/internal/store"
)

// Finding a clause's fields from the hits' text marks what the FTS5
// lookups mark: words by stem or exactly, phrases, typed prefixes.
func TestTextFields_SameAsIndexLookups(t *testing.T) {
	s, _ := openTemp(t)
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	texts := [][3]string{
		{"Lighthouse keepers strike", "The harbour board met", "Ferries ran late."},
		{"Harbour news", "Keepers of the lighthouse", "A keeper spoke."},
		{"Ferry timetable", "Nothing here", "The lighthouse keepers and the harbour."},
		{"Keeping the light", "Harbour-master speaks", "Lighthouses, ferries."},
		{"Council", "Lighthouse keeper", "Harbour ferries keep running."},
	}
	var as []model.Article
	for i, tx := range texts {
		as = append(as, article(fmt.Sprint(i), tx[0], tx[1], tx[2], at.Add(time.Duration(i)*time.Minute)))
	}
	saveAll(t, s, as...)
	an, _ := search.NewAnalyzer("english")
	for _, query := range []string{"lighthouse keepers", `"lighthouse keepers"`, "harbour ferry", "keep", "ferr lig", "harb"} {
		for _, exact := range []bool{false, true} {
			q := store.SearchQuery{Query: an.Parse(query, search.ParseOptions{PrefixLast: true}), Exact: exact}
			sq, ok, err := s.prepareSearch(t.Context(), q)
			if err != nil || !ok {
				t.Fatalf("%s: %v %v", query, ok, err)
			}
			all, err := s.queryIDs(t.Context(), `SELECT id FROM articles ORDER BY id DESC`)
			if err != nil {
				t.Fatal(err)
			}
			hits := func() []windowHit {
				out := make([]windowHit, len(all))
				for i, id := range all {
					out[i].id = id
				}
				return out
			}
			lookup, _ := scoredFields(q.Fields)
			clauses := make([]int, len(sq.plan.positive))
			alone := make([]bool, len(clauses))
			for i := range clauses {
				clauses[i], alone[i] = i, true
			}
			viaText, viaIndex := hits(), hits()
			if err := s.textFields(t.Context(), viaText, sq.plan, clauses, lookup); err != nil {
				t.Fatal(err)
			}
			if err := s.ftsFields(t.Context(), viaIndex, sq.plan, sq.match(q, ""), clauses, alone, lookup); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(viaText, viaIndex) {
				t.Errorf("%s (exact %v): from text %v, from the index %v", query, exact, viaText, viaIndex)
			}
			if !slices.ContainsFunc(viaIndex, func(h windowHit) bool { return h.fields != 0 }) {
				t.Errorf("%s (exact %v): no field marked: the comparison shows nothing", query, exact)
			}
		}
	}
}
