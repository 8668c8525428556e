package web

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// maxMinSources bounds the min_sources filter; no story has more
// outlets than a site has sources, and a larger number is a typo.
const maxMinSources = 10000

// storyJSON is a story in /api/v1 answers. The counts are named
// *_count so that a story's detail can carry the lists themselves as
// "sources" and "articles".
type storyJSON struct {
	ID            int64  `json:"id"`
	URL           string `json:"url"` // the story page, absolute
	Title         string `json:"title"`
	Excerpt       string `json:"excerpt"`
	Image         string `json:"image"`
	ImageCredit   string `json:"image_credit"`
	LeadArticleID *int64 `json:"lead_article_id"`
	ArticleCount  int    `json:"article_count"`
	SourceCount   int    `json:"source_count"`
	// IndependentCount counts the outlets that wrote their own report
	// rather than only republishing another's text.
	IndependentCount int     `json:"independent_source_count"`
	FirstArticleID   *int64  `json:"first_article_id"`
	FirstSource      string  `json:"first_source"`
	FirstReportedAt  *string `json:"first_reported_at"`
	UpdatedAt        *string `json:"updated_at"`
	Category         string  `json:"category"`
	CategorySlug     string  `json:"category_slug"`
}

// storyDetailJSON is one story with its outlets, articles and entities.
type storyDetailJSON struct {
	storyJSON
	Sources  []storySourceJSON `json:"sources"`
	Articles []articleJSON     `json:"articles"`
	Entities []entityJSON      `json:"entities"`
}

type storySourceJSON struct {
	SourceID        *int64 `json:"source_id"` // null for the newsroom's own articles
	Name            string `json:"name"`
	Articles        int    `json:"articles"`
	FirstReportedAt string `json:"first_reported_at"`
	URL             string `json:"url,omitempty"` // the source's page on this site
}

type entityJSON struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Slug     string `json:"slug"`
	Kind     string `json:"kind"`
	Articles int    `json:"articles"`
	URL      string `json:"url"` // the entity's page, absolute
}

func (s *server) storyJSON(st model.Story) storyJSON {
	return storyJSON{
		ID:               st.ID,
		URL:              s.absURL(storyPath(st.ID)),
		Title:            st.Title,
		Excerpt:          st.Excerpt,
		Image:            st.ImageURL,
		ImageCredit:      st.ImageCredit,
		LeadArticleID:    optionalID(st.LeadArticleID),
		ArticleCount:     st.Articles,
		SourceCount:      st.Sources,
		IndependentCount: st.Independent,
		FirstArticleID:   optionalID(st.FirstArticleID),
		FirstSource:      st.FirstSource,
		FirstReportedAt:  optionalTime(st.FirstPublished),
		UpdatedAt:        optionalTime(st.LastPublished),
		Category:         st.Category,
		CategorySlug:     st.CategorySlug,
	}
}

func (s *server) entityJSON(e model.Entity) entityJSON {
	return entityJSON{e.ID, e.Name, e.Slug, string(e.Kind), e.Articles, s.absURL(entityPath(e.Slug))}
}

func optionalID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

func optionalTime(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	v := t.UTC().Format(time.RFC3339)
	return &v
}

// apiStories lists live stories, most recently updated first;
// min_sources keeps those covered by at least that many outlets.
func (s *server) apiStories(r *http.Request) (any, error) {
	q := r.URL.Query()
	var f store.StoryFilter
	var err error
	if f.Limit, f.Cursor, err = pageParams(q); err != nil {
		return nil, err
	}
	if raw := q.Get("min_sources"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 0 || n > maxMinSources {
			return nil, badRequest("min_sources must be a whole number from 0 to %d", maxMinSources)
		}
		f.MinSources = n
	}
	items, next, err := s.store.ListStories(r.Context(), f)
	if err != nil {
		return nil, fmt.Errorf("web: list stories: %w", err)
	}
	out := make([]storyJSON, 0, len(items))
	for _, st := range items {
		out = append(out, s.storyJSON(st))
	}
	return newList(out, next), nil
}

// apiStory returns one story with its sources, articles and entities. A
// story folded into another answers 301 with the survivor's API address
// in Location, and says so in the body: {"merged_into": id, "location":
// url}, so a client that does not follow redirects still learns where
// the story went.
func (s *server) apiStory(r *http.Request) (any, error) {
	if positiveID(r.PathValue("id")) == 0 {
		return nil, badRequest("story id must be a positive whole number")
	}
	st, err := s.storyFromPath(r)
	if err != nil {
		return nil, notFoundAs(err, "no story "+r.PathValue("id"))
	}
	if to := movedStory(r.PathValue("id"), st); to != 0 {
		loc := s.absURL("/api/v1/stories/" + strconv.FormatInt(to, 10))
		return apiRedirect{Location: loc, Body: map[string]any{"merged_into": to, "location": loc}}, nil
	}
	ctx := r.Context()
	cov, err := s.loadCoverage(ctx, st)
	if err != nil {
		return nil, err
	}
	srcs, err := s.store.StorySources(ctx, st.ID)
	if err != nil {
		return nil, fmt.Errorf("web: sources of story %d: %w", st.ID, err)
	}
	ents, err := s.store.StoryEntities(ctx, st.ID, storyEntityTags)
	if err != nil {
		return nil, fmt.Errorf("web: entities of story %d: %w", st.ID, err)
	}
	d := storyDetailJSON{
		storyJSON: s.storyJSON(st),
		Sources:   make([]storySourceJSON, 0, len(srcs)),
		Articles:  make([]articleJSON, 0, len(cov.Articles)),
		Entities:  make([]entityJSON, 0, len(ents)),
	}
	for _, ss := range srcs {
		j := storySourceJSON{SourceID: optionalID(ss.SourceID), Name: ss.Name, Articles: ss.Articles,
			FirstReportedAt: ss.First.UTC().Format(time.RFC3339)}
		if ss.SourceID > 0 {
			j.URL = s.absURL("/source/" + strconv.FormatInt(ss.SourceID, 10))
		}
		d.Sources = append(d.Sources, j)
	}
	for _, a := range cov.Articles {
		d.Articles = append(d.Articles, s.articleJSON(a))
	}
	for _, e := range ents {
		d.Entities = append(d.Entities, s.entityJSON(e))
	}
	return d, nil
}

// apiRedirect is an API answer that sends the client elsewhere: 301
// with Location, and Body for clients that do not follow it.
type apiRedirect struct {
	Location string
	Body     any
}
