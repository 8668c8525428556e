package store

import (
	"cmp"
	"slices"
	"strings"

	"github.com/newsdesk/newsdesk/internal/model"
)

// SortCategories puts categories in the order ListCategories promises:
// by name case-insensitively, then bytewise, then by ID. Backends sort in
// Go rather than in SQL so that they agree whatever the database's
// collation.
func SortCategories(cs []model.Category) {
	slices.SortFunc(cs, compareCategories)
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
