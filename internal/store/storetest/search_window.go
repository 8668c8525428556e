package storetest

import (
	"fmt"
	"slices"
	"testing"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// testSearchWindow checks that a relevance sort ranks the newest matches
// however far apart they lie: both stores seek them in the newest rows
// first and read further back only when those hold too few.
func testSearchWindow(t *testing.T, s store.Store) {
	src := mustAddSource(t, s, "https://a.example/rss", "A")
	var arts []model.Article
	for i := range 120 {
		text := "The harbour."
		if i < 3 || i == 119 {
			text += " A lighthouse."
		}
		arts = append(arts, doc(fmt.Sprintf("Port notes %d", i), "", text, i))
	}
	saved := mustSave(t, s, src.ID, arts...).IDs
	for _, tc := range []struct {
		q      string
		window int
		want   []int64
		capped bool
	}{
		{"harbour lighthouse", 3, []int64{saved[119], saved[2], saved[1]}, true},
		{"harbour lighthouse", 10, []int64{saved[119], saved[2], saved[1], saved[0]}, false},
		{"lighthouse", 2, []int64{saved[119], saved[2]}, true},
		{"harbour -lighthouse", 5, []int64{saved[118], saved[117], saved[116], saved[115], saved[114]}, true},
	} {
		res, err := s.SearchArticles(t.Context(), store.SearchQuery{Query: parse(tc.q), Window: tc.window,
			CountUpTo: tc.window, Limit: 20, Now: base.Add(200 * 3600e9)})
		if err != nil {
			t.Fatal(err)
		}
		got := slices.Sorted(slices.Values(ids(res.Items)))
		want := slices.Sorted(slices.Values(tc.want))
		if !slices.Equal(got, want) || res.Total != len(tc.want) || res.Capped != tc.capped {
			t.Errorf("%q, window %d: %v, total %d capped %v; want %v, total %d capped %v",
				tc.q, tc.window, got, res.Total, res.Capped, want, len(tc.want), tc.capped)
		}
	}
}
