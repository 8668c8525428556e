package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// How much the front page shows.
const (
	homeTopStories   = 5  // stories covered by several sources, then newest articles with a picture
	homeLatest       = 10 // newest of the rest
	homeSections     = 12 // at most this many category sections
	homeSectionItems = 4  // articles per category section
	homeFeatured     = 4  // editors' picks

	// homeStoryWindow is how far back a story's latest article may be
	// for it to compete for the top; storyHalfLife has made an older
	// one light anyway.
	homeStoryWindow = 48 * time.Hour
	// homeStoryCandidates is how many recent multi-source stories are
	// ranked; ListStories returns them most recently updated first.
	homeStoryCandidates = 100
)

// homePage is the data of the home template.
type homePage struct {
	Top      []card // Top[0] is shown large
	Featured []card // the editors' picks
	Latest   []card
	Sections []homeSection
}

type homeSection struct {
	Name     string
	URL      string
	Articles []card
}

func (s *server) handleHome(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	fr := s.frame(r, "/", "")
	if err := s.homeMeta(&fr); err != nil {
		return err
	}
	top, topStories, err := s.homeTop(ctx)
	if err != nil {
		return err
	}
	latest, err := s.homeLatest(ctx, top, topStories)
	if err != nil {
		return err
	}
	p := homePage{Top: top, Latest: latest}
	featured, err := s.store.FeaturedArticles(ctx, homeFeatured)
	if err != nil {
		return fmt.Errorf("web: home featured: %w", err)
	}
	p.Featured = s.cards(featured)
	for i, c := range fr.Categories {
		if i == homeSections {
			break
		}
		items, _, err := s.store.ListArticles(ctx, store.ArticleFilter{CategorySlug: c.Slug, Limit: homeSectionItems})
		if err != nil {
			return fmt.Errorf("web: home section %s: %w", c.Slug, err)
		}
		if len(items) > 0 {
			p.Sections = append(p.Sections, homeSection{c.Name, "/category/" + c.Slug, s.cards(items)})
		}
	}
	return s.render(w, r, http.StatusOK, "home", view{fr, p})
}

// homeTop picks the front page's top stories: the recent stories that
// several outlets cover, ranked by rankStories, each shown as its lead
// article's card with a link to its full coverage. Until clustering has
// found that many (a fresh site, or a quiet day) the newest articles
// with a picture fill the remaining places, so the top is never empty
// while there is news. The stories editors pinned come first, in their
// order, whatever their age or coverage. It returns the cards and the
// stories they show.
func (s *server) homeTop(ctx context.Context) ([]card, map[int64]bool, error) {
	now := s.now()
	pinned, err := s.store.PinnedStories(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("web: home pinned stories: %w", err)
	}
	stories, _, err := s.store.ListStories(ctx, store.StoryFilter{
		Since: now.Add(-homeStoryWindow), MinSources: 2, Limit: homeStoryCandidates,
	})
	if err != nil {
		return nil, nil, fmt.Errorf("web: home top stories: %w", err)
	}
	stories = slices.DeleteFunc(stories, func(st model.Story) bool { return !st.PinnedAt.IsZero() })
	var top []card
	shown := map[int64]bool{}
	for _, st := range append(pinned, rankStories(stories, now)...) {
		if len(top) == homeTopStories {
			break
		}
		if st.LeadArticleID == 0 {
			continue
		}
		lead, err := s.store.GetArticle(ctx, st.LeadArticleID)
		if errors.Is(err, store.ErrNotFound) || err == nil && lead.Hidden {
			continue // deleted or hidden since the story was last updated
		}
		if err != nil {
			return nil, nil, fmt.Errorf("web: lead of story %d: %w", st.ID, err)
		}
		c := s.card(lead)
		c.Image = firstNonEmpty(c.Image, st.ImageURL)
		c.Coverage = &coverageLink{Sources: st.Sources, URL: storyPath(st.ID)}
		top = append(top, c)
		shown[st.ID] = true
	}
	if len(top) == homeTopStories {
		return top, shown, nil
	}
	// Over-fetch: articles of the stories already shown are skipped.
	fill, _, err := s.store.ListArticles(ctx, store.ArticleFilter{
		WithImage: true, ExcludeIDs: cardIDs(top), Limit: 3 * homeTopStories,
	})
	if err != nil {
		return nil, nil, fmt.Errorf("web: home top articles: %w", err)
	}
	for _, a := range fill {
		if len(top) == homeTopStories {
			break
		}
		if a.StoryID != 0 && shown[a.StoryID] {
			continue
		}
		top = append(top, s.card(a))
	}
	return top, shown, nil
}

// homeLatest reads the newest articles not already at the top, leaving
// out other outlets' reports of the top stories: their full coverage is
// one link away.
func (s *server) homeLatest(ctx context.Context, top []card, topStories map[int64]bool) ([]card, error) {
	limit := homeLatest
	if len(topStories) > 0 {
		limit = 3 * homeLatest
	}
	items, _, err := s.store.ListArticles(ctx, store.ArticleFilter{ExcludeIDs: cardIDs(top), Limit: limit})
	if err != nil {
		return nil, fmt.Errorf("web: home latest: %w", err)
	}
	out := make([]card, 0, homeLatest)
	for _, a := range items {
		if len(out) == homeLatest {
			break
		}
		if a.StoryID != 0 && topStories[a.StoryID] {
			continue
		}
		out = append(out, s.card(a))
	}
	return out, nil
}

func cardIDs(cs []card) []int64 {
	ids := make([]int64, 0, len(cs))
	for _, c := range cs {
		ids = append(ids, c.ID)
	}
	return ids
}
