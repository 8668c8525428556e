package web

import (
	"context"
	"fmt"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// publicArticle reads an article by ID for readers: one an editor hid
// is not found, as GetArticleBySlug does not find it either, so every
// public page, feed and API answer leaves it out alike.
func (s *server) publicArticle(ctx context.Context, id int64) (model.Article, error) {
	a, err := s.store.GetArticle(ctx, id)
	if err != nil {
		return model.Article{}, err
	}
	if a.Hidden {
		return model.Article{}, fmt.Errorf("web: article %d is hidden: %w", id, store.ErrNotFound)
	}
	return a, nil
}
