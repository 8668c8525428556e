package store_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

func TestClean(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain text stays", "Élection à Paris — 2024", "Élection à Paris — 2024"},
		{"NUL dropped", "a\x00b\x00", "ab"},
		{"invalid byte replaced", "caf\xe9", "caf\uFFFD"},
		{"run of invalid bytes is one replacement", "x\xff\xfey", "x\uFFFDy"},
		{"truncated rune replaced", "\xe2\x82", "\uFFFD"},
		{"both at once", "\x00\xff", "\uFFFD"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := store.Clean(tt.in)
			if got != tt.want {
				t.Errorf("Clean(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if !store.Findable(got) {
				t.Errorf("Findable(Clean(%q)) = false: cleaned text must be findable", tt.in)
			}
		})
	}
}

func TestFindable(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"https://a.example/story", true},
		{"", true},
		{"naïve", true},
		{"a\x00b", false},
		{"caf\xe9", false},
	}
	for _, tt := range tests {
		if got := store.Findable(tt.in); got != tt.want {
			t.Errorf("Findable(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

const dirty, cleaned = "x\x00\xff", "x\uFFFD"

func TestCleanArticle_StoredFieldsOnly(t *testing.T) {
	when := time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
	// article fills every stored text field with text; the joined-in names
	// stay dirty, as they are never written.
	article := func(text string) model.Article {
		return model.Article{
			ID: 7, SourceID: 3, SourceName: dirty, GUID: text, URL: text, CanonicalURL: text,
			Slug: text, Title: text, Excerpt: text, ContentHTML: text, ContentText: text,
			Byline: text, PublishedAt: when, FetchedAt: when, ImageURL: text, ImageCredit: text,
			Credit: text, Category: text, CategorySlug: dirty, Language: text, ContentHash: text,
			Kind: model.KindOriginal, StoryID: 9, CreditURL: text, ImageCaption: text, Tags: []string{text, text},
		}
	}
	in := article(dirty)
	if got, want := store.CleanArticle(in), article(cleaned); !reflect.DeepEqual(got, want) {
		t.Errorf("CleanArticle:\n got %#v\nwant %#v", got, want)
	}
	if in.Title != dirty {
		t.Error("CleanArticle changed its argument")
	}
}

func TestCleanSource_IncludesFetchState(t *testing.T) {
	when := time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
	in := model.Source{
		ID: 2, FeedURL: dirty, SiteURL: dirty, Name: dirty, Category: dirty, Created: when, Articles: 5,
		State: model.FetchState{LastFetchedAt: when, LastError: dirty, ErrorCount: 3, ETag: dirty, LastModified: dirty},
	}
	want := model.Source{
		ID: 2, FeedURL: cleaned, SiteURL: cleaned, Name: cleaned, Category: cleaned, Created: when, Articles: 5,
		State: model.FetchState{LastFetchedAt: when, LastError: cleaned, ErrorCount: 3, ETag: cleaned, LastModified: cleaned},
	}
	if got := store.CleanSource(in); got != want {
		t.Errorf("CleanSource:\n got %#v\nwant %#v", got, want)
	}
}
