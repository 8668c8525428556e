package web

import (
	"fmt"
	"net/http"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// How much the front page shows.
const (
	homeTopStories   = 5  // newest articles with a lead image
	homeLatest       = 10 // newest of the rest
	homeSections     = 12 // at most this many category sections
	homeSectionItems = 4  // articles per category section
)

// homePage is the data of the home template.
type homePage struct {
	Top      []card // Top[0] is shown large
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
	top, _, err := s.store.ListArticles(ctx, store.ArticleFilter{WithImage: true, Limit: homeTopStories})
	if err != nil {
		return fmt.Errorf("web: home top stories: %w", err)
	}
	latest, _, err := s.store.ListArticles(ctx, store.ArticleFilter{
		ExcludeIDs: articleIDs(top),
		Limit:      homeLatest,
	})
	if err != nil {
		return fmt.Errorf("web: home latest: %w", err)
	}
	p := homePage{Top: s.cards(top), Latest: s.cards(latest)}
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

func articleIDs(as []model.Article) []int64 {
	ids := make([]int64, 0, len(as))
	for _, a := range as {
		ids = append(ids, a.ID)
	}
	return ids
}
