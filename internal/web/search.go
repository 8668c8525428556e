package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/newsdesk/newsdesk/internal/search"
	"github.com/newsdesk/newsdesk/internal/store"
)

// Search limits: a query is 1 to maxQueryLen characters, and results are
// paged searchPageSize at a time up to maxSearchPage pages deep.
const (
	maxQueryLen    = 200
	searchPageSize = 20
	maxSearchPage  = 500
)

// searchForm is the state of the header's search form, read from the URL
// so that the filters keep the reader's choices from page to page.
type searchForm struct {
	Q         string
	Exact     bool
	InTitle   bool
	InContent bool
	InExcerpt bool
	Category  string
	Source    string
	From      string
	To        string
	Newest    bool // sort=newest; relevance otherwise
}

// parseSearchForm reads the search parameters leniently: the form only
// mirrors them, so unknown values are ignored rather than refused. "in"
// may repeat or list fields with commas; when it names none we know,
// all three fields are searched, as the form's defaults say.
func parseSearchForm(v url.Values) searchForm {
	f := searchForm{
		Q:        v.Get("q"),
		Exact:    v.Get("exact") == "1",
		Category: v.Get("category"),
		Source:   v.Get("source"),
		From:     v.Get("from"),
		To:       v.Get("to"),
		Newest:   v.Get("sort") == "newest",
	}
	for _, raw := range v["in"] {
		for field := range strings.SplitSeq(raw, ",") {
			switch strings.TrimSpace(field) {
			case "title":
				f.InTitle = true
			case "content":
				f.InContent = true
			case "excerpt":
				f.InExcerpt = true
			}
		}
	}
	if !f.InTitle && !f.InContent && !f.InExcerpt {
		f.InTitle, f.InContent, f.InExcerpt = true, true, true
	}
	return f
}

// matching is the store query for q, searched in the form's fields.
// "Exact matches only" reads the query as written: whole words, no
// stemming, and, unless the reader used quotes or operators of their
// own, all of it as one phrase, so "harbor ferry" finds those words
// together and in that order.
func (f searchForm) matching(an *search.Analyzer, q string) store.SearchQuery {
	if f.Exact && !strings.ContainsAny(q, `"-*`) && !strings.Contains(q, " OR ") {
		q = `"` + q + `"`
	}
	sq := store.SearchQuery{Query: an.Parse(q, search.ParseOptions{}), Exact: f.Exact, Newest: f.Newest}
	for _, in := range []struct {
		on    bool
		field store.SearchFields
	}{{f.InTitle, store.FieldTitle}, {f.InExcerpt, store.FieldExcerpt}, {f.InContent, store.FieldContent}} {
		if in.on {
			sq.Fields |= in.field
		}
	}
	return sq
}

// Filtered reports whether any filter differs from its default, so the
// filters panel opens to show what is narrowing the search.
func (f searchForm) Filtered() bool {
	return f.Exact || !(f.InTitle && f.InContent && f.InExcerpt) ||
		f.Category != "" || f.Source != "" || f.From != "" || f.To != ""
}

// searchPage is the data of the search template.
type searchPage struct {
	Query   string
	Problem string // why the query could not run, for the reader
	Total   int
	Results []card
	PageNo  int
	Prev    string
	Next    string
}

// handleSearch runs the basic word search: every word of q must appear,
// or with "exact" the whole of q as a phrase of whole words.
// An empty query shows the form with a prompt; a malformed one shows why.
func (s *server) handleSearch(w http.ResponseWriter, r *http.Request) error {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	fr := s.frame(r, "", "Search")
	if q != "" {
		fr.Title = "Search: " + q
	}
	p := searchPage{Query: q, PageNo: 1}
	if problem := validateSearch(r.URL.Query(), &p); problem != "" {
		p.Problem = problem
		return s.render(w, r, http.StatusBadRequest, "search", view{fr, p})
	}
	if q == "" {
		return s.render(w, r, http.StatusOK, "search", view{fr, p})
	}
	query := fr.Search.matching(s.analyzer, q)
	if !query.Query.Positive() {
		p.Problem = "Add a word to search for: a search of only exclusions (-word) or of no words at all matches nothing."
		return s.render(w, r, http.StatusOK, "search", view{fr, p})
	}
	query.Limit = searchPageSize
	query.Offset = (p.PageNo - 1) * searchPageSize
	if problem := fr.Search.applyFilters(&query, s.now(), s.site.Location); problem != "" {
		p.Problem = problem
		return s.render(w, r, http.StatusBadRequest, "search", view{fr, p})
	}
	res, err := s.store.SearchArticles(r.Context(), query)
	if err != nil {
		return err
	}
	p.Total = res.Total
	p.Results = s.cards(res.Items)
	if p.PageNo > 1 {
		p.Prev = pageURL(r.URL, p.PageNo-1)
	}
	if p.PageNo*searchPageSize < res.Total {
		p.Next = pageURL(r.URL, p.PageNo+1)
	}
	return s.render(w, r, http.StatusOK, "search", view{fr, p})
}

// validateSearch checks the query length and page number, setting
// p.PageNo, and returns a message for the reader when one is wrong.
func validateSearch(v url.Values, p *searchPage) string {
	if n := utf8.RuneCountInString(p.Query); n > maxQueryLen {
		return "Your search is " + strconv.Itoa(n) + " characters long; please keep it under " +
			strconv.Itoa(maxQueryLen+1) + "."
	}
	if raw := v.Get("page"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 || n > maxSearchPage {
			return "The page number must be between 1 and " + strconv.Itoa(maxSearchPage) + "."
		}
		p.PageNo = n
	}
	return ""
}

// pageURL is the current search with another page number.
func pageURL(u *url.URL, page int) string {
	v := u.Query()
	v.Set("page", strconv.Itoa(page))
	return "/search?" + v.Encode()
}
