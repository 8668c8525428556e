package sqlite

import (
	"context"
	"fmt"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

const categoryCols = `c.id, c.name, c.slug,
	(SELECT COUNT(*) FROM articles a WHERE a.category_id = c.id)`

func scanCategory(row interface{ Scan(...any) error }) (model.Category, error) {
	var c model.Category
	err := row.Scan(&c.ID, &c.Name, &c.Slug, &c.Articles)
	return c, err
}

// ListCategories returns every category with its article count, in the
// order of store.SortCategories.
func (s *Store) ListCategories(ctx context.Context) ([]model.Category, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+categoryCols+` FROM categories c`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list categories: %w", err)
	}
	defer rows.Close()
	out := []model.Category{}
	for rows.Next() {
		c, err := scanCategory(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlite: list categories: %w", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: list categories: %w", err)
	}
	store.SortCategories(out)
	return out, nil
}

// GetCategoryBySlug returns one category with its article count.
func (s *Store) GetCategoryBySlug(ctx context.Context, slug string) (model.Category, error) {
	row := s.r.QueryRowContext(ctx, `SELECT `+categoryCols+` FROM categories c WHERE c.slug = ?`, slug)
	c, err := scanCategory(row)
	if err != nil {
		return model.Category{}, fmt.Errorf("sqlite: get category %q: %w", slug, notFound(err))
	}
	return c, nil
}
