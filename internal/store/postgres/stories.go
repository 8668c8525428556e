package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// storyCols and storyFrom read a story with its lead's headline and
// excerpt, its photo, its first report and its category.
const storyCols = `st.id, COALESCE(la.id, 0), COALESCE(la.title, ''), COALESCE(la.excerpt, ''),
	COALESCE(ia.image_url, ''), COALESCE(ia.image_credit, ''),
	st.articles, st.sources, st.independent,
	COALESCE(fa.id, 0), COALESCE(fs.name, fa.credit, ''), st.first_published, st.last_published,
	COALESCE(c.name, ''), COALESCE(c.slug, ''), COALESCE(st.merged_into, 0), st.hidden, st.pinned_at`

const storyFrom = ` FROM stories st
	LEFT JOIN articles la ON la.id = st.lead_article_id
	LEFT JOIN articles ia ON ia.id = st.image_article_id
	LEFT JOIN articles fa ON fa.id = st.first_article_id
	LEFT JOIN sources fs ON fs.id = fa.source_id
	LEFT JOIN categories c ON c.id = st.category_id`

func scanStory(row pgx.Row) (model.Story, error) {
	var st model.Story
	var first, last, pinned *time.Time
	err := row.Scan(&st.ID, &st.LeadArticleID, &st.Title, &st.Excerpt, &st.ImageURL, &st.ImageCredit,
		&st.Articles, &st.Sources, &st.Independent,
		&st.FirstArticleID, &st.FirstSource, &first, &last,
		&st.Category, &st.CategorySlug, &st.MergedInto, &st.Hidden, &pinned)
	if err != nil {
		return model.Story{}, err
	}
	st.FirstPublished = fromTS(first)
	st.LastPublished = fromTS(last)
	st.PinnedAt = fromTS(pinned)
	return st, nil
}

// GetStory returns one story, folded or not.
func (s *Store) GetStory(ctx context.Context, id int64) (model.Story, error) {
	st, err := scanStory(s.pool.QueryRow(ctx, `SELECT `+storyCols+storyFrom+` WHERE st.id = $1`, id))
	if err != nil {
		return model.Story{}, fmt.Errorf("postgres: get story %d: %w", id, notFound(err))
	}
	return st, nil
}

// ListStories returns a page of live stories, most recently updated first.
func (s *Store) ListStories(ctx context.Context, f store.StoryFilter) ([]model.Story, string, error) {
	items, next, err := s.listStories(ctx, f, 0)
	if err != nil {
		return nil, "", fmt.Errorf("postgres: list stories: %w", err)
	}
	return items, next, nil
}

// EntityStories returns a page of the stories that mention an entity.
func (s *Store) EntityStories(ctx context.Context, entityID int64, f store.StoryFilter) ([]model.Story, string, error) {
	items, next, err := s.listStories(ctx, f, entityID)
	if err != nil {
		return nil, "", fmt.Errorf("postgres: stories of entity %d: %w", entityID, err)
	}
	return items, next, nil
}

func (s *Store) listStories(ctx context.Context, f store.StoryFilter, entityID int64) ([]model.Story, string, error) {
	var w where
	w.add(`st.merged_into IS NULL AND st.articles > 0 AND NOT st.hidden`)
	if entityID != 0 {
		w.add(`st.id IN (SELECT a.story_id FROM article_entities ae JOIN articles a ON a.id = ae.article_id
			WHERE ae.entity_id = ` + w.arg(entityID) + ` AND a.story_id IS NOT NULL)`)
	}
	if f.Cursor != "" {
		cur, err := store.DecodeCursor(f.Cursor)
		if err != nil {
			return nil, "", err
		}
		w.add(`(st.last_published, st.id) < (` + w.arg(cur.PublishedAt) + `::timestamptz, ` + w.arg(cur.ID) + `::bigint)`)
	}
	if !f.Since.IsZero() {
		w.add(`st.last_published >= ` + w.arg(f.Since.UTC()))
	}
	if f.MinSources > 0 {
		w.add(`st.sources >= ` + w.arg(f.MinSources))
	}
	limit := store.ClampLimit(f.Limit)
	rows, err := s.pool.Query(ctx, `SELECT `+storyCols+storyFrom+w.String()+
		` ORDER BY st.last_published DESC, st.id DESC LIMIT `+w.arg(limit+1), w.args...)
	if err != nil {
		return nil, "", err
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (model.Story, error) { return scanStory(r) })
	if err != nil {
		return nil, "", err
	}
	out, next := store.NextStoryPage(out, limit)
	return out, next, nil
}

// StoryArticles returns a story's articles in the order they appeared.
func (s *Store) StoryArticles(ctx context.Context, storyID int64) ([]model.Article, error) {
	items, err := s.queryArticles(ctx, `SELECT `+listCols+articleFrom+
		` WHERE a.story_id = $1 AND NOT a.hidden ORDER BY a.published_at, a.id LIMIT $2`, storyID, store.MaxStoryArticles)
	if err != nil {
		return nil, fmt.Errorf("postgres: articles of story %d: %w", storyID, err)
	}
	return items, nil
}

// NearDuplicates returns the articles republishing an article's text.
func (s *Store) NearDuplicates(ctx context.Context, articleID int64) ([]model.Article, error) {
	items, err := s.queryArticles(ctx, `SELECT `+listCols+articleFrom+
		` WHERE a.dup_of = $1 AND NOT a.hidden ORDER BY a.published_at, a.id LIMIT $2`, articleID, store.MaxStoryArticles)
	if err != nil {
		return nil, fmt.Errorf("postgres: republications of article %d: %w", articleID, err)
	}
	return items, nil
}

// StorySources returns the outlets that covered a story.
func (s *Store) StorySources(ctx context.Context, storyID int64) ([]model.StorySource, error) {
	rows, err := s.pool.Query(ctx, `SELECT c.src, COALESCE(MAX(s.name), MAX(c.credit), ''), COUNT(*), MIN(c.published_at)
		FROM (SELECT COALESCE(a.source_id, 0) AS src, a.credit, a.published_at FROM articles a
			WHERE a.story_id = $1 AND NOT a.hidden
			UNION ALL SELECT l.source_id, '', a.published_at FROM article_sources l
			JOIN articles a ON a.id = l.article_id WHERE a.story_id = $1 AND NOT a.hidden) c
		LEFT JOIN sources s ON s.id = c.src
		GROUP BY c.src ORDER BY MIN(c.published_at), 1`, storyID)
	if err != nil {
		return nil, fmt.Errorf("postgres: sources of story %d: %w", storyID, err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (model.StorySource, error) {
		var ss model.StorySource
		var first time.Time
		err := r.Scan(&ss.SourceID, &ss.Name, &ss.Articles, &first)
		ss.First = first.UTC()
		return ss, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: sources of story %d: %w", storyID, err)
	}
	return out, nil
}

// StoryEntities returns the entities a story's articles mention most.
func (s *Store) StoryEntities(ctx context.Context, storyID int64, limit int) ([]model.Entity, error) {
	return s.queryEntities(ctx, `SELECT e.id, e.name, e.slug, e.kind, e.articles
		FROM article_entities ae JOIN articles a ON a.id = ae.article_id
		JOIN entities e ON e.id = ae.entity_id
		WHERE a.story_id = $1 AND NOT a.hidden GROUP BY e.id
		ORDER BY COUNT(*) DESC, SUM(ae.mentions) DESC, e.name LIMIT $2`, storyID, max(limit, 1))
}

// ArticleEntities returns the entities tagged on an article.
func (s *Store) ArticleEntities(ctx context.Context, articleID int64) ([]model.Entity, error) {
	return s.queryEntities(ctx, `SELECT e.id, e.name, e.slug, e.kind, e.articles
		FROM article_entities ae JOIN entities e ON e.id = ae.entity_id
		WHERE ae.article_id = $1 ORDER BY ae.mentions DESC, e.name`, articleID)
}

// GetEntityBySlug returns one entity.
func (s *Store) GetEntityBySlug(ctx context.Context, slug string) (model.Entity, error) {
	if !store.Findable(slug) {
		return model.Entity{}, fmt.Errorf("postgres: entity %q: %w", slug, store.ErrNotFound)
	}
	items, err := s.queryEntities(ctx, `SELECT id, name, slug, kind, articles FROM entities WHERE slug = $1`, slug)
	if err != nil {
		return model.Entity{}, err
	}
	if len(items) == 0 {
		return model.Entity{}, fmt.Errorf("postgres: entity %q: %w", slug, store.ErrNotFound)
	}
	return items[0], nil
}

func (s *Store) queryEntities(ctx context.Context, q string, args ...any) ([]model.Entity, error) {
	rows, err := s.pool.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("postgres: entities: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (model.Entity, error) {
		var e model.Entity
		var kind string
		err := r.Scan(&e.ID, &e.Name, &e.Slug, &kind, &e.Articles)
		e.Kind = model.EntityKind(kind)
		return e, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: entities: %w", err)
	}
	return out, nil
}
