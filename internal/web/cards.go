package web

import (
	"strconv"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
)

// card is an article as listings show it: everything a template needs,
// already turned into links and dates in the site's time zone.
type card struct {
	ID          int64
	URL         string
	Title       string
	Excerpt     string
	Source      string
	SourceURL   string
	Category    string
	CategoryURL string
	Image       string
	Date        stamp
	Comments    int // approved comments
	// Coverage links a front-page story to its full coverage; nil on
	// every other card.
	Coverage *coverageLink
}

// coverageLink is "N sources · Full coverage" under a top story.
type coverageLink struct {
	Sources int
	URL     string // the story page
}

// stamp is a moment as pages print it: machine-readable for <time
// datetime> and worded for people.
type stamp struct {
	ISO   string // RFC 3339 with the site's offset
	Label string // "June 22, 2024"
	Long  string // "Saturday, June 22, 2024, 3:04 PM EDT"
}

func (s *server) stamp(t time.Time) stamp {
	t = t.In(s.settings().Location)
	return stamp{
		ISO:   t.Format(time.RFC3339),
		Label: t.Format("January 2, 2006"),
		Long:  t.Format("Monday, January 2, 2006, 3:04 PM MST"),
	}
}

func (s *server) card(a model.Article) card {
	c := card{
		ID:       a.ID,
		URL:      s.permalink(a),
		Title:    a.Title,
		Excerpt:  a.Excerpt,
		Source:   a.SourceName,
		Category: a.Category,
		Image:    a.ImageURL,
		Date:     s.stamp(a.PublishedAt),
		Comments: a.Comments,
	}
	if a.SourceID > 0 {
		c.SourceURL = "/source/" + strconv.FormatInt(a.SourceID, 10)
	}
	if a.CategorySlug != "" {
		c.CategoryURL = "/category/" + a.CategorySlug
	}
	return c
}

func (s *server) cards(as []model.Article) []card {
	out := make([]card, 0, len(as))
	for _, a := range as {
		out = append(out, s.card(a))
	}
	return out
}
