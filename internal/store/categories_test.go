package store_test

import (
	"slices"
	"testing"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

func TestSortCategories(t *testing.T) {
	tests := []struct {
		name string
		in   []model.Category
		want []int64 // IDs in order
	}{
		{"case-insensitive first", []model.Category{{ID: 1, Name: "world"}, {ID: 2, Name: "Business"}, {ID: 3, Name: "arts"}}, []int64{3, 2, 1}},
		{"then bytewise, capitals first", []model.Category{{ID: 1, Name: "tech"}, {ID: 2, Name: "Tech"}}, []int64{2, 1}},
		{"then by ID", []model.Category{{ID: 9, Name: "Sport"}, {ID: 4, Name: "Sport"}}, []int64{4, 9}},
		{"letters beyond ASCII fold too", []model.Category{{ID: 1, Name: "Zoo"}, {ID: 2, Name: "Évasion"}, {ID: 3, Name: "élan"}}, []int64{1, 3, 2}},
		{"empty", []model.Category{}, []int64{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store.SortCategories(tt.in)
			got := []int64{}
			for _, c := range tt.in {
				got = append(got, c.ID)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("order %v, want %v", got, tt.want)
			}
		})
	}
}
