package web

import (
	"fmt"
	"net/http"
	"net/url"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// entityTag is a person, organization or place an article or story
// mentions, linked to its page.
type entityTag struct {
	Name string
	Kind model.EntityKind
	URL  string
}

// entityPath is an entity's page on the site.
func entityPath(slug string) string {
	return "/entity/" + url.PathEscape(slug)
}

func (s *server) entityTags(ents []model.Entity) []entityTag {
	out := make([]entityTag, 0, len(ents))
	for _, e := range ents {
		out = append(out, entityTag{Name: e.Name, Kind: e.Kind, URL: entityPath(e.Slug)})
	}
	return out
}

// kindLabel words an entity's kind for readers.
func kindLabel(k model.EntityKind) string {
	switch k {
	case model.EntityPerson:
		return "Person"
	case model.EntityOrg:
		return "Organization"
	case model.EntityPlace:
		return "Place"
	}
	return "Name in the news"
}

// storyCard is a story as listings show it.
type storyCard struct {
	URL         string // the story's full coverage
	Title       string
	Excerpt     string
	Image       string
	Count       string // "5 articles from 3 sources"
	FirstSource string
	Category    string
	CategoryURL string
	Date        stamp // when its latest article appeared
}

func (s *server) storyCard(st model.Story) storyCard {
	c := storyCard{
		URL:         storyPath(st.ID),
		Title:       storyTitle(st),
		Excerpt:     st.Excerpt,
		Image:       st.ImageURL,
		Count:       plural(st.Articles, "article", "articles") + " from " + plural(st.Sources, "source", "sources"),
		FirstSource: st.FirstSource,
		Category:    st.Category,
		Date:        s.stamp(st.LastPublished),
	}
	if st.CategorySlug != "" {
		c.CategoryURL = "/category/" + st.CategorySlug
	}
	return c
}

// entityPage is the data of the entity template.
type entityPage struct {
	Name     string
	Kind     string
	Articles int // articles that mention it
	Stories  []storyCard
	Older    string // link to the next page, empty on the last
	First    string // link back to the first page, when not on it
}

// handleEntity serves /entity/{slug}: the stories that mention a
// person, organization or place, most recently updated first.
func (s *server) handleEntity(w http.ResponseWriter, r *http.Request) error {
	cursor, err := cursorParam(r)
	if err != nil {
		return err
	}
	e, err := s.store.GetEntityBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return fmt.Errorf("web: entity page: %w", err)
	}
	stories, next, err := s.store.EntityStories(r.Context(), e.ID, store.StoryFilter{Limit: listPageSize, Cursor: cursor})
	if err != nil {
		return fmt.Errorf("web: stories of entity %d: %w", e.ID, err)
	}
	base := entityPath(e.Slug)
	p := entityPage{Name: e.Name, Kind: kindLabel(e.Kind), Articles: e.Articles}
	for _, st := range stories {
		p.Stories = append(p.Stories, s.storyCard(st))
	}
	if next != "" {
		p.Older = base + "?cursor=" + url.QueryEscape(next)
	}
	if cursor != "" {
		p.First = base
	}
	return s.render(w, r, http.StatusOK, "entity", view{s.frame(r, base, e.Name), p})
}
