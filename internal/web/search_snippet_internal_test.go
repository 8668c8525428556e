package web

import (
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/search"
)

// A live result's snippet is sought in the article's lead, then in its
// excerpt; the results page's in the whole text.
func TestSnippet_LiveLooksInTheLead(t *testing.T) {
	an, err := search.NewAnalyzer("english")
	if err != nil {
		t.Fatal(err)
	}
	m := an.Matcher(an.Parse("lighthouse", search.ParseOptions{}), false)
	filler := strings.Repeat("The harbour board met again today. ", 60) // about 2,100 bytes
	deep := model.Article{ContentText: filler + "The lighthouse keeper spoke.", Excerpt: "A keeper and his lighthouse."}
	if got := snippet(m, deep, liveSnippetRunes, liveSnippetLead); !strings.Contains(got, "his <mark>lighthouse</mark>") {
		t.Errorf("live, match past the lead: %q, want the excerpt's snippet", got)
	}
	if got := snippet(m, deep, pageSnippetRunes, 0); !strings.Contains(got, "The <mark>lighthouse</mark> keeper") {
		t.Errorf("page, match past the lead: %q, want the text's", got)
	}
	early := model.Article{ContentText: "The lighthouse keeper spoke. " + filler, Excerpt: "Other words."}
	got := snippet(m, early, liveSnippetRunes, liveSnippetLead)
	if !strings.Contains(got, "<mark>lighthouse</mark>") || !strings.HasSuffix(got, search.Ellipsis) {
		t.Errorf("live, match in the lead: %q, want it marked and the cut shown", got)
	}
	noExcerpt := deep
	noExcerpt.Excerpt = ""
	if got := snippet(m, noExcerpt, liveSnippetRunes, liveSnippetLead); !strings.HasPrefix(got, "The harbour") || !strings.HasSuffix(got, search.Ellipsis) {
		t.Errorf("live, no match in the lead, no excerpt: %q, want the lead's start", got)
	}
}

func TestLeadOf_EndsBetweenWords(t *testing.T) {
	for _, c := range []struct {
		text string
		n    int
		want string
	}{
		{"harbour board met", 10, "harbour"},
		{"harbour board met", 13, "harbour"},
		{"harbour board met", 14, "harbour board"},
		{"éééééé ab", 3, "é"}, // no space before: a character boundary
		{"lighthouses", 5, "light"},
	} {
		if got := leadOf(c.text, c.n); got != c.want {
			t.Errorf("leadOf(%q, %d) = %q, want %q", c.text, c.n, got, c.want)
		}
	}
}
