package web

import (
	"net/url"
	"strconv"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
)

// The JSON shapes of /api/v1. They are declared here rather than taken
// from the model's tags because they are a stable interface of their own:
// they add the site's permalink and spell out nulls.

// listJSON is every list answer: a page of items and the cursor of the
// next page, null on the last.
type listJSON[T any] struct {
	Items []T     `json:"items"`
	Next  *string `json:"next"`
}

func newList[T any](items []T, next string) listJSON[T] {
	l := listJSON[T]{Items: items}
	if l.Items == nil {
		l.Items = []T{}
	}
	if next != "" {
		l.Next = &next
	}
	return l
}

type articleJSON struct {
	ID           int64  `json:"id"`
	URL          string `json:"url"` // the permalink on this site
	OriginalURL  string `json:"original_url"`
	Title        string `json:"title"`
	Excerpt      string `json:"excerpt"`
	PublishedAt  string `json:"published_at"`
	Source       string `json:"source"`
	SourceID     int64  `json:"source_id,omitempty"`
	Category     string `json:"category"`
	CategorySlug string `json:"category_slug"`
	Image        string `json:"image"`
	ImageCredit  string `json:"image_credit"`
	Credit       string `json:"credit"`
	StoryID      *int64 `json:"story_id"`
	// DupOf is the earlier article whose text this one republishes (a
	// wire report run by another outlet), null for original work.
	DupOf    *int64 `json:"dup_of"`
	Byline   string `json:"byline"`
	Kind     string `json:"kind"`
	Language string `json:"language,omitempty"`
	// Comments is the number of approved comments, replies included.
	Comments int `json:"comments"`
}

// articleDetailJSON is one article with its body and every source
// whose feed carried it, the one it was first stored from first.
type articleDetailJSON struct {
	articleJSON
	ContentHTML string              `json:"content_html"`
	Sources     []articleSourceJSON `json:"sources"`
}

// articleSourceJSON is model.ArticleSource with the API's dates.
type articleSourceJSON struct {
	SourceID int64   `json:"source_id"`
	Source   string  `json:"source"`
	URL      string  `json:"url"`     // the article's address in that source's feed
	SeenAt   *string `json:"seen_at"` // when that source first carried it
}

func articleSourcesJSON(srcs []model.ArticleSource) []articleSourceJSON {
	out := make([]articleSourceJSON, 0, len(srcs))
	for _, src := range srcs {
		out = append(out, articleSourceJSON{src.SourceID, src.SourceName, src.URL, optionalTime(src.SeenAt)})
	}
	return out
}

func (s *server) articleJSON(a model.Article) articleJSON {
	j := articleJSON{
		ID:           a.ID,
		URL:          s.absURL(s.permalink(a)),
		OriginalURL:  a.URL,
		Title:        a.Title,
		Excerpt:      a.Excerpt,
		PublishedAt:  a.PublishedAt.UTC().Format(time.RFC3339),
		Source:       a.SourceName,
		SourceID:     a.SourceID,
		Category:     a.Category,
		CategorySlug: a.CategorySlug,
		Image:        a.ImageURL,
		ImageCredit:  a.ImageCredit,
		Credit:       a.Credit,
		Byline:       a.Byline,
		Kind:         string(a.Kind),
		Language:     a.Language,
		Comments:     a.Comments,
	}
	j.StoryID, j.DupOf = optionalID(a.StoryID), optionalID(a.DupOf)
	return j
}

type categoryJSON struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Slug     string `json:"slug"`
	Articles int    `json:"articles"`
	URL      string `json:"url"`
}

func (s *server) categoryJSON(c model.Category) categoryJSON {
	return categoryJSON{c.ID, c.Name, c.Slug, c.Articles, s.absURL("/category/" + url.PathEscape(c.Slug))}
}

type sourceJSON struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	SiteURL  string `json:"site_url"`
	FeedURL  string `json:"feed_url"`
	Category string `json:"category"`
	Articles int    `json:"articles"`
	URL      string `json:"url"` // the source's page on this site
	// IntervalSeconds is the source's own fetch interval; 0 means the
	// site's default.
	IntervalSeconds int64             `json:"interval_seconds"`
	Extract         model.ExtractMode `json:"extract"`
	State           sourceStateJSON   `json:"state"`
}

// sourceStateJSON is the fetch state plus its one-line summary.
type sourceStateJSON struct {
	model.FetchState
	Status string `json:"status"`
}

func (s *server) sourceJSON(src model.Source) sourceJSON {
	return sourceJSON{
		ID:              src.ID,
		Name:            src.Name,
		SiteURL:         src.SiteURL,
		FeedURL:         src.FeedURL,
		Category:        src.Category,
		Articles:        src.Articles,
		URL:             s.absURL("/source/" + strconv.FormatInt(src.ID, 10)),
		IntervalSeconds: int64(src.Interval / time.Second),
		Extract:         src.Extract,
		State:           sourceStateJSON{FetchState: src.State, Status: src.State.Status()},
	}
}
