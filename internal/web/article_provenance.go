package web

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// Where an article page says its text comes from: the report a wire
// copy republishes ("Originally published by") and the feeds that
// carried this very article ("Carried by A, B and C").

// maxOriginalHops bounds how far a copy's page follows a copy of a copy
// to the report that started it; clustering links a copy to the best
// match it saw, which is now and then a copy itself.
const maxOriginalHops = 4

// carrier is one source whose feed carried an article.
type carrier struct {
	Name         string
	SourceURL    string // the source's page on this site
	OriginalURL  string // the article's address in that source's feed
	OriginalHost string // the link's text: the host, else "original"
	// Sep joins it to the carrier before it: "", "," or " and".
	Sep string
}

// addProvenance fills the page's Original, for a copy of another
// outlet's report, and Carriers, when more than one feed carried the
// article. It costs one indexed read, and one more by ID for a copy.
func (s *server) addProvenance(ctx context.Context, a model.Article, p *articlePage) error {
	orig, err := s.originalOf(ctx, a)
	if err != nil {
		return err
	}
	if orig.ID != 0 && orig.SourceID != a.SourceID {
		// An outlet rerunning its own text is no news.
		rep := s.report(orig)
		// The newsroom's own work has no source to name but the site.
		rep.Source = firstNonEmpty(rep.Source, s.settings().Name)
		p.Original = &rep
	}
	srcs, err := s.store.ArticleSources(ctx, a.ID)
	if errors.Is(err, store.ErrNotFound) {
		return nil // deleted since it was read: nothing carried it
	}
	if err != nil {
		return fmt.Errorf("web: sources of article %d: %w", a.ID, err)
	}
	p.Carriers = carriers(srcs)
	return nil
}

// originalOf returns the report a copy republishes, following a copy of
// a copy for up to maxOriginalHops reads; the last one found when the
// chain goes on, loops or reaches an article that is gone, and zero for
// original work.
func (s *server) originalOf(ctx context.Context, a model.Article) (model.Article, error) {
	var orig model.Article
	seen := map[int64]bool{a.ID: true}
	for next := a.DupOf; next != 0 && !seen[next] && len(seen) <= maxOriginalHops; next = orig.DupOf {
		seen[next] = true
		o, err := s.publicArticle(ctx, next)
		if errors.Is(err, store.ErrNotFound) {
			break // keep the last one found (a hidden one is not shown)
		}
		if err != nil {
			return model.Article{}, fmt.Errorf("web: original %d of article %d: %w", next, a.ID, err)
		}
		orig = o
	}
	return orig, nil
}

// carriers lists the sources of an article for "Carried by"; nil when
// only one source carried it, which its credit line names already.
func carriers(srcs []model.ArticleSource) []carrier {
	if len(srcs) < 2 {
		return nil
	}
	out := make([]carrier, 0, len(srcs))
	for i, src := range srcs {
		host := hostOf(src.URL)
		c := carrier{
			Name:         firstNonEmpty(src.SourceName, host, "Source "+strconv.FormatInt(src.SourceID, 10)),
			OriginalURL:  src.URL,
			OriginalHost: firstNonEmpty(host, "original"),
		}
		if src.SourceID > 0 {
			c.SourceURL = "/source/" + strconv.FormatInt(src.SourceID, 10)
		}
		switch {
		case i == 0:
		case i == len(srcs)-1:
			c.Sep = " and"
		default:
			c.Sep = ","
		}
		out = append(out, c)
	}
	return out
}
