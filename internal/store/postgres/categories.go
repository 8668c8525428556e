package postgres

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

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

// ListCategories returns every category with its article count, ordered
// by name. The ordering happens here rather than in SQL so that both
// backends agree regardless of database collation: case-insensitive
// first, then bytewise, then by ID.
func (s *Store) ListCategories(ctx context.Context) ([]model.Category, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+categoryCols+` FROM categories c`)
	if err != nil {
		return nil, fmt.Errorf("postgres: list categories: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (model.Category, error) { return scanCategory(r) })
	if err != nil {
		return nil, fmt.Errorf("postgres: list categories: %w", err)
	}
	slices.SortFunc(out, compareCategories)
	return out, nil
}

func compareCategories(a, b model.Category) int {
	if c := strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)); c != 0 {
		return c
	}
	if c := strings.Compare(a.Name, b.Name); c != 0 {
		return c
	}
	return cmp.Compare(a.ID, b.ID)
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
