package store

import (
	"context"

	"github.com/newsdesk/newsdesk/internal/model"
)

// ArticleSourceStore keeps which sources carried each article. An
// article that arrives through several feeds (the same guid from the same
// source, or the same canonical URL or link from any source) is stored
// once; SaveArticles records every other source that brought it. The
// source an article was first stored from is its own SourceID and needs
// no record of its own.
type ArticleSourceStore interface {
	// ArticleSources returns every source that carried the article: the
	// one it was stored from first, then the others in the order they
	// brought it (seen_at, then source ID). A newsroom original lists
	// only the feeds that carried it too. An unknown article is
	// ErrNotFound.
	ArticleSources(ctx context.Context, articleID int64) ([]model.ArticleSource, error)
	// SourceArticleURLs reports which of urls the source has carried
	// already: the URL or canonical URL of an article stored from it or
	// recorded as carried by it, or the link it gave for the latter.
	// Ingest skips those items, and fetches no page for the others it
	// knows (KnownArticleURLs), so they are still recorded as carried by
	// this source. Empty strings are never known.
	SourceArticleURLs(ctx context.Context, sourceID int64, urls []string) (map[string]bool, error)
}

// StoredArticle is the stored article an incoming one duplicates.
type StoredArticle struct {
	ID       int64
	SourceID int64 // the source it was stored from; 0 for a newsroom original
}

// SourceLinker is what a backend does for LinkDuplicate inside the
// transaction of one SaveArticles call.
type SourceLinker interface {
	// Duplicated returns the stored article that a, arriving from the
	// batch's source, duplicates, best match first: one with a's GUID
	// already carried by this source (stored from it, or linked to it),
	// else one with a's canonical URL, else one with a's URL. The URL
	// counts only for an article with a canonical URL, one with a web
	// address: an article without either identifier is never a
	// duplicate. ok is false when there is none.
	Duplicated(ctx context.Context, a model.Article) (found StoredArticle, ok bool, err error)
	// Link records that the batch's source carried the article id too,
	// as a.URL and a.GUID, seen at a.FetchedAt (SaveBatch has filled it
	// in), unless it is recorded already; added says whether it was new.
	Link(ctx context.Context, id int64, a model.Article) (added bool, err error)
}

// LinkDuplicate is the rule behind ArticleWriter.Stored for a backend
// that keeps several sources per article: it reports whether a
// duplicates a stored article and, when that article came from another
// source, records sourceID as carrying it too (linked says a record was
// added). Newsroom articles (sourceID 0) are never linked: the newsroom
// is no feed.
func LinkDuplicate(ctx context.Context, l SourceLinker, sourceID int64, a model.Article) (stored, linked bool, err error) {
	found, ok, err := l.Duplicated(ctx, a)
	if err != nil || !ok {
		return false, false, err
	}
	if sourceID == 0 || found.SourceID == sourceID {
		return true, false, nil
	}
	linked, err = l.Link(ctx, found.ID, a)
	if err != nil {
		return true, false, err
	}
	return true, linked, nil
}
