package web

import (
	"cmp"
	"math"
	"slices"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
)

// storyHalfLife is the age at which a story's weight on the front page
// halves: a story twice as widely covered as another stays above it for
// twelve hours more.
const storyHalfLife = 12 * time.Hour

// copyWeight is what an outlet that only republished another's text
// adds to a story's weight, against 1 for an outlet that wrote its own
// report: a wire story run by five sites is one report read widely, not
// five newsrooms' judgement that the event matters.
const copyWeight = 0.5

// storyWeight scores a story for the front page by how many independent
// sources cover it and how recent it is:
//
//	weight = (independent + 0.5 × (sources − independent)) × 2^(−age / 12h)
//
// where age runs from the story's latest article to now. A story dated
// in the future (a source's wrong clock) counts as new, not newer.
func storyWeight(st model.Story, now time.Time) float64 {
	independent := max(st.Independent, 0)
	copies := max(st.Sources-independent, 0)
	breadth := float64(independent) + copyWeight*float64(copies)
	age := max(now.Sub(st.LastPublished), 0)
	return breadth * math.Exp2(-age.Hours()/storyHalfLife.Hours())
}

// rankStories returns the stories heaviest first (see storyWeight);
// equal weights go to the more recently updated story, then the newer
// ID, so the order is stable from one request to the next. The input is
// left as it was.
func rankStories(stories []model.Story, now time.Time) []model.Story {
	type scored struct {
		st model.Story
		w  float64
	}
	all := make([]scored, 0, len(stories))
	for _, st := range stories {
		all = append(all, scored{st, storyWeight(st, now)})
	}
	slices.SortFunc(all, func(a, b scored) int {
		if c := cmp.Compare(b.w, a.w); c != 0 {
			return c
		}
		if c := b.st.LastPublished.Compare(a.st.LastPublished); c != 0 {
			return c
		}
		return cmp.Compare(b.st.ID, a.st.ID)
	})
	out := make([]model.Story, 0, len(all))
	for _, sc := range all {
		out = append(out, sc.st)
	}
	return out
}
