package store

import "github.com/newsdesk/newsdesk/internal/model"

// NextPage cuts a listing fetched with one row more than limit (the
// newest-first query's LIMIT limit+1) to limit rows, and returns the cursor
// of the page after it: "" when the extra row did not come, as there is no
// next page then. Fetching one more row answers "is there more?" without a
// second query.
func NextPage(items []model.Article, limit int) ([]model.Article, string) {
	if limit <= 0 || len(items) <= limit {
		return items, ""
	}
	items = items[:limit]
	last := items[limit-1]
	return items, Cursor{PublishedAt: last.PublishedAt, ID: last.ID}.Encode()
}
