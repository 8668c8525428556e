package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	"github.com/newsdesk/newsdesk/internal/model"
)

// Full coverage: what the story page, the story feeds and the story API
// read about one story.

const (
	// maxFoldHops bounds how many folded stories a request follows to
	// the one that survived; a longer chain redirects once more.
	maxFoldHops = 8
	// storyEntityTags is how many entities a story page and the story
	// API show.
	storyEntityTags = 20
)

// storyPath is a story's page on the site.
func storyPath(id int64) string {
	return "/story/" + strconv.FormatInt(id, 10)
}

// storyFromPath reads the story a request's {id} names, following the
// folds of stories merged into others. The story returned may then have
// another ID than the one asked for (the caller redirects) or still be
// folded when the chain is longer than maxFoldHops. An ID that is not a
// positive number is a page that does not exist, and so is a story with
// no articles left.
func (s *server) storyFromPath(r *http.Request) (model.Story, error) {
	id := positiveID(r.PathValue("id"))
	if id == 0 {
		return model.Story{}, errNotFound
	}
	st, err := s.store.GetStory(r.Context(), id)
	if err != nil {
		return model.Story{}, fmt.Errorf("web: story %d: %w", id, err)
	}
	seen := map[int64]bool{st.ID: true}
	for range maxFoldHops {
		if st.MergedInto == 0 {
			break
		}
		if seen[st.MergedInto] {
			// A cycle of folds would redirect forever; it has no page.
			return model.Story{}, errNotFound
		}
		next, err := s.store.GetStory(r.Context(), st.MergedInto)
		if err != nil {
			return model.Story{}, fmt.Errorf("web: story %d, folded into %d: %w", st.ID, st.MergedInto, err)
		}
		seen[next.ID] = true
		st = next
	}
	if st.MergedInto == 0 && st.Articles == 0 || st.Hidden {
		return model.Story{}, errNotFound // no articles left, or hidden by an editor
	}
	return st, nil
}

// movedStory reports where a request for asked must go instead: the
// story it reached when asked was folded into it or was not written the
// usual way ("01", "+1"), the next one when the chain of folds was too
// long to follow at once. 0 means it is served as asked.
func movedStory(asked string, st model.Story) int64 {
	if st.MergedInto != 0 {
		return st.MergedInto
	}
	if asked != strconv.FormatInt(st.ID, 10) {
		return st.ID
	}
	return 0
}

// coverage is a story with its articles: the outlets' reports in
// publication order and which of them republish another's text.
type coverage struct {
	Story    model.Story
	Articles []model.Article // first published first, without bodies
	// DupOf maps a republished copy to the original it descends from
	// when both are among Articles; such copies are shown under their
	// original.
	DupOf map[int64]int64
}

// loadCoverage reads a story's articles and groups republished copies
// under their originals: one read, as every article says what it copies.
func (s *server) loadCoverage(ctx context.Context, st model.Story) (coverage, error) {
	arts, err := s.store.StoryArticles(ctx, st.ID)
	if err != nil {
		return coverage{}, fmt.Errorf("web: articles of story %d: %w", st.ID, err)
	}
	return coverage{Story: st, Articles: arts, DupOf: copiesWithin(arts)}, nil
}

// copiesWithin maps each article of arts that republishes another one of
// arts to its original there. Clustering may link a copy to an earlier
// copy (the best match it saw), so the chain is followed to the first
// article in it that copies nothing within arts: a copy whose original
// is outside the story stands as a report of its own. A cycle, which no
// clustering run writes, leaves its articles as originals.
func copiesWithin(arts []model.Article) map[int64]int64 {
	copied := make(map[int64]int64, len(arts)) // article -> what it copies
	for _, a := range arts {
		copied[a.ID] = a.DupOf
	}
	dupOf := map[int64]int64{}
	for _, a := range arts {
		orig := a.ID
		for range len(arts) {
			up := copied[orig]
			if _, in := copied[up]; up == 0 || !in {
				break
			}
			orig = up
			if orig == a.ID {
				break // a cycle through a
			}
		}
		if orig != a.ID {
			dupOf[a.ID] = orig
		}
	}
	return dupOf
}

// originals returns the articles that are not copies of another one,
// in order, each with its copies in order.
func (c coverage) originals() []reportWithCopies {
	at := map[int64]int{}
	var out []reportWithCopies
	for _, a := range c.Articles {
		if _, isCopy := c.DupOf[a.ID]; isCopy {
			continue
		}
		at[a.ID] = len(out)
		out = append(out, reportWithCopies{Article: a})
	}
	for _, a := range c.Articles {
		if orig, isCopy := c.DupOf[a.ID]; isCopy {
			if i, ok := at[orig]; ok {
				out[i].Copies = append(out[i].Copies, a)
			}
		}
	}
	return out
}

// reportWithCopies is an outlet's own report and the articles of other
// outlets that republished its text.
type reportWithCopies struct {
	Article model.Article
	Copies  []model.Article
}

// article returns the story's article with that ID, if it lists it.
func (c coverage) article(id int64) (model.Article, bool) {
	for _, a := range c.Articles {
		if a.ID == id {
			return a, true
		}
	}
	return model.Article{}, false
}
