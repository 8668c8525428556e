package web

import (
	"context"
	"errors"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// originalParts is what the page of a newsroom original shows besides
// an aggregated article's: the photo's caption, the source credit (with
// or without a link), the report it is based on, its tags, and when it
// was last updated.
type originalParts struct {
	Caption string
	// BasedOn is the aggregated article the original was written from
	// ("Based on reporting by <outlet>"); nil for none.
	BasedOn *report
	Tags    []string
	// Updated is set when the article was edited after publication.
	Updated *stamp
}

// addOriginal fills the parts of an original's page; aggregated
// articles have none.
func (s *server) addOriginal(ctx context.Context, a model.Article, p *articlePage) error {
	if a.Kind != model.KindOriginal {
		return nil
	}
	p.Caption, p.Tags = a.ImageCaption, a.Tags
	if a.Credit != "" {
		p.CreditName, p.CreditURL = a.Credit, a.CreditURL
	}
	if a.UpdatedAt.After(a.PublishedAt) {
		st := s.stamp(a.UpdatedAt)
		p.Updated = &st
	}
	if a.BasedOn == 0 {
		return nil
	}
	src, err := s.publicArticle(ctx, a.BasedOn)
	if errors.Is(err, store.ErrNotFound) {
		return nil // hidden or gone since: the credit line still names the outlet
	}
	if err != nil {
		return err
	}
	p.BasedOn = &report{ID: src.ID, Title: src.Title, URL: s.permalink(src),
		Source: firstNonEmpty(src.SourceName, src.Credit, hostOf(src.URL)), OriginalURL: src.URL}
	return nil
}
