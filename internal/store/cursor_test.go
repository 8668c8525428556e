package store

import (
	"errors"
	"testing"
	"time"
)

func TestCursor_RoundTrip(t *testing.T) {
	c := Cursor{PublishedAt: time.Date(2024, 6, 22, 10, 30, 0, 123000, time.UTC), ID: 42}
	got, err := DecodeCursor(c.Encode())
	if err != nil {
		t.Fatal(err)
	}
	if !got.PublishedAt.Equal(c.PublishedAt) || got.ID != c.ID {
		t.Fatalf("round trip: got %+v, want %+v", got, c)
	}
}

func TestDecodeCursor_RejectsGarbage(t *testing.T) {
	for _, s := range []string{"", "!!", "bm9kb3Q", "YS5i", "MTIzLjA"} {
		if _, err := DecodeCursor(s); !errors.Is(err, ErrBadCursor) {
			t.Errorf("DecodeCursor(%q) error = %v, want ErrBadCursor", s, err)
		}
	}
}
