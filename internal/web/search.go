package web

import (
	"cmp"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/search"
	"github.com/newsdesk/newsdesk/internal/store"
)

// Search paging: the page shows searchPageSize results at a time, and no
// page (of the site or the API) starts deeper than maxSearchOffset.
const (
	searchPageSize  = 20
	maxSearchOffset = 10_000
	// maxSourceFacets is how many sources the filters list (the chosen
	// ones are listed too): a site may have hundreds.
	maxSourceFacets = 25
)

// Snippet lengths in characters, for the page and for the live results.
const (
	pageSnippetRunes = 240
	liveSnippetRunes = 140
)

// liveSnippetLead bounds, in bytes, the start of an article's text a live
// result's snippet is sought in: live search answers every keystroke,
// and finding the best stretch of a whole article for each of eight hits
// was most of its time outside the index. The lead usually holds the
// words searched for; when it does not, the excerpt's snippet stands in,
// as for any text without them. The results page searches the whole text.
const liveSnippetLead = 1200

// searchPage is the data of the search template.
type searchPage struct {
	Query   string
	Problem string // why the query could not run, for the reader
	Notice  string // something the reader should know about the results
	Ran     bool   // a search ran: show results and the filters
	Total   int
	Capped  bool // at least Total results: the store stopped counting
	Results []hit
	PageNo  int
	Prev    string
	Next    string
	Form    searchForm
	// Hidden are the search's parameters the filter form does not
	// show; DateHidden those the custom dates form does not show.
	Hidden     []field
	DateHidden []field
	CustomFrom string // the start date of a custom range
	Sorts      []choice
	Dates      []choice
	Kinds      []choice
	CatFacets  []facetChoice
	SrcFacets  []facetChoice
	// MoreSources says some sources with results are not listed.
	MoreSources bool
}

// hit is one search result: a card with its title and a snippet of its
// text highlighted where the query matched.
type hit struct {
	card
	TitleHTML   template.HTML
	SnippetHTML template.HTML
}

// field is one URL parameter written as a hidden input.
type field struct{ Name, Value string }

// choice is one link of a one-of-several filter (sort, date, kind).
type choice struct {
	Label   string
	URL     string
	Current bool
}

// facetChoice is one checkbox of a several-of filter with its count.
type facetChoice struct {
	Value   string
	Label   string
	Count   int
	Checked bool
}

// handleSearch serves /search: the results of one page of a search with
// its filters, or a prompt when nothing was asked, or what is wrong with
// the request (400).
func (s *server) handleSearch(w http.ResponseWriter, r *http.Request) error {
	v := r.URL.Query()
	fr := s.frame(r, "", "Search")
	q := strings.TrimSpace(fr.Search.Q)
	if q != "" {
		fr.Title = "Search: " + shorten(q, 80)
	}
	p := searchPage{Query: shorten(q, 200), PageNo: 1, Form: fr.Search}
	req, err := s.readSearch(r.Context(), v, false)
	if err == nil {
		p.PageNo, err = pageParam(v, searchPageSize)
	}
	if err != nil {
		status, msg := classify(err)
		if status != http.StatusBadRequest {
			return err
		}
		p.Problem = msg
		return s.render(w, r, http.StatusBadRequest, "search", view{fr, p})
	}
	if strings.TrimSpace(v.Get("q")) == "" {
		// Nothing asked yet: the prompt. (A query of only characters
		// that are not words is told it has none, below.)
		return s.render(w, r, http.StatusOK, "search", view{fr, p})
	}
	if req.Shortened() {
		p.Notice = shortenedNotice
	}
	if !req.query.Query.Positive() {
		p.Problem = noWordsNotice
		return s.render(w, r, http.StatusOK, "search", view{fr, p})
	}
	req.query.Limit = searchPageSize
	req.query.Offset = (p.PageNo - 1) * searchPageSize
	req.query.Facets = true
	res, err := s.store.SearchArticles(r.Context(), req.query)
	if err != nil {
		return err
	}
	p.Ran = true
	fr.FiltersOpen = false // the page lists the filters beside the results
	p.Total, p.Capped = res.Total, res.Capped
	m := s.analyzer.Matcher(req.query.Query, req.query.Exact)
	for _, a := range res.Items {
		p.Results = append(p.Results, hit{
			card:        s.card(a),
			TitleHTML:   template.HTML(m.Highlight(a.Title)),
			SnippetHTML: template.HTML(snippet(m, a, pageSnippetRunes, 0)),
		})
	}
	base := req.form.values()
	if p.PageNo > 1 {
		p.Prev = searchURL(base, "page", strconv.Itoa(p.PageNo-1))
	}
	if p.PageNo*searchPageSize < res.Total && p.PageNo*searchPageSize < maxSearchOffset {
		p.Next = searchURL(base, "page", strconv.Itoa(p.PageNo+1))
	}
	s.fillFilters(r, &p, req.form, res)
	return s.render(w, r, http.StatusOK, "search", view{fr, p})
}

// snippet is the passage of a's text shown under its title, highlighted:
// from the article's text where the query matched it, else from the
// excerpt, which says best what an article is about when the match was
// in the title alone.
func snippet(m *search.Matcher, a model.Article, maxRunes, lead int) string {
	var fromText string
	if text := a.ContentText; text != "" {
		cut := false
		if lead > 0 && len(text) > lead {
			text, cut = leadOf(text, lead), true
		}
		fromText = m.Snippet(text, maxRunes)
		if cut && !strings.HasSuffix(fromText, search.Ellipsis) {
			fromText += search.Ellipsis
		}
		if strings.Contains(fromText, "<mark>") || a.Excerpt == "" {
			return fromText
		}
	}
	if a.Excerpt != "" {
		return m.Snippet(a.Excerpt, maxRunes)
	}
	return fromText
}

// leadOf returns the start of text up to n bytes, ending before the word
// that n falls in (or at a character boundary in a word longer than that).
func leadOf(text string, n int) string {
	end := n
	for end > 0 && !utf8.RuneStart(text[end]) {
		end--
	}
	if i := strings.LastIndexAny(text[:end], " \t\n"); i > 0 {
		end = i
	}
	return text[:end]
}

// fillFilters lists the search's filters: checkboxes with the facet
// counts for categories and sources, links for sort, date and kind.
func (s *server) fillFilters(r *http.Request, p *searchPage, f searchForm, res store.SearchResult) {
	base := f.values()
	p.Hidden = hiddenFields(base, "exact", "in", "category", "source")
	p.DateHidden = hiddenFields(base, "from", "to")
	if _, preset := dateWindows[f.From]; !preset {
		p.CustomFrom = f.From
	}
	p.Sorts = []choice{
		{"Relevance", searchURL(base, "sort", ""), f.Sort == ""},
		{"Newest first", searchURL(base, "sort", "newest"), f.Sort == "newest"},
	}
	noTo := cloneValues(base)
	noTo.Del("to")
	for _, o := range dateOptions {
		p.Dates = append(p.Dates, choice{o.Label, searchURL(noTo, "from", o.Value), o.Value == f.From && f.To == ""})
	}
	if _, preset := dateWindows[f.From]; f.To != "" || (f.From != "" && !preset) {
		p.Dates = append(p.Dates, choice{customDateLabel(f.From, f.To), searchURL(base, "", ""), true})
	}
	for _, k := range []struct{ value, label string }{
		{"", "Everything"}, {string(model.KindOriginal), "Our reporting"}, {string(model.KindAggregated), "From other sources"},
	} {
		p.Kinds = append(p.Kinds, choice{k.label, searchURL(base, "kind", k.value), f.Kind == k.value})
	}

	cats, srcs, _ := s.nav.get(r.Context())
	p.CatFacets = facetChoices(res.Categories, f.Categories, 0, func(slug string) string {
		for _, c := range cats {
			if c.Slug == slug {
				return c.Name
			}
		}
		return slug
	})
	p.SrcFacets = facetChoices(res.Sources, f.Sources, maxSourceFacets, func(id string) string {
		for _, src := range srcs {
			if strconv.FormatInt(src.ID, 10) == id {
				return sourceLabel(src)
			}
		}
		return "Source " + id
	})
	p.MoreSources = len(res.Sources) > maxSourceFacets
}

// facetChoices lists a facet's values with hits (at most limit of them
// when limit > 0) and then the chosen values that have none, so a reader
// can always untick what they ticked.
func facetChoices(facets []store.Facet, chosen []string, limit int, name func(string) string) []facetChoice {
	var out []facetChoice
	listed := map[string]bool{}
	for i, fc := range facets {
		on := slices.Contains(chosen, fc.Key)
		if limit > 0 && i >= limit && !on {
			continue
		}
		out = append(out, facetChoice{fc.Key, fc.Name, fc.Count, on})
		listed[fc.Key] = true
	}
	for _, c := range chosen {
		if !listed[c] {
			out = append(out, facetChoice{c, name(c), 0, true})
		}
	}
	return out
}

// customDateLabel words a custom date range.
func customDateLabel(from, to string) string {
	switch {
	case from == "":
		return "Until " + to
	case to == "":
		return "Since " + from
	}
	return from + " to " + to
}

// hiddenFields lists the parameters of v but the named ones, in name
// order so a form is the same on every render.
func hiddenFields(v url.Values, except ...string) []field {
	var out []field
	for name, vals := range v {
		if slices.Contains(except, name) {
			continue
		}
		for _, val := range vals {
			out = append(out, field{name, val})
		}
	}
	slices.SortStableFunc(out, func(a, b field) int { return cmp.Compare(a.Name, b.Name) })
	return out
}

// searchURL is the search of base with one parameter set (or removed,
// when value is empty) and the page reset.
func searchURL(base url.Values, name, value string) string {
	v := cloneValues(base)
	v.Del("page")
	if name != "" {
		if value == "" {
			v.Del(name)
		} else {
			v.Set(name, value)
		}
	}
	return "/search?" + v.Encode()
}

func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// pageParam reads the page number (1 when absent), refusing one that is
// not a number or starts deeper than maxSearchOffset with pages of size.
func pageParam(v url.Values, size int) (int, error) {
	raw := strings.TrimSpace(v.Get("page"))
	if raw == "" {
		return 1, nil
	}
	last := maxSearchOffset/size + 1
	n, err := strconv.Atoi(raw)
	if err != nil || n < 1 || n > last {
		return 0, badRequest("The page number must be a whole number from 1 to %d.", last)
	}
	return n, nil
}

// shorten cuts s to at most n characters, with "…" when cut.
func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
