package web

import (
	"math"
	"slices"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
)

func TestStoryWeight(t *testing.T) {
	now := time.Date(2024, 6, 22, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name                 string
		sources, independent int
		age                  time.Duration
		want                 float64
	}{
		{"fresh, all independent", 4, 4, 0, 4},
		{"republishing outlets count half", 4, 2, 0, 3},
		{"one half-life old", 4, 4, 12 * time.Hour, 2},
		{"two half-lives old", 6, 6, 24 * time.Hour, 1.5},
		{"dated in the future counts as new", 3, 3, -5 * time.Hour, 3},
		{"no independent outlet", 2, 0, 0, 1},
		{"inconsistent counts never go negative", 1, 3, 0, 3},
		{"empty", 0, 0, 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := model.Story{Sources: tc.sources, Independent: tc.independent, LastPublished: now.Add(-tc.age)}
			if got := storyWeight(st, now); math.Abs(got-tc.want) > 1e-9 {
				t.Errorf("storyWeight = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestRankStories(t *testing.T) {
	now := time.Date(2024, 6, 22, 12, 0, 0, 0, time.UTC)
	story := func(id int64, sources, independent int, age time.Duration) model.Story {
		return model.Story{ID: id, Sources: sources, Independent: independent, LastPublished: now.Add(-age)}
	}
	in := []model.Story{
		story(1, 2, 2, 0),               // weight 2
		story(2, 8, 8, 24*time.Hour),    // 8 sources a day ago: 2, but older than 1
		story(3, 6, 6, 6*time.Hour),     // 6 × 2^-0.5 ≈ 4.24
		story(4, 5, 1, 0),               // 1 + 2 = 3: mostly republished wire copy
		story(5, 4, 4, 0),               // 4
		story(6, 2, 2, 0),               // ties with 1: the higher ID first
		story(7, 3, 3, 36*time.Hour),    // 0.375
		story(8, 40, 40, 120*time.Hour), // 40 / 1024 ≈ 0.04: widely covered long ago
	}
	orig := slices.Clone(in)
	got := rankStories(in, now)
	var ids []int64
	for _, st := range got {
		ids = append(ids, st.ID)
	}
	if want := []int64{3, 5, 4, 6, 1, 2, 7, 8}; !slices.Equal(ids, want) {
		t.Errorf("rank = %v, want %v", ids, want)
	}
	if !slices.EqualFunc(in, orig, func(a, b model.Story) bool { return a.ID == b.ID }) {
		t.Error("rankStories reordered its input")
	}
	if got := rankStories(nil, now); len(got) != 0 {
		t.Errorf("rank of nothing = %v", got)
	}
}
