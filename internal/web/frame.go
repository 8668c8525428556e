package web

import (
	"context"
	"fmt"
	"html"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/site"
	"github.com/newsdesk/newsdesk/internal/store"
)

// frame is what the header, navigation and footer of every page show.
type frame struct {
	Site        site.Settings
	Title       string // the page's own title; empty on the home page
	Canonical   string // absolute URL of the page, empty when it has none
	Description string // summary for link previews; may be empty
	Image       string // picture for link previews; may be empty
	// Meta is the page's Open Graph type, article tags and structured
	// data (meta.go); nil for a plain page.
	Meta *pageMeta
	// Feeds are the page's alternate feeds, announced in its head.
	Feeds      []feedLink
	TodayISO   string
	TodayLabel string // "Saturday, June 22, 2024"
	Year       int
	Phone      phoneLink
	Categories []model.Category
	Search     searchForm
	// FiltersOpen opens the header's filters panel: when filters narrow
	// the search, except on a results page, whose own filters show them.
	FiltersOpen bool
	CategoryOpt []option
	SourceOpt   []option
	DateOpt     []option
}

// feedLink is a feed a page announces with <link rel="alternate">.
type feedLink struct {
	Type, Title, Href string
}

// option is one entry of a select in the search filters.
type option struct {
	Value, Label string
	Selected     bool
}

// frame builds the shared page frame. It never fails: when the category
// and source lists cannot be read, the page renders without them, which
// keeps error pages working while the database is down.
func (s *server) frame(r *http.Request, canonicalPath, title string) frame {
	st := s.settings()
	today := s.now().In(st.Location)
	f := frame{
		Site:       st,
		Title:      title,
		TodayISO:   today.Format(time.DateOnly),
		TodayLabel: today.Format("Monday, January 2, 2006"),
		Year:       today.Year(),
		Phone:      newPhoneLink(st.Phone),
		Search:     parseSearchForm(r.URL.Query()),
		DateOpt:    append([]option(nil), dateOptions...),
	}
	f.FiltersOpen = f.Search.Filtered()
	if canonicalPath != "" {
		f.Canonical = st.BaseURL + canonicalPath
	}
	f.Feeds = s.pageFeeds(r, canonicalPath, title)
	cats, srcs, err := s.nav.get(r.Context())
	switch {
	case err != nil && store.IsUnavailable(err):
		// The outage is logged once where requests are answered 503;
		// the error page of each would otherwise log it again.
		s.log.Debug("web: navigation unavailable", "err", err)
	case err != nil:
		s.log.Warn("web: navigation unavailable", "err", err)
	}
	for _, c := range cats {
		if c.Articles > 0 {
			f.Categories = append(f.Categories, c)
		}
	}
	f.CategoryOpt = append(f.CategoryOpt, option{Value: "", Label: "All sections"})
	for _, c := range f.Categories {
		f.CategoryOpt = append(f.CategoryOpt, option{c.Slug, c.Name, c.Slug == f.Search.Category()})
	}
	f.SourceOpt = append(f.SourceOpt, option{Value: "", Label: "All sources"})
	for _, src := range srcs {
		id := strconv.FormatInt(src.ID, 10)
		f.SourceOpt = append(f.SourceOpt, option{id, sourceLabel(src), id == f.Search.Source()})
	}
	preset := false
	for i := range f.DateOpt {
		f.DateOpt[i].Selected = f.DateOpt[i].Value == f.Search.From
		preset = preset || f.DateOpt[i].Selected
	}
	if !preset && f.Search.From != "" {
		// A custom start date from a shared URL stays chosen in the form.
		f.DateOpt = append(f.DateOpt, option{f.Search.From, "Since " + f.Search.From, true})
	}
	return f
}

// dateOptions are the "from" choices of the date filter; frame marks the
// selected one on its own copy, never on this shared table.
var dateOptions = []option{
	{Value: "", Label: "Any time"},
	{Value: "24h", Label: "Past 24 hours"},
	{Value: "7d", Label: "Past week"},
	{Value: "30d", Label: "Past month"},
}

// sourceLabel names a source for people even before its feed told us its name.
func sourceLabel(src model.Source) string {
	if src.Name != "" {
		return src.Name
	}
	return src.FeedURL
}

// phoneLink is the contact number as a tel: link. Both parts are written
// out by hand because html/template refuses tel: URLs and would print
// every "+" as "&#43;", which readers' tools that scan the page for a
// phone number do not all understand.
type phoneLink struct {
	Href template.HTMLAttr // `href="tel:+15550100"`; empty when there is no number
	Text template.HTML     // the number as the settings spell it, escaped
}

// newPhoneLink keeps only what a dialer understands in the href: digits
// and a leading +. Nothing else can reach the attribute, so it is safe.
func newPhoneLink(phone string) phoneLink {
	var b strings.Builder
	for i, r := range strings.TrimSpace(phone) {
		if (r >= '0' && r <= '9') || (r == '+' && i == 0) {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return phoneLink{}
	}
	return phoneLink{
		Href: template.HTMLAttr(`href="tel:` + b.String() + `"`),
		Text: template.HTML(html.EscapeString(phone)),
	}
}

// navCache keeps the category and source lists every header shows, so a
// page view costs one article query rather than three. Once the lists
// are older than the TTL they are read again in the background while
// requests go on with the old ones: counting a million articles per
// category takes tens of milliseconds, which one request every TTL would
// otherwise wait for.
type navCache struct {
	store Store
	ttl   time.Duration
	now   func() time.Time

	mu         sync.Mutex
	loaded     time.Time
	refreshing bool
	cats       []model.Category
	srcs       []model.Source
}

func newNavCache(st Store, ttl time.Duration, now func() time.Time) *navCache {
	return &navCache{store: st, ttl: ttl, now: now}
}

// get returns the lists. The first call reads them; later ones return
// what was read, starting a refresh once it is older than the TTL (a
// negative TTL reads them on every call). On a read error it returns the
// last good lists with the error.
func (c *navCache) get(ctx context.Context) ([]model.Category, []model.Source, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ttl > 0 && !c.loaded.IsZero() {
		if c.now().Sub(c.loaded) >= c.ttl && !c.refreshing {
			c.refreshing = true
			go c.refresh()
		}
		return c.cats, c.srcs, nil
	}
	cats, srcs, err := c.read(ctx)
	if err != nil {
		return c.cats, c.srcs, err
	}
	c.cats, c.srcs, c.loaded = cats, srcs, c.now()
	return cats, srcs, nil
}

// refresh reads the lists again, keeping the old ones if that fails.
func (c *navCache) refresh() {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cats, srcs, err := c.read(ctx)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.refreshing = false
	if err == nil {
		c.cats, c.srcs, c.loaded = cats, srcs, c.now()
	}
}

func (c *navCache) read(ctx context.Context) ([]model.Category, []model.Source, error) {
	cats, err := c.store.ListCategories(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("web: list categories: %w", err)
	}
	srcs, err := c.store.ListSources(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("web: list sources: %w", err)
	}
	return cats, srcs, nil
}
