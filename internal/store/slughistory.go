package store

import (
	"context"

	"github.com/newsdesk/newsdesk/internal/model"
)

// SlugHistoryStore keeps the former addresses of public articles, so a
// link shared before an editor changed an article's slug still leads to
// it.
//
// When the desk publishes a new slug for an article that already has a
// public row, the old slug is recorded in the same transaction. The
// rules:
//   - A former slug stays reserved for its article: the desk refuses it
//     for any other article (ErrSlugTaken, or the next numbered slug when
//     the scheduler publishes), and ingest numbers an aggregated
//     article's slug around it, exactly as around a live slug.
//   - The article itself may take a former slug back; that removes the
//     record, so the address never redirects to itself.
//   - Records go with their article when it is deleted.
//   - A live slug always wins: readers look an address up as a live slug
//     first and as a former one only when no article has it.
type SlugHistoryStore interface {
	// ArticleByFormerSlug returns, with its content, the article that
	// once answered at slug, unless it is hidden; ErrNotFound otherwise.
	ArticleByFormerSlug(ctx context.Context, slug string) (model.Article, error)
}
