package web

import (
	"maps"
	"testing"

	"github.com/newsdesk/newsdesk/internal/model"
)

func TestCopiesWithin(t *testing.T) {
	arts := func(dupOf ...int64) []model.Article {
		out := make([]model.Article, len(dupOf))
		for i, d := range dupOf {
			out[i] = model.Article{ID: int64(i + 1), DupOf: d}
		}
		return out
	}
	for _, tc := range []struct {
		name string
		arts []model.Article
		want map[int64]int64
	}{
		{"no copies", arts(0, 0, 0), map[int64]int64{}},
		{"copies of one original", arts(0, 1, 0, 1), map[int64]int64{2: 1, 4: 1}},
		// 3 copied 2, which copied 1: both are shown under 1.
		{"a copy of a copy", arts(0, 1, 2), map[int64]int64{2: 1, 3: 1}},
		// 2's original is in another story: 2 stands alone, 3 under it.
		{"original elsewhere", arts(0, 99, 2), map[int64]int64{3: 2}},
		{"copy of itself", arts(1), map[int64]int64{}},
		// Bad data: 1 and 2 copy each other; both stay on the page.
		{"a cycle", arts(2, 1), map[int64]int64{}},
		{"nothing", nil, map[int64]int64{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := copiesWithin(tc.arts)
			if !maps.Equal(got, tc.want) {
				t.Errorf("copiesWithin = %v, want %v", got, tc.want)
			}
			// Every copy is grouped under an article shown as an original.
			for c, o := range got {
				if _, isCopy := got[o]; isCopy {
					t.Errorf("%d is grouped under %d, itself a copy", c, o)
				}
			}
		})
	}
}
