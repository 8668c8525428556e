package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/search"
	"github.com/newsdesk/newsdesk/internal/store"
)

// searchJSON is the answer of /api/v1/search.
type searchJSON struct {
	Total int `json:"total"`
	// TotalCapped is set when the store stopped counting at its bound
	// (store.MaxCount): there are at least Total hits.
	TotalCapped bool            `json:"total_capped,omitempty"`
	Items       []searchHitJSON `json:"items"`
	Next        *string         `json:"next"` // the cursor of the next page; null on the last
	Facets      *facetsJSON     `json:"facets,omitempty"`
	// Notice tells the reader something about the query: that it was
	// shortened, or that it has no word to search for.
	Notice string `json:"notice,omitempty"`
}

// searchHitJSON is one result. Title and the other plain fields are
// text; TitleHTML and Snippet are HTML, escaped, whose only markup is
// <mark> around the words that matched.
type searchHitJSON struct {
	ID           int64  `json:"id"`
	Title        string `json:"title"`
	TitleHTML    string `json:"title_html"`
	URL          string `json:"url"`  // the permalink, absolute
	Path         string `json:"path"` // the permalink on this site
	Source       string `json:"source"`
	SourceID     int64  `json:"source_id,omitempty"`
	Category     string `json:"category"`
	CategorySlug string `json:"category_slug"`
	PublishedAt  string `json:"published_at"`
	Date         string `json:"date"` // the day as pages print it, in the site's time zone
	Kind         string `json:"kind"`
	Snippet      string `json:"snippet"`
	Image        string `json:"image"`
	Comments     int    `json:"comments"` // approved comments
}

type facetsJSON struct {
	Categories []categoryFacetJSON `json:"categories"`
	Sources    []sourceFacetJSON   `json:"sources"`
}

type categoryFacetJSON struct {
	Slug  string `json:"slug"`
	Name  string `json:"name"`
	Count int    `json:"count"`
}

type sourceFacetJSON struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Count int    `json:"count"`
}

// apiSearch answers /api/v1/search: the page's parameters, plus limit
// (default 20, at most 100), cursor (the "next" of the previous answer)
// or page, facets=1 for the counts per category and source, and live=1
// to read the last word as a prefix, as the header's live search does.
func (s *server) apiSearch(r *http.Request) (any, error) {
	v := r.URL.Query()
	if strings.TrimSpace(v.Get("q")) == "" {
		return nil, badRequest("q is required: the words to search for")
	}
	live, err := flagParam(v, "live")
	if err != nil {
		return nil, err
	}
	facets, err := flagParam(v, "facets")
	if err != nil {
		return nil, err
	}
	limit, err := limitParam(v)
	if err != nil {
		return nil, err
	}
	page, err := searchCursor(v, limit)
	if err != nil {
		return nil, err
	}
	req, err := s.readSearch(r.Context(), v, live)
	if err != nil {
		return nil, err
	}
	out := searchJSON{Items: []searchHitJSON{}}
	if req.Shortened() {
		out.Notice = shortenedNotice
	}
	if !req.query.Query.Positive() {
		out.Notice = strings.TrimSpace(noWordsNotice + " " + out.Notice)
		if facets {
			out.Facets = &facetsJSON{Categories: []categoryFacetJSON{}, Sources: []sourceFacetJSON{}}
		}
		return out, nil
	}
	req.query.Limit = limit
	req.query.Offset = (page - 1) * limit
	req.query.Facets = facets
	if live {
		// The live box shows eight hits and no count: it ranks the newest
		// LiveWindow matches, and the store may count the hits from that
		// window instead of a second pass (total_capped says when there
		// are more). "More results" opens the full page, which ranks
		// RankWindow.
		req.query.Window = store.LiveWindow
		req.query.CountUpTo = store.LiveWindow
	}
	res, err := s.store.SearchArticles(r.Context(), req.query)
	if err != nil {
		return nil, err
	}
	out.Total, out.TotalCapped = res.Total, res.Capped
	snippetRunes, lead := pageSnippetRunes, 0
	if live {
		snippetRunes, lead = liveSnippetRunes, liveSnippetLead
	}
	m := s.analyzer.Matcher(req.query.Query, req.query.Exact)
	for _, a := range res.Items {
		out.Items = append(out.Items, s.searchHitJSON(m, a, snippetRunes, lead))
	}
	if end := page * limit; end < res.Total && end < maxSearchOffset {
		next := strconv.Itoa(page + 1)
		out.Next = &next
	}
	if facets {
		out.Facets = newFacetsJSON(res)
	}
	return out, nil
}

func (s *server) searchHitJSON(m *search.Matcher, a model.Article, snippetRunes, lead int) searchHitJSON {
	path := s.permalink(a)
	return searchHitJSON{
		ID:           a.ID,
		Title:        a.Title,
		TitleHTML:    m.Highlight(a.Title),
		URL:          s.absURL(path),
		Path:         path,
		Source:       a.SourceName,
		SourceID:     a.SourceID,
		Category:     a.Category,
		CategorySlug: a.CategorySlug,
		PublishedAt:  a.PublishedAt.UTC().Format(time.RFC3339),
		Date:         s.stamp(a.PublishedAt).Label,
		Kind:         string(a.Kind),
		Snippet:      snippet(m, a, snippetRunes, lead),
		Image:        a.ImageURL,
		Comments:     a.Comments,
	}
}

func newFacetsJSON(res store.SearchResult) *facetsJSON {
	f := &facetsJSON{Categories: []categoryFacetJSON{}, Sources: []sourceFacetJSON{}}
	for _, c := range res.Categories {
		f.Categories = append(f.Categories, categoryFacetJSON{c.Key, c.Name, c.Count})
	}
	for _, src := range res.Sources {
		id, err := strconv.ParseInt(src.Key, 10, 64)
		if err != nil {
			continue // the store keys sources by their decimal ID
		}
		f.Sources = append(f.Sources, sourceFacetJSON{id, src.Name, src.Count})
	}
	return f
}

// flagParam reads a 0/1 switch; absent is off.
func flagParam(v url.Values, name string) (bool, error) {
	switch raw := strings.TrimSpace(v.Get(name)); raw {
	case "", "0":
		return false, nil
	case "1":
		return true, nil
	default:
		return false, badRequest("%s must be 1 or 0, not %s", name, quoteValue(raw))
	}
}

// searchCursor reads which page of results to answer: the cursor a
// previous answer gave as "next", or a page number; the first page when
// neither is given.
func searchCursor(v url.Values, limit int) (int, error) {
	raw := strings.TrimSpace(v.Get("cursor"))
	if raw == "" {
		return pageParam(v, limit)
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < 2 || (n-1)*limit > maxSearchOffset {
		return 0, badRequest("invalid cursor: use the \"next\" value of a previous answer, with the same limit")
	}
	return n, nil
}
