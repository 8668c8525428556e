package admin

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/search"
	"github.com/newsdesk/newsdesk/internal/store"
)

// Sizes of the front-page lists.
const (
	topWindow      = 48 * time.Hour
	topStories     = 30
	featuredListed = 30
	curationPage   = 30
	hiddenStories  = 50
)

// storyRow is a story as the curation page lists it.
type storyRow struct {
	model.Story
	URL        string // its public page
	When, ISO  string // last updated
	First      bool   // first of the pinned (no "up")
	Last       bool   // last of the pinned (no "down")
	ActionBase string // /admin/curation/stories/ID/
}

// articleRow is an article as the curation page lists it.
type articleRow struct {
	model.Article
	URL        string // its public page, "" when hidden or unknown
	When, ISO  string
	ActionBase string // /admin/curation/articles/ID/
	RewriteURL string // the desk's editor, seeded with it; "" for originals
}

// curationFilter narrows the articles tab.
type curationFilter struct {
	Source   int64
	Category string
	Q        string
}

// curationView is the data of the curation page.
type curationView struct {
	Tab     string // front, articles or hidden
	Return  string // this page's address, where actions come back to
	Notice  string
	Problem string

	Pinned   []storyRow
	Top      []storyRow
	Featured []articleRow

	Filter     curationFilter
	Sources    []model.Source
	Categories []model.Category
	Articles   []articleRow
	Older      string // the next page of articles

	HiddenStories  []storyRow
	HiddenArticles []articleRow
}

func (s *server) storyRows(sts []model.Story) []storyRow {
	out := make([]storyRow, len(sts))
	for i, st := range sts {
		out[i] = storyRow{Story: st, URL: "/story/" + strconv.FormatInt(st.ID, 10),
			ActionBase: "/admin/curation/stories/" + strconv.FormatInt(st.ID, 10) + "/"}
		out[i].When, out[i].ISO = s.formatTime(st.LastPublished)
	}
	return out
}

func (s *server) articleRows(as []model.Article) []articleRow {
	out := make([]articleRow, len(as))
	for i, a := range as {
		id := strconv.FormatInt(a.ID, 10)
		out[i] = articleRow{Article: a, ActionBase: "/admin/curation/articles/" + id + "/"}
		if !a.Hidden {
			out[i].URL = s.articlePath(a)
		}
		if a.Kind != model.KindOriginal {
			out[i].RewriteURL = "/admin/articles/new?from=" + id
		}
		out[i].When, out[i].ISO = s.formatTime(a.PublishedAt)
	}
	return out
}

// curationURL is the address of a view of the curation page.
func curationURL(tab string, f curationFilter, cursor string) string {
	q := url.Values{}
	if tab != "" && tab != "front" {
		q.Set("tab", tab)
	}
	if f.Source > 0 {
		q.Set("source", strconv.FormatInt(f.Source, 10))
	}
	if f.Category != "" {
		q.Set("category", f.Category)
	}
	if f.Q != "" {
		q.Set("q", f.Q)
	}
	if cursor != "" {
		q.Set("cursor", cursor)
	}
	if len(q) == 0 {
		return "/admin/curation"
	}
	return "/admin/curation?" + q.Encode()
}

func (s *server) handleCuration(w http.ResponseWriter, r *http.Request, rq *request) error {
	q := r.URL.Query()
	v := curationView{Tab: q.Get("tab"), Notice: curationNotice(q), Problem: strings.TrimSpace(q.Get("problem"))}
	if len(v.Problem) > 300 {
		v.Problem = v.Problem[:300]
	}
	switch v.Tab {
	case "":
		v.Tab = "front"
	case "front", "articles", "hidden":
	default:
		return badRequest("Unknown tab %q: choose the front page, articles or hidden.", truncate(v.Tab))
	}
	if src := q.Get("source"); src != "" {
		id, err := strconv.ParseInt(src, 10, 64)
		if err != nil || id <= 0 {
			return badRequest("The source must be given by its number, not %q.", truncate(src))
		}
		v.Filter.Source = id
	}
	v.Filter.Category = strings.TrimSpace(q.Get("category"))
	v.Filter.Q = strings.TrimSpace(q.Get("q"))
	cursor := q.Get("cursor")
	v.Return = curationURL(v.Tab, v.Filter, cursor)
	ctx := r.Context()
	var err error
	switch v.Tab {
	case "front":
		pinned, err := s.st.PinnedStories(ctx)
		if err != nil {
			return fmt.Errorf("admin: curation: %w", err)
		}
		v.Pinned = s.storyRows(pinned)
		for i := range v.Pinned {
			v.Pinned[i].First, v.Pinned[i].Last = i == 0, i == len(v.Pinned)-1
		}
		top, _, err := s.st.ListStories(ctx, store.StoryFilter{Since: s.now().Add(-topWindow), Limit: topStories})
		if err != nil {
			return fmt.Errorf("admin: curation: %w", err)
		}
		top = slices.DeleteFunc(top, func(st model.Story) bool { return !st.PinnedAt.IsZero() })
		v.Top = s.storyRows(top)
		featured, err := s.st.FeaturedArticles(ctx, featuredListed)
		if err != nil {
			return fmt.Errorf("admin: curation: %w", err)
		}
		v.Featured = s.articleRows(featured)
	case "articles":
		if v.Sources, err = s.st.ListSources(ctx); err != nil {
			return fmt.Errorf("admin: curation: %w", err)
		}
		if v.Categories, err = s.st.ListCategories(ctx); err != nil {
			return fmt.Errorf("admin: curation: %w", err)
		}
		arts, next, err := s.curationArticles(r, v.Filter, cursor)
		if err != nil {
			return err
		}
		v.Articles = s.articleRows(arts)
		if next != "" {
			v.Older = curationURL("articles", v.Filter, next)
		}
	case "hidden":
		sts, err := s.st.HiddenStories(ctx, hiddenStories)
		if err != nil {
			return fmt.Errorf("admin: curation: %w", err)
		}
		v.HiddenStories = s.storyRows(sts)
		arts, next, err := s.st.HiddenArticles(ctx, store.ArticleFilter{Limit: curationPage, Cursor: cursor})
		if err != nil {
			return fmt.Errorf("admin: curation: %w", err)
		}
		// The newsroom's unpublished originals are the desk's to show.
		v.HiddenArticles = s.articleRows(slices.DeleteFunc(arts, func(a model.Article) bool { return a.Kind == model.KindOriginal }))
		if next != "" {
			v.Older = curationURL("hidden", curationFilter{}, next)
		}
	}
	return s.render(w, r, http.StatusOK, "curation", view{Frame: rq.frame("Front page", "curation"), Page: v})
}

// curationArticles lists the articles of the articles tab: newest
// first, or the matches of a search, newest first too. A search's
// cursor is its offset.
func (s *server) curationArticles(r *http.Request, f curationFilter, cursor string) ([]model.Article, string, error) {
	ctx := r.Context()
	if f.Q == "" {
		arts, next, err := s.st.ListArticles(ctx, store.ArticleFilter{SourceID: f.Source, CategorySlug: f.Category,
			Limit: curationPage, Cursor: cursor})
		if err != nil {
			return nil, "", fmt.Errorf("admin: curation: %w", err)
		}
		return arts, next, nil
	}
	offset := 0
	if cursor != "" {
		n, err := strconv.Atoi(cursor)
		if err != nil || n < 0 || n > store.MaxCount {
			return nil, "", store.ErrBadCursor
		}
		offset = n
	}
	an, err := search.NewAnalyzer(s.site.Language)
	if err != nil {
		if an, err = search.NewAnalyzer(""); err != nil {
			return nil, "", fmt.Errorf("admin: curation: %w", err)
		}
	}
	sq := store.SearchQuery{Query: an.Parse(f.Q, search.ParseOptions{}), Newest: true, Limit: curationPage, Offset: offset}
	if f.Source > 0 {
		sq.Sources = []int64{f.Source}
	}
	if f.Category != "" {
		sq.Categories = []string{f.Category}
	}
	res, err := s.st.SearchArticles(ctx, sq)
	if err != nil {
		return nil, "", fmt.Errorf("admin: curation: %w", err)
	}
	next := ""
	if offset+len(res.Items) < res.Total {
		next = strconv.Itoa(offset + len(res.Items))
	}
	return res.Items, next, nil
}

// curationDone words what an action did, for the notice after it.
var curationDone = map[string]string{
	"feature":   "Article #%d featured among the editors' picks.",
	"unfeature": "Article #%d is no longer featured.",
	"hide":      "Article #%d hidden from readers. Find it under Hidden to restore it.",
	"unhide":    "Article #%d is visible to readers again.",
	"category":  "Article #%d refiled.",
	"pin":       "Story #%d pinned to the top of the front page.",
	"unpin":     "Story #%d unpinned.",
	"up":        "Story #%d moved up.",
	"down":      "Story #%d moved down.",
	"hidestory": "Story #%d hidden from readers. Find it under Hidden to restore it.",
	"showstory": "Story #%d is visible to readers again.",
}

func curationNotice(q url.Values) string {
	id, err := strconv.ParseInt(q.Get("id"), 10, 64)
	msg, ok := curationDone[q.Get("done")]
	if err != nil || id <= 0 || !ok {
		return ""
	}
	return fmt.Sprintf(msg, id)
}
