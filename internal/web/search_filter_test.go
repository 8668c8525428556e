package web_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestSearch_FiltersNarrowResults(t *testing.T) {
	f := newFixture(t)
	wire := f.addSource("Harbor Wire")
	ledger := f.addSource("Valley Ledger")
	f.save(wire.ID,
		article("Harbor budget passes", "Politics", published),
		article("Harbor festival opens", "Arts", published.Add(-time.Hour)),
		article("Harbor ferry archive", "Politics", published.Add(-10*24*time.Hour)))
	f.save(ledger.ID, article("Harbor tolls rise", "Politics", published.Add(-2*time.Hour)))

	tests := []struct {
		query string
		want  []string
	}{
		{"q=harbor&category=politics", []string{"Harbor budget passes", "Harbor tolls rise", "Harbor ferry archive"}},
		{fmt.Sprintf("q=harbor&source=%d", ledger.ID), []string{"Harbor tolls rise"}},
		{"q=harbor&from=7d", []string{"Harbor budget passes", "Harbor festival opens", "Harbor tolls rise"}},
		{"q=harbor&category=politics&from=7d&source=" + fmt.Sprint(wire.ID), []string{"Harbor budget passes"}},
		// Dates are days in the site's zone (New York): the archive story
		// was published on June 11 there.
		{"q=harbor&from=2024-06-01&to=2024-06-11", []string{"Harbor ferry archive"}},
		// Several categories or sources: any of them.
		{"q=harbor&category=politics&category=arts", []string{"Harbor budget passes", "Harbor festival opens", "Harbor tolls rise", "Harbor ferry archive"}},
		{"q=harbor&category=arts,politics&from=7d", []string{"Harbor budget passes", "Harbor festival opens", "Harbor tolls rise"}},
		{fmt.Sprintf("q=harbor&source=%d&source=%d&category=arts", wire.ID, ledger.ID), []string{"Harbor festival opens"}},
		// The header's "All" choices send empty values.
		{"q=harbor&category=&source=&from=&to=&kind=&sort=newest", []string{"Harbor budget passes", "Harbor festival opens", "Harbor tolls rise", "Harbor ferry archive"}},
	}
	for _, tt := range tests {
		doc := f.page("/search?"+tt.query+"&sort=newest", http.StatusOK)
		if got := texts(doc.Find("main .results article h3")); !slices.Equal(got, tt.want) {
			t.Errorf("%s: results %q, want %q", tt.query, got, tt.want)
		}
	}
}

func TestSearch_BadFilterIs400(t *testing.T) {
	f := newFixture(t)
	src := f.addSource("Harbor Wire")
	f.save(src.ID, article("Harbor budget passes", "Politics", published))
	tests := []struct{ query, says string }{
		{"q=x&source=abc", "“abc”"},
		{"q=x&source=0", "“0”"},
		{"q=x&source=424242", "no source number 424242"},
		{"q=x&category=no-such-section", "no category “no-such-section”"},
		{"q=x&category=politics&category=nowhere", "no category “nowhere”"},
		{"q=x&from=yesterday", "“yesterday”"},
		{"q=x&to=2024-13-45", "“2024-13-45”"},
		{"q=x&from=2024-06-10&to=2024-06-01", "before the end date"},
		{"q=x&kind=other", "“other”"},
		{"q=x&sort=oldest", "“oldest”"},
		{"q=x&exact=yes", "“yes”"},
		{"q=x&in=body", "“body”"},
		{"q=x&in=title,nowhere", "“nowhere”"},
		{"category=nowhere", "no category"}, // even before a word is typed
	}
	for _, tc := range tests {
		doc := f.page("/search?"+tc.query, http.StatusBadRequest)
		notice := doc.Find(`main .notice[role="alert"]`)
		if notice.Length() != 1 || !strings.Contains(notice.Text(), tc.says) {
			t.Errorf("%s: notice %q, want one saying %q", tc.query, notice.Text(), tc.says)
		}
	}
}

func TestSearch_FieldsAndExactNarrowResults(t *testing.T) {
	f := newFixture(t)
	src := f.addSource("Harbor Wire")
	// The test article repeats its title in the excerpt and text, so
	// these two carry their words in one field only.
	inExcerpt := article("Council meets", "Local", published)
	inExcerpt.Excerpt = "The ferry dispute returns"
	inText := article("Budget passes", "Local", published.Add(-time.Hour))
	inText.ContentText = "Port workers cheered the harbor ferry deal."
	f.save(src.ID, inExcerpt, inText,
		article("Port reopens after storm", "Local", published.Add(-2*time.Hour)),
		article("Portland votes", "Local", published.Add(-3*time.Hour)),
		article("Harbor ferry returns", "Local", published.Add(-4*time.Hour)),
		article("Ferry harbor works", "Local", published.Add(-5*time.Hour)))

	tests := []struct {
		query string
		want  []string
	}{
		{"q=ferry", []string{"Council meets", "Budget passes", "Harbor ferry returns", "Ferry harbor works"}},
		{"q=ferry&in=title", []string{"Harbor ferry returns", "Ferry harbor works"}},
		{"q=ferry&in=excerpt", []string{"Council meets", "Harbor ferry returns", "Ferry harbor works"}},
		{"q=ferry&in=title,content", []string{"Budget passes", "Harbor ferry returns", "Ferry harbor works"}},
		{"q=ferry&in=title&in=excerpt&in=content", []string{"Council meets", "Budget passes", "Harbor ferry returns", "Ferry harbor works"}},
		{"q=port", []string{"Budget passes", "Port reopens after storm"}}, // words, not substrings: no Portland
		{"q=ferries", []string{"Council meets", "Budget passes", "Harbor ferry returns", "Ferry harbor works"}},
		{"q=ferries&exact=1", nil},
		{"q=port&exact=1", []string{"Budget passes", "Port reopens after storm"}},
		{"q=port&exact=1&in=title", []string{"Port reopens after storm"}},
		{"q=harbor+ferry", []string{"Budget passes", "Harbor ferry returns", "Ferry harbor works"}},
		{"q=+harbor+++ferry+&exact=1", []string{"Budget passes", "Harbor ferry returns"}},
		{"q=harbor+ferry&exact=1&in=title", []string{"Harbor ferry returns"}},
		{"q=ferry+harbor&exact=1", []string{"Ferry harbor works"}},
		{"q=ferry+deal.&exact=1", []string{"Budget passes"}},
	}
	for _, tt := range tests {
		doc := f.page("/search?"+tt.query+"&sort=newest", http.StatusOK)
		if got := texts(doc.Find("main .results article h3")); !slices.Equal(got, tt.want) {
			t.Errorf("%s: results %q, want %q", tt.query, got, tt.want)
		}
	}
}
