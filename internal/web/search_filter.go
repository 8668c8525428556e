package web

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/search"
	"github.com/newsdesk/newsdesk/internal/store"
)

// maxFilterValues bounds how many categories or sources one search may
// name: more would only make its SQL longer.
const maxFilterValues = 50

// dateWindows maps the date filter's presets to how far back they reach.
var dateWindows = map[string]time.Duration{
	"24h": 24 * time.Hour,
	"7d":  7 * 24 * time.Hour,
	"30d": 30 * 24 * time.Hour,
}

// searchForm is a search's parameters as the URL gives them. The page
// frame reads it leniently to fill the header's form with the reader's
// choices; a search refuses it when problem is set.
type searchForm struct {
	Q          string // cleaned, and cut to what the analyzer reads
	Shortened  bool   // Q was cut
	Exact      bool
	InTitle    bool
	InContent  bool
	InExcerpt  bool
	Categories []string // slugs, in the order given, without repeats
	Sources    []string // source IDs in decimal, as given
	From       string   // 24h, 7d, 30d or a YYYY-MM-DD date
	To         string   // a YYYY-MM-DD date
	Kind       string   // original, aggregated or ""
	Sort       string   // newest or "" (relevance)

	problem string // the first value that cannot be understood, worded for the reader
}

// parseSearchForm reads the search parameters. Multi-valued filters
// (category, source, in) may repeat or list values with commas; empty
// values mean "any", as a form's "All" choice sends them. When "in" names
// no field, all three fields are searched, as the form's defaults say.
// Values it cannot understand are kept for the form and reported in
// f.problem.
func parseSearchForm(v url.Values) searchForm {
	var f searchForm
	f.Q, f.Shortened = cleanQuery(v.Get("q"))
	bad := func(format string, args ...any) {
		if f.problem == "" {
			f.problem = fmt.Sprintf(format, args...)
		}
	}
	switch raw := strings.TrimSpace(v.Get("exact")); raw {
	case "", "0", "false", "off":
	case "1", "true", "on":
		f.Exact = true
	default:
		bad("“Exact matches only” is exact=1, or left out; %s is not a value it takes.", quoteValue(raw))
	}
	for _, field := range listValues(v["in"]) {
		switch field {
		case "title":
			f.InTitle = true
		case "content":
			f.InContent = true
		case "excerpt":
			f.InExcerpt = true
		default:
			bad("Search in title, content or excerpt (in=title,content,excerpt); %s is not one of them.", quoteValue(field))
		}
	}
	if !f.InTitle && !f.InContent && !f.InExcerpt {
		f.InTitle, f.InContent, f.InExcerpt = true, true, true
	}
	for _, slug := range listValues(v["category"]) {
		slug = strings.ToLower(slug)
		if !slices.Contains(f.Categories, slug) {
			f.Categories = append(f.Categories, slug)
		}
	}
	if len(f.Categories) > maxFilterValues {
		bad("A search can name at most %d categories.", maxFilterValues)
	}
	for _, id := range listValues(v["source"]) {
		if n, err := strconv.ParseInt(id, 10, 64); err != nil || n <= 0 {
			bad("The source filter takes source numbers, like source=12; %s is not one.", quoteValue(id))
		}
		if !slices.Contains(f.Sources, id) {
			f.Sources = append(f.Sources, id)
		}
	}
	if len(f.Sources) > maxFilterValues {
		bad("A search can name at most %d sources.", maxFilterValues)
	}
	f.From = strings.TrimSpace(v.Get("from"))
	if _, preset := dateWindows[f.From]; f.From != "" && !preset && !isDate(f.From) {
		bad("The start date must be 24h, 7d, 30d or a date like 2024-06-22; %s is none of these.", quoteValue(f.From))
	}
	f.To = strings.TrimSpace(v.Get("to"))
	if f.To != "" && !isDate(f.To) {
		bad("The end date must be a date like 2024-06-22; %s is not one.", quoteValue(f.To))
	}
	switch f.Kind = strings.TrimSpace(v.Get("kind")); f.Kind {
	case "", string(model.KindOriginal), string(model.KindAggregated):
	default:
		bad("The kind filter is original or aggregated (or left out); %s is neither.", quoteValue(f.Kind))
	}
	switch f.Sort = strings.TrimSpace(v.Get("sort")); f.Sort {
	case "newest":
	case "", "relevance":
		f.Sort = ""
	default:
		bad("Results sort by relevance or newest; %s is neither.", quoteValue(f.Sort))
	}
	return f
}

// cleanQuery makes a query safe to show and parse: invalid UTF-8 and
// control characters become spaces, and it is cut (at a character
// boundary) to what the analyzer reads. shortened reports a cut.
func cleanQuery(q string) (clean string, shortened bool) {
	if len(q) > search.MaxQueryBytes {
		cut := search.MaxQueryBytes
		for cut > 0 && !utf8.RuneStart(q[cut]) {
			cut--
		}
		q, shortened = q[:cut], true
	}
	q = strings.ToValidUTF8(q, " ")
	q = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, q)
	return q, shortened
}

// listValues splits repeated and comma-separated values, trimmed, and
// drops the empty ones.
func listValues(raw []string) []string {
	var out []string
	for _, r := range raw {
		for v := range strings.SplitSeq(r, ",") {
			if v = strings.TrimSpace(v); v != "" {
				out = append(out, v)
			}
		}
	}
	return out
}

// quoteValue quotes a reader's value for a message, shortened when long.
func quoteValue(v string) string {
	v, _ = cleanQuery(v)
	if utf8.RuneCountInString(v) > 40 {
		v = string([]rune(v)[:40]) + "…"
	}
	return "“" + v + "”"
}

func isDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

// Newest reports whether results sort newest first.
func (f searchForm) Newest() bool { return f.Sort == "newest" }

// Filtered reports whether any filter differs from its default, so the
// filters panel opens to show what is narrowing the search.
func (f searchForm) Filtered() bool {
	return f.Exact || !(f.InTitle && f.InContent && f.InExcerpt) ||
		len(f.Categories) > 0 || len(f.Sources) > 0 || f.From != "" || f.To != "" || f.Kind != ""
}

// Category is the first category chosen, which the header's single
// select shows; MoreCategories are the rest, carried along unseen.
func (f searchForm) Category() string { return first(f.Categories) }

// MoreCategories are the categories after the first.
func (f searchForm) MoreCategories() []string { return rest(f.Categories) }

// Source is the first source chosen, as the header's select shows it.
func (f searchForm) Source() string { return first(f.Sources) }

// MoreSources are the sources after the first.
func (f searchForm) MoreSources() []string { return rest(f.Sources) }

func first(vs []string) string {
	if len(vs) == 0 {
		return ""
	}
	return vs[0]
}

func rest(vs []string) []string {
	if len(vs) < 2 {
		return nil
	}
	return vs[1:]
}

// values is the form as URL parameters, in a canonical order and
// without defaults, for links that change one thing about a search.
func (f searchForm) values() url.Values {
	v := url.Values{}
	v.Set("q", strings.TrimSpace(f.Q))
	if f.Exact {
		v.Set("exact", "1")
	}
	if !(f.InTitle && f.InContent && f.InExcerpt) {
		for _, in := range []struct {
			on   bool
			name string
		}{{f.InTitle, "title"}, {f.InContent, "content"}, {f.InExcerpt, "excerpt"}} {
			if in.on {
				v.Add("in", in.name)
			}
		}
	}
	for _, c := range f.Categories {
		v.Add("category", c)
	}
	for _, s := range f.Sources {
		v.Add("source", s)
	}
	for name, val := range map[string]string{"from": f.From, "to": f.To, "kind": f.Kind, "sort": f.Sort} {
		if val != "" {
			v.Set(name, val)
		}
	}
	return v
}

// searchRequest is a search the store can run, with what the page and
// the API say about it.
type searchRequest struct {
	form  searchForm
	query store.SearchQuery
}

// Shortened reports whether the query was cut to the analyzer's limits.
func (r searchRequest) Shortened() bool { return r.form.Shortened || r.query.Query.Truncated }

// noWordsNotice is the notice for a query that cannot match anything.
const noWordsNotice = "Add a word to search for: a search of only exclusions (-word) or of no words at all matches nothing."

// shortenedNotice tells the reader a long query was cut.
var shortenedNotice = fmt.Sprintf("Your search was too long, so only its beginning was used "+
	"(at most %d characters, %d words and %d terms).", search.MaxQueryBytes, search.MaxQueryWords, search.MaxClauses)

// readSearch validates the search parameters of v into a store query.
// live reads the last word as a prefix, since the reader may still be
// typing it. A value it cannot understand, or a category or source that
// does not exist, is a 400 saying which.
func (s *server) readSearch(ctx context.Context, v url.Values, live bool) (searchRequest, error) {
	f := parseSearchForm(v)
	if f.problem != "" {
		return searchRequest{}, badRequest("%s", f.problem)
	}
	if err := s.checkFilters(ctx, f); err != nil {
		return searchRequest{}, err
	}
	q := store.SearchQuery{
		Query:      s.analyzer.Parse(matchingText(f.Q, f.Exact, live), search.ParseOptions{PrefixLast: live}),
		Exact:      f.Exact,
		Categories: f.Categories,
		Kind:       model.Kind(f.Kind),
		Newest:     f.Newest(),
		HalfLife:   s.halfLife,
		Now:        s.now(),
	}
	for _, in := range []struct {
		on    bool
		field store.SearchFields
	}{{f.InTitle, store.FieldTitle}, {f.InExcerpt, store.FieldExcerpt}, {f.InContent, store.FieldContent}} {
		if in.on {
			q.Fields |= in.field
		}
	}
	for _, src := range f.Sources {
		id, _ := strconv.ParseInt(src, 10, 64) // checked by parseSearchForm
		q.Sources = append(q.Sources, id)
	}
	loc := s.settings().Location
	if d, ok := dateWindows[f.From]; ok {
		q.Since = q.Now.Add(-d)
	} else if f.From != "" {
		q.Since, _ = time.ParseInLocation(time.DateOnly, f.From, loc) // checked by parseSearchForm
	}
	if f.To != "" {
		day, _ := time.ParseInLocation(time.DateOnly, f.To, loc)
		q.Until = day.AddDate(0, 0, 1) // the whole end day
	}
	if !q.Since.IsZero() && !q.Until.IsZero() && !q.Since.Before(q.Until) {
		return searchRequest{}, badRequest("The start date must come before the end date.")
	}
	return searchRequest{form: f, query: q}, nil
}

// checkFilters makes sure every category and source a search names
// exists, so a mistyped filter is reported instead of finding nothing.
// The header's cached lists answer most of them; the store the rest.
func (s *server) checkFilters(ctx context.Context, f searchForm) error {
	if len(f.Categories) == 0 && len(f.Sources) == 0 {
		return nil
	}
	cats, srcs, _ := s.nav.get(ctx) // a failure leaves the store to answer
	for _, slug := range f.Categories {
		if slices.ContainsFunc(cats, func(c model.Category) bool { return c.Slug == slug }) {
			continue
		}
		if _, err := s.store.GetCategoryBySlug(ctx, slug); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return badRequest("There is no category %s.", quoteValue(slug))
			}
			return fmt.Errorf("web: check category filter: %w", err)
		}
	}
	for _, raw := range f.Sources {
		id, _ := strconv.ParseInt(raw, 10, 64)
		if slices.ContainsFunc(srcs, func(src model.Source) bool { return src.ID == id }) {
			continue
		}
		if _, err := s.store.GetSource(ctx, id); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return badRequest("There is no source number %d.", id)
			}
			return fmt.Errorf("web: check source filter: %w", err)
		}
	}
	return nil
}

// matchingText is the text to parse for q. "Exact matches only" reads
// the query as written: whole words, no stemming, and, unless the reader
// used quotes or operators of their own, all of it as one phrase, so
// "harbor ferry" finds those words together and in that order. While
// the reader types (live), the phrase is left open, so its last word
// stays a prefix.
func matchingText(q string, exact, live bool) string {
	q = strings.TrimLeftFunc(q, unicode.IsSpace)
	if !live {
		q = strings.TrimRightFunc(q, unicode.IsSpace)
	}
	if !exact || q == "" || hasOperators(q) {
		return q
	}
	if live {
		return `"` + q
	}
	return `"` + q + `"`
}

// hasOperators reports whether q uses the query language's operators: a
// quote, a star, OR, or a minus that starts a word.
func hasOperators(q string) bool {
	if strings.ContainsAny(q, `"*`) {
		return true
	}
	for i, w := range strings.Fields(q) {
		if strings.HasPrefix(w, "-") || (w == "OR" && i > 0) {
			return true
		}
	}
	return false
}
