package store

import (
	"errors"
	"strings"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
)

// PrepareSource checks a source given to AddSource and returns what a
// backend stores: its text cleaned, Created now when unset. A source
// without a feed URL is refused, since the feed URL is what a source is.
func PrepareSource(src model.Source, now time.Time) (model.Source, error) {
	if strings.TrimSpace(src.FeedURL) == "" {
		return model.Source{}, errors.New("empty feed URL")
	}
	src = CleanSource(src)
	if src.Created.IsZero() {
		src.Created = now
	}
	return src, nil
}
