package readerapi

import (
	"context"
	"strings"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// feed is one subscription as apps see it: a source that is not
// disabled, or the newsroom's own articles (ID 0).
type feed struct {
	ID      int64
	Title   string
	FeedURL string
	SiteURL string
	// Label is the section the source files its articles under (its
	// category), "" when it has none; LabelID its ID when the section
	// exists.
	Label   string
	LabelID int64
	Updated time.Time
}

// catalog is every subscription and section, read once per request.
type catalog struct {
	feeds  []feed
	byID   map[int64]int // index in feeds
	byURL  map[string]int
	labels []model.Category // sections with articles, by name
	byName map[string]model.Category
	byCat  map[int64]model.Category
}

// newsroomFeedPath is the newsroom's feed on the site.
const newsroomFeedPath = "/feed.rss"

// catalog reads the subscriptions and sections.
func (h *Handler) catalog(ctx context.Context) (*catalog, error) {
	srcs, err := h.st.ListSources(ctx)
	if err != nil {
		return nil, err
	}
	cats, err := h.st.ListCategories(ctx)
	if err != nil {
		return nil, err
	}
	c := &catalog{byID: map[int64]int{}, byURL: map[string]int{}, byName: map[string]model.Category{}, byCat: map[int64]model.Category{}}
	for _, cat := range cats {
		c.byName[cat.Name] = cat
		c.byCat[cat.ID] = cat
		if cat.Articles > 0 {
			c.labels = append(c.labels, cat)
		}
	}
	// The newsroom's feed, when it has published anything readers see.
	own, err := h.st.ReaderItems(ctx, store.ReaderQuery{Newsroom: true, Limit: 1, IDsOnly: true})
	if err != nil {
		return nil, err
	}
	if len(own) > 0 {
		st := h.settings()
		base := strings.TrimRight(st.BaseURL, "/")
		name := st.Name
		if name == "" {
			name = "Newsroom"
		}
		c.add(feed{ID: 0, Title: name, FeedURL: base + newsroomFeedPath, SiteURL: base + "/", Updated: own[0].Article.FetchedAt})
	}
	for _, s := range srcs {
		if s.Disabled {
			continue
		}
		f := feed{ID: s.ID, Title: s.Name, FeedURL: s.FeedURL, SiteURL: s.SiteURL, Label: s.Category, Updated: s.State.LastSuccessAt}
		if f.Title == "" {
			f.Title = s.FeedURL
		}
		if cat, ok := c.section(s.Category); ok {
			f.Label, f.LabelID = cat.Name, cat.ID
		}
		c.add(f)
	}
	return c, nil
}

func (c *catalog) add(f feed) {
	c.byID[f.ID] = len(c.feeds)
	c.byURL[f.FeedURL] = len(c.feeds)
	c.feeds = append(c.feeds, f)
}

// feed returns the subscription with an ID.
func (c *catalog) feed(id int64) (feed, bool) {
	i, ok := c.byID[id]
	if !ok {
		return feed{}, false
	}
	return c.feeds[i], true
}

// section finds a section by name, exactly or else ignoring case.
func (c *catalog) section(name string) (model.Category, bool) {
	if name == "" {
		return model.Category{}, false
	}
	if cat, ok := c.byName[name]; ok {
		return cat, true
	}
	for n, cat := range c.byName {
		if strings.EqualFold(n, name) {
			return cat, true
		}
	}
	return model.Category{}, false
}

// feedsIn lists the IDs of the subscriptions filed under a section.
func (c *catalog) feedsIn(catID int64) []int64 {
	var out []int64
	for _, f := range c.feeds {
		if f.LabelID == catID {
			out = append(out, f.ID)
		}
	}
	return out
}
