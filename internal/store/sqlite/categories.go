package sqlite

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/newsdesk/newsdesk/internal/model"
)

const categoryCols = `c.id, c.name, c.slug,
	(SELECT COUNT(*) FROM articles a WHERE a.category_id = c.id)`

func scanCategory(row interface{ Scan(...any) error }) (model.Category, error) {
	var c model.Category
	err := row.Scan(&c.ID, &c.Name, &c.Slug, &c.Articles)
	return c, err
}

// ListCategories returns every category with its article count, ordered
// by name. The ordering happens here rather than in SQL so that both
// backends agree regardless of database collation: case-insensitive
// first, then bytewise, then by ID.
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
	row := s.r.QueryRowContext(ctx, `SELECT `+categoryCols+` FROM categories c WHERE c.slug = ?`, slug)
	c, err := scanCategory(row)
	if err != nil {
		return model.Category{}, fmt.Errorf("sqlite: get category %q: %w", slug, notFound(err))
	}
	return c, nil
}
