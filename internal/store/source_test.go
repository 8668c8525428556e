package store_test

import (
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

func TestPrepareSource(t *testing.T) {
	now := time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)
	earlier := time.Date(2023, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		name    string
		in      model.Source
		want    model.Source
		wantErr bool
	}{
		{"created defaults to now",
			model.Source{FeedURL: "https://a.example/rss", Name: "A"},
			model.Source{FeedURL: "https://a.example/rss", Name: "A", Created: now, Extract: model.ExtractAuto,
				State: model.FetchState{NextFetchAt: now}}, false},
		{"created kept",
			model.Source{FeedURL: "https://a.example/rss", Created: earlier},
			model.Source{FeedURL: "https://a.example/rss", Created: earlier, Extract: model.ExtractAuto,
				State: model.FetchState{NextFetchAt: earlier}}, false},
		{"next fetch and options kept",
			model.Source{FeedURL: "https://a.example/rss", Interval: time.Hour, Extract: model.ExtractNever,
				State: model.FetchState{NextFetchAt: earlier}},
			model.Source{FeedURL: "https://a.example/rss", Created: now, Interval: time.Hour, Extract: model.ExtractNever,
				State: model.FetchState{NextFetchAt: earlier}}, false},
		{"text cleaned",
			model.Source{FeedURL: "https://a.example/rss\x00", Name: "Bad\xffName", State: model.FetchState{LastError: "x\x00"}},
			model.Source{FeedURL: "https://a.example/rss", Name: "Bad\uFFFDName", Created: now, Extract: model.ExtractAuto,
				State: model.FetchState{LastError: "x", NextFetchAt: now}}, false},
		{"interval below the minimum", model.Source{FeedURL: "https://a.example/rss", Interval: 59 * time.Second}, model.Source{}, true},
		{"unknown extraction mode", model.Source{FeedURL: "https://a.example/rss", Extract: "often"}, model.Source{}, true},
		{"empty feed URL", model.Source{Name: "A"}, model.Source{}, true},
		{"blank feed URL", model.Source{FeedURL: " \t\n"}, model.Source{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := store.PrepareSource(tt.in, now)
			if (err != nil) != tt.wantErr {
				t.Fatalf("error %v, want error %v", err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("got %#v\nwant %#v", got, tt.want)
			}
		})
	}
}
