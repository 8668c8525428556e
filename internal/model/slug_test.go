package model

import "testing"

func TestSlugify(t *testing.T) {
	tests := []struct {
		in   string
		max  int
		want string
	}{
		{"Storm hits Coastline!", 0, "storm-hits-coastline"},
		{"  Café   au lait — déjà vu ", 0, "cafe-au-lait-deja-vu"},
		{"!!!", 0, "item"},
		{"", 0, "item"},
		{"Ministers agree on budget after long night", 20, "ministers-agree-on"},
		{"a-b", 0, "a-b"},
		{"Zürich 2024: 10 things", 0, "zurich-2024-10-things"},
	}
	for _, tt := range tests {
		if got := Slugify(tt.in, tt.max); got != tt.want {
			t.Errorf("Slugify(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
		}
	}
}
