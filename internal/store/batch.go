package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
)

// ArticleWriter is what a backend does for SaveBatch inside the single
// transaction of one SaveArticles call: the SQL of its dialect, nothing
// more. SaveBatch holds the rules, so every backend follows the same ones.
type ArticleWriter interface {
	// Stored reports whether a's (source, GUID) or canonical URL is
	// stored already.
	Stored(ctx context.Context, a model.Article) (bool, error)
	// Category returns the ID of the category with this slug, creating
	// it under name when there is none.
	Category(ctx context.Context, name, slug string) (int64, error)
	// TakenSlugs returns which of base and base-* are stored already as
	// article slugs; other slugs may be included.
	TakenSlugs(ctx context.Context, base string) (map[string]bool, error)
	// Insert stores a under slug, filed in the category categoryID (0 for
	// none), and returns its new ID.
	Insert(ctx context.Context, a model.Article, slug string, categoryID int64) (int64, error)
}

// SaveBatch stores the articles of one SaveArticles call through w, in
// order. It cleans each article's text, skips and counts duplicates (of
// stored articles or of earlier ones in the batch), fills in the defaults
// (Kind "aggregated", FetchedAt now, PublishedAt = FetchedAt when unknown,
// since the newest-first order needs a date), and gives each article a
// free slug from its Slug or else its title. On error the result is zero
// and the caller must roll its transaction back.
func SaveBatch(ctx context.Context, w ArticleWriter, articles []model.Article, now time.Time) (SaveResult, error) {
	b := batch{
		w: w, now: now.UTC().Truncate(time.Microsecond),
		guids: map[string]bool{}, canonicals: map[string]bool{}, categories: map[string]int64{},
	}
	var res SaveResult
	for _, a := range articles {
		id, err := b.save(ctx, CleanArticle(a))
		if err != nil {
			return SaveResult{}, fmt.Errorf("save article %q: %w", a.Title, err)
		}
		if id == 0 {
			res.Duplicates++
			continue
		}
		res.Inserted++
		res.IDs = append(res.IDs, id)
	}
	return res, nil
}

// batch is the state of one SaveBatch call.
type batch struct {
	w          ArticleWriter
	now        time.Time        // microseconds, as both backends keep
	guids      map[string]bool  // GUIDs seen earlier in the batch
	canonicals map[string]bool  // canonical URLs seen earlier in the batch
	categories map[string]int64 // IDs by slug, looked up once a batch
}

// save inserts one article and returns its ID, or 0 for a duplicate.
func (b *batch) save(ctx context.Context, a model.Article) (int64, error) {
	if (a.GUID != "" && b.guids[a.GUID]) || (a.CanonicalURL != "" && b.canonicals[a.CanonicalURL]) {
		return 0, nil
	}
	// The defaults come first: a duplicate from another source is
	// recorded as seen at its FetchedAt (SourceLinker.Link).
	a = b.withDefaults(a)
	dup, err := b.w.Stored(ctx, a)
	if err != nil {
		return 0, fmt.Errorf("check duplicate: %w", err)
	}
	if dup {
		return 0, nil
	}
	catID, err := b.category(ctx, a.Category)
	if err != nil {
		return 0, err
	}
	slug, err := b.freeSlug(ctx, a)
	if err != nil {
		return 0, err
	}
	id, err := b.w.Insert(ctx, a, slug, catID)
	if err != nil {
		return 0, fmt.Errorf("insert: %w", err)
	}
	if a.GUID != "" {
		b.guids[a.GUID] = true
	}
	if a.CanonicalURL != "" {
		b.canonicals[a.CanonicalURL] = true
	}
	return id, nil
}

func (b *batch) withDefaults(a model.Article) model.Article {
	if a.Kind == "" {
		a.Kind = model.KindAggregated
	}
	if a.FetchedAt.IsZero() {
		a.FetchedAt = b.now
	}
	if a.PublishedAt.IsZero() {
		a.PublishedAt = a.FetchedAt
	}
	return a
}

// category finds or creates the category named name; "" is no category.
func (b *batch) category(ctx context.Context, name string) (int64, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return 0, nil
	}
	slug := model.Slugify(name, 60)
	if id, ok := b.categories[slug]; ok {
		return id, nil
	}
	id, err := b.w.Category(ctx, name, slug)
	if err != nil {
		return 0, fmt.Errorf("category %q: %w", name, err)
	}
	b.categories[slug] = id
	return id, nil
}

// freeSlug returns the article's slug base, or base-2, base-3...
// whichever is free first.
func (b *batch) freeSlug(ctx context.Context, a model.Article) (string, error) {
	base := a.Slug
	if base == "" {
		base = a.Title
	}
	base = model.Slugify(base, 80)
	taken, err := b.w.TakenSlugs(ctx, base)
	if err != nil {
		return "", fmt.Errorf("slug: %w", err)
	}
	return FreeSlug(base, taken), nil
}

// FreeSlug returns base, or base-2, base-3... whichever taken does not
// hold: the rule for an aggregated article's slug, and for a desk
// article's when the scheduler publishes it under a slug taken since.
func FreeSlug(base string, taken map[string]bool) string {
	if !taken[base] {
		return base
	}
	for n := 2; ; n++ {
		if s := base + "-" + strconv.Itoa(n); !taken[s] {
			return s
		}
	}
}
