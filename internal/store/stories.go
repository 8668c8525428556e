package store

import (
	"context"
	"strings"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
)

// StoryStore keeps what clustering decides: each article's story, the
// stories' headlines and counts, and the entities articles mention.
//
// Clustering runs behind ingest: every stored article starts out pending,
// a clustering worker reads pending articles in publication
// order (PendingClustering), assigns them and stores the outcome
// (ApplyClustering), which clears the pending mark. Ingest never waits
// for it.
type StoryStore interface {
	// PendingClustering returns up to limit articles that clustering has
	// not seen yet, first published first, with their plain text: the
	// engine reads a new source's backlog in the order events happened.
	PendingClustering(ctx context.Context, limit int) ([]model.Article, error)
	// EachClustered calls fn, oldest first, for every article published
	// at or after since that clustering has assigned to a story, with its
	// plain text: a restarting worker replays them to rebuild its state.
	EachClustered(ctx context.Context, since time.Time, fn func(model.Article) error) error
	// MaxStoryID returns the highest story ID handed out (0 when none).
	MaxStoryID(ctx context.Context) (int64, error)
	// ApplyClustering stores one batch of assignments in one
	// transaction: each article's story and near-duplicate original,
	// stories folded into others, the entities the articles mention, and
	// the headline, counts, first report and category of every story the
	// batch touched. Articles it names that no longer exist are skipped.
	ApplyClustering(ctx context.Context, batch []StoryAssignment) error

	// GetStory returns a story. A story folded into another still
	// answers, with MergedInto set.
	GetStory(ctx context.Context, id int64) (model.Story, error)
	// ListStories returns a page of stories (not folded ones), most
	// recently updated first, and the cursor of the next page.
	ListStories(ctx context.Context, f StoryFilter) ([]model.Story, string, error)
	// StoryArticles returns a story's articles, first published first,
	// without bodies (at most MaxStoryArticles).
	StoryArticles(ctx context.Context, storyID int64) ([]model.Article, error)
	// StorySources returns the outlets that covered a story, with their
	// article counts, the first to report first.
	StorySources(ctx context.Context, storyID int64) ([]model.StorySource, error)
	// StoryEntities returns the entities a story's articles mention most,
	// at most limit of them.
	StoryEntities(ctx context.Context, storyID int64, limit int) ([]model.Entity, error)
	// ArticleEntities returns the entities tagged on an article, most
	// mentioned first.
	ArticleEntities(ctx context.Context, articleID int64) ([]model.Entity, error)
	// GetEntityBySlug returns an entity with its article count.
	GetEntityBySlug(ctx context.Context, slug string) (model.Entity, error)
	// EntityStories returns a page of the stories whose articles mention
	// an entity, most recently updated first.
	EntityStories(ctx context.Context, entityID int64, f StoryFilter) ([]model.Story, string, error)
	// NearDuplicates returns the articles that republish an article's
	// text (their DupOf is articleID), first published first.
	NearDuplicates(ctx context.Context, articleID int64) ([]model.Article, error)
}

// MaxStoryArticles bounds the articles a story page lists.
const MaxStoryArticles = 500

// StoryAssignment is what clustering decided for one article.
type StoryAssignment struct {
	ArticleID int64
	// StoryID is the article's story; 0 leaves it in none.
	StoryID int64
	// DupOf is an earlier article with nearly the same text, else 0.
	DupOf int64
	// Merged lists stories folded into StoryID: their articles move to
	// it and they answer with MergedInto from then on.
	Merged []int64
	// Lead is the story's representative article (its headline is the
	// story's); 0 keeps the first reported one.
	Lead     int64
	Entities []EntityMention
}

// EntityMention is one entity an article mentions.
type EntityMention struct {
	Name  string
	Kind  model.EntityKind
	Count int
}

// StoryFilter selects stories for a listing. Zero values mean "any".
type StoryFilter struct {
	Since      time.Time // updated at or after
	MinSources int       // covered by at least this many outlets
	Limit      int       // 1..100; 0 means 20
	Cursor     string
}

// NextStoryPage trims a listing fetched with limit+1 rows to limit and
// returns the cursor of the next page ("" when there is none). Story
// listings are ordered by (LastPublished, ID) descending.
func NextStoryPage(items []model.Story, limit int) ([]model.Story, string) {
	return nextPage(items, limit, func(st model.Story) Cursor { return Cursor{PublishedAt: st.LastPublished, ID: st.ID} })
}

// maxEntityName bounds a stored entity name; longer ones are not names.
const maxEntityName = 120

// EntitySlug is the key an entity is stored and linked under: names
// that differ only in case, accents or punctuation are one entity. It
// returns "" for a name with no letters or digits in ASCII after
// folding, which is left untagged rather than lumped together.
func EntitySlug(name string) string {
	slug := model.Slugify(name, 80)
	if slug == "item" && !strings.Contains(strings.ToLower(name), "item") {
		return ""
	}
	return slug
}

// CleanMentions drops mentions that cannot be stored (blank, overlong,
// unsluggable names; unknown kinds become "other") and folds those that
// share a slug, adding their counts.
func CleanMentions(ms []EntityMention) []EntityMention {
	out := make([]EntityMention, 0, len(ms))
	at := map[string]int{}
	for _, m := range ms {
		m.Name = strings.Join(strings.Fields(Clean(m.Name)), " ")
		slug := EntitySlug(m.Name)
		if slug == "" || len(m.Name) > maxEntityName {
			continue
		}
		switch m.Kind {
		case model.EntityPerson, model.EntityOrg, model.EntityPlace, model.EntityOther:
		default:
			m.Kind = model.EntityOther
		}
		m.Count = max(m.Count, 1)
		if i, ok := at[slug]; ok {
			out[i].Count += m.Count
			continue
		}
		at[slug] = len(out)
		out = append(out, m)
	}
	return out
}
