package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

const categoryCols = `c.id, c.name, c.slug,
	(SELECT COUNT(*) FROM articles a WHERE a.category_id = c.id)`

func scanCategory(row pgx.Row) (model.Category, error) {
	var c model.Category
	var count int64
	err := row.Scan(&c.ID, &c.Name, &c.Slug, &count)
	c.Articles = int(count)
	return c, err
}

// ListCategories returns every category with its article count, in the
// order of store.SortCategories.
func (s *Store) ListCategories(ctx context.Context) ([]model.Category, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+categoryCols+` FROM categories c`)
	if err != nil {
		return nil, fmt.Errorf("postgres: list categories: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (model.Category, error) { return scanCategory(r) })
	if err != nil {
		return nil, fmt.Errorf("postgres: list categories: %w", err)
	}
	store.SortCategories(out)
	return out, nil
}

// GetCategoryBySlug returns one category with its article count.
func (s *Store) GetCategoryBySlug(ctx context.Context, slug string) (model.Category, error) {
	if !store.Findable(slug) {
		return model.Category{}, fmt.Errorf("postgres: get category %q: %w", slug, store.ErrNotFound)
	}
	row := s.pool.QueryRow(ctx, `SELECT `+categoryCols+` FROM categories c WHERE c.slug = $1`, slug)
	c, err := scanCategory(row)
	if err != nil {
		return model.Category{}, fmt.Errorf("postgres: get category %q: %w", slug, notFound(err))
	}
	return c, nil
}
