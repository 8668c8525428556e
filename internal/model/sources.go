package model

import "time"

// ArticleSource is one source that carried an article: the one it was
// first stored from, or another feed that brought the same article
// later (the same canonical URL or link), which is recorded instead of
// storing the article twice.
type ArticleSource struct {
	SourceID   int64     `json:"source_id"`
	SourceName string    `json:"source"`
	URL        string    `json:"url"`     // the article's address in this source's feed
	SeenAt     time.Time `json:"seen_at"` // when this source first carried it
}
