package store

import "github.com/newsdesk/newsdesk/internal/model"

// NextPage cuts a listing fetched with one row more than limit (the
// newest-first query's LIMIT limit+1) to limit rows, and returns the cursor
// of the page after it: "" when the extra row did not come, as there is no
// next page then. Fetching one more row answers "is there more?" without a
// second query.
func NextPage(items []model.Article, limit int) ([]model.Article, string) {
	return nextPage(items, limit, func(a model.Article) Cursor { return Cursor{PublishedAt: a.PublishedAt, ID: a.ID} })
}

// nextPage is NextPage for any listing: key gives the cursor of a row,
// its (time, ID) in the listing's order. Every Next*Page uses it.
func nextPage[T any](items []T, limit int, key func(T) Cursor) ([]T, string) {
	if limit <= 0 || len(items) <= limit {
		return items, ""
	}
	items = items[:limit]
	return items, key(items[limit-1]).Encode()
}
