package store

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/newsdesk/newsdesk/internal/model"
)

// CurationStore keeps what editors decide about what readers see: hidden
// and featured articles, an article's category, hidden and pinned
// stories, and disabled sources.
//
// A hidden article stays stored but leaves every public read: listings,
// search, GetArticleBySlug, a story's articles, sources and entities,
// and the counts, lead, photo and category of its story. GetArticle
// still returns it (with Hidden set) for the editorial desk. A hidden
// story leaves ListStories, EntityStories and PinnedStories; GetStory
// still returns it, with Hidden set, for callers to refuse.
type CurationStore interface {
	// SetArticleHidden hides an article or shows it again, and refreshes
	// its story. ErrNotFound when there is no such article.
	SetArticleHidden(ctx context.Context, id int64, hidden bool) error
	// SetArticleFeatured features an article as of at (one featured
	// already keeps its time) or, with featured false, unfeatures it.
	SetArticleFeatured(ctx context.Context, id int64, featured bool, at time.Time) error
	// FeaturedArticles returns up to limit (1..MaxLimit) featured
	// articles that are not hidden, the most recently featured first.
	FeaturedArticles(ctx context.Context, limit int) ([]model.Article, error)
	// HiddenArticles returns a page of hidden articles, newest first.
	// Of the filter only CategorySlug, SourceID, Limit and Cursor apply.
	HiddenArticles(ctx context.Context, f ArticleFilter) ([]model.Article, string, error)
	// SetArticleCategory files an article under the category named name
	// (see CategoryName), creating it when new; "" files it under none.
	// It returns the category (zero when none). The story's category,
	// the most common of its articles', is recomputed at once. Nothing
	// else writes an article's category after it is stored, so the
	// choice stays.
	SetArticleCategory(ctx context.Context, id int64, name string) (model.Category, error)

	// SetStoryHidden hides a story or shows it again.
	SetStoryHidden(ctx context.Context, id int64, hidden bool) error
	// PinStory pins a story after every pinned one; at is the earliest
	// pin time it may take. A pinned story keeps its place.
	PinStory(ctx context.Context, id int64, at time.Time) error
	// UnpinStory unpins a story; unpinning one that is not pinned is no
	// error.
	UnpinStory(ctx context.Context, id int64) error
	// ReorderPins puts the pinned stories ids first, in that order, and
	// the other pinned stories after them in their order. IDs that are
	// not pinned stories are ignored.
	ReorderPins(ctx context.Context, ids []int64) error
	// PinnedStories returns the pinned stories readers can see (not
	// hidden, not folded, with articles), in pin order.
	PinnedStories(ctx context.Context) ([]model.Story, error)
	// HiddenStories returns up to limit (1..MaxLimit) hidden stories,
	// most recently updated first.
	HiddenStories(ctx context.Context, limit int) ([]model.Story, error)

	// SetSourceDisabled stops fetching a source or resumes it: a source
	// enabled again is due at once (at now).
	SetSourceDisabled(ctx context.Context, id int64, disabled bool, now time.Time) error
	// SetSourceCategory sets the category (a name, see CategoryName;
	// "" for none) the source's articles are filed under from its next
	// fetch on; articles stored already keep theirs.
	SetSourceCategory(ctx context.Context, id int64, category string) error
}

// MaxCategoryName bounds a category name an editor types.
const MaxCategoryName = 60

// CategoryName cleans a category name given by an editor and returns it
// with its slug, the key articles are filed under; "" (after trimming)
// is no category. A name too long, or without a letter or digit, is
// refused.
func CategoryName(name string) (clean, slug string, err error) {
	clean = strings.Join(strings.Fields(Clean(name)), " ")
	if clean == "" {
		return "", "", nil
	}
	if utf8.RuneCountInString(clean) > MaxCategoryName {
		return "", "", fmt.Errorf("a category name has at most %d characters", MaxCategoryName)
	}
	slug = model.Slugify(clean, 60)
	if EntitySlug(clean) == "" {
		return "", "", fmt.Errorf("category name %q has no letter or digit", clean)
	}
	return clean, slug, nil
}

// PinOrder returns the pinned stories (pinned, in their current order)
// reordered as ReorderPins promises: the IDs of want that are pinned
// first, in want's order, then the others as they were.
func PinOrder(pinned, want []int64) []int64 {
	isPinned := make(map[int64]bool, len(pinned))
	for _, id := range pinned {
		isPinned[id] = true
	}
	out := make([]int64, 0, len(pinned))
	placed := map[int64]bool{}
	for _, id := range want {
		if isPinned[id] && !placed[id] {
			placed[id] = true
			out = append(out, id)
		}
	}
	for _, id := range pinned {
		if !placed[id] {
			out = append(out, id)
		}
	}
	return out
}
