package search

import (
	"fmt"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// visibleText reads a highlighter's output as a browser would and returns
// its text, failing on any element other than balanced, unnested <mark>.
func visibleText(out string) (string, error) {
	z := html.NewTokenizer(strings.NewReader(out))
	var text strings.Builder
	depth := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			if z.Err() != io.EOF {
				return "", z.Err()
			}
			if depth != 0 {
				return "", fmt.Errorf("unclosed <mark> in %q", out)
			}
			return text.String(), nil
		case html.TextToken:
			text.Write(z.Text())
		case html.StartTagToken:
			name, hasAttr := z.TagName()
			if string(name) != "mark" || hasAttr || depth != 0 {
				return "", fmt.Errorf("unexpected <%s> in %q", name, out)
			}
			depth++
		case html.EndTagToken:
			name, _ := z.TagName()
			if string(name) != "mark" || depth != 1 {
				return "", fmt.Errorf("unexpected </%s> in %q", name, out)
			}
			depth--
		default:
			return "", fmt.Errorf("unexpected %s in %q", z.Token().Type, out)
		}
	}
}

func TestHighlight(t *testing.T) {
	a, _ := NewAnalyzer("english")
	tests := []struct {
		name, query string
		exact       bool
		text, want  string
	}{
		{"stems and escaping", "harbor", false,
			`The Harbor's <script>alert("x")</script> & harbors`,
			`The <mark>Harbor</mark>&#39;s &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; <mark>harbors</mark>`},
		{"exact has no stems", "harbor", true,
			"Harbor harbors", "<mark>Harbor</mark> harbors"},
		{"query word stemmed", "ferries", false,
			"A ferry, two ferries", "A <mark>ferry</mark>, two <mark>ferries</mark>"},
		{"diacritics", "cafe", false,
			"Café CAFÉ cafe\u0301s", "<mark>Café</mark> <mark>CAFÉ</mark> <mark>cafe\u0301s</mark>"},
		{"phrase", `"ferry line"`, false,
			"ferry line. The ferry was late; line ferry line",
			"<mark>ferry</mark> <mark>line</mark>. The ferry was late; line <mark>ferry</mark> <mark>line</mark>"},
		{"phrase by stems", `"ferry line"`, false,
			"ferries lines", "<mark>ferries</mark> <mark>lines</mark>"},
		{"phrase exact", `"ferry line"`, true,
			"ferries lines, ferry line", "ferries lines, <mark>ferry</mark> <mark>line</mark>"},
		{"prefix", "harb*", false,
			"Harbor harbinger sharp harb", "<mark>Harbor</mark> <mark>harbinger</mark> sharp <mark>harb</mark>"},
		{"prefix phrase is exact", `"ferry li*"`, false,
			"ferry lines, ferries line", "<mark>ferry</mark> <mark>lines</mark>, ferries line"},
		{"exclusions are not marked", "port -strike", false,
			"port strike", "<mark>port</mark> strike"},
		{"alternatives", "bus OR train", false,
			"bus, train, car", "<mark>bus</mark>, <mark>train</mark>, car"},
		{"empty query", "", false,
			"a < b & c", "a &lt; b &amp; c"},
		{"controls and bad bytes", "b", false,
			"a\x00b\xffc", "a <mark>b</mark>\uFFFDc"},
		{"cjk", "東京", false,
			"東京タワー", "<mark>東</mark><mark>京</mark>タワー"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := a.Matcher(a.Parse(tc.query, ParseOptions{}), tc.exact)
			got := m.Highlight(tc.text)
			if got != tc.want {
				t.Errorf("Highlight(%q) = %q, want %q", tc.text, got, tc.want)
			}
			if _, err := visibleText(got); err != nil {
				t.Error(err)
			}
		})
	}
}

func TestSnippet(t *testing.T) {
	a, _ := NewAnalyzer("english")
	filler := strings.Repeat("The council met again on Tuesday. ", 20)
	tests := []struct {
		name, query string
		text        string
		max         int
		want        string // exact output, or "" to check only the properties below
		marks       int    // <mark> elements expected
		lead, trail bool   // ellipsis expected at the start, at the end
		contains    string
	}{
		{name: "short text whole", query: "harbor", text: "The harbor\n\n  closed.", max: 100,
			want: "The <mark>harbor</mark> closed.", marks: 1},
		{name: "no match: start of text", query: "zebra", text: "One two three four five six seven", max: 15,
			want: "One two three…", marks: 0, trail: true},
		{name: "match in the middle", query: "harbor", text: filler + "The harbor strike ended. " + filler, max: 80,
			marks: 1, lead: true, trail: true, contains: "<mark>harbor</mark> strike ended."},
		{name: "most matches win", query: "harbor", text: "harbor " + filler + "harbor strike, harbor gates, harbor pilots. " + filler, max: 60,
			marks: 3, lead: true, trail: true},
		{name: "match near the start keeps the start", query: "council", text: "Our council met. " + filler, max: 40,
			marks: 2, trail: true, contains: "Our <mark>council</mark>"},
		{name: "match at the end", query: "pilots", text: filler + "harbor pilots.", max: 40,
			marks: 1, lead: true, contains: "on Tuesday. harbor <mark>pilots</mark>."},
		{name: "markup escaped", query: "harbor", text: filler + `<script>x</script> & "harbor" <b>` + filler, max: 50,
			marks: 1, lead: true, trail: true, contains: `&amp; &#34;<mark>harbor</mark>&#34; &lt;b&gt;`},
		{name: "no cut inside an entity", query: "zebra", text: strings.Repeat("& ", 40), max: 7,
			want: "&amp; &amp; &amp; &amp;…", trail: true},
		{name: "one long word is cut", query: "", text: strings.Repeat("x", 30) + " y", max: 10,
			want: strings.Repeat("x", 10) + "…", trail: true},
		{name: "nothing allowed", query: "harbor", text: "harbor", max: 0, want: ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := a.Matcher(a.Parse(tc.query, ParseOptions{}), false)
			got := m.Snippet(tc.text, tc.max)
			if tc.want != "" || tc.max == 0 {
				if got != tc.want {
					t.Errorf("Snippet = %q, want %q", got, tc.want)
				}
			}
			vis, err := visibleText(got)
			if err != nil {
				t.Fatal(err)
			}
			if n := utf8.RuneCountInString(vis); n > tc.max+1 {
				t.Errorf("Snippet %q shows %d runes, max %d", got, n, tc.max)
			}
			if n := strings.Count(got, "<mark>"); n != tc.marks {
				t.Errorf("Snippet %q has %d marks, want %d", got, n, tc.marks)
			}
			if strings.HasPrefix(got, Ellipsis) != tc.lead || strings.HasSuffix(got, Ellipsis) != tc.trail {
				t.Errorf("Snippet %q: ellipsis at start %v, end %v; want %v, %v", got,
					strings.HasPrefix(got, Ellipsis), strings.HasSuffix(got, Ellipsis), tc.lead, tc.trail)
			}
			if !strings.Contains(got, tc.contains) {
				t.Errorf("Snippet %q does not contain %q", got, tc.contains)
			}
			// What shows is a passage of the text, white space collapsed.
			inner := strings.TrimSuffix(strings.TrimPrefix(vis, Ellipsis), Ellipsis)
			if !strings.Contains(collapseSpace(tc.text), inner) {
				t.Errorf("Snippet text %q is not in the text", inner)
			}
			if inner != strings.TrimSpace(inner) {
				t.Errorf("Snippet %q starts or ends with a space", got)
			}
		})
	}
}

func TestCollapseSpace(t *testing.T) {
	for in, want := range map[string]string{
		"":                             "",
		"plain words":                  "plain words",
		"  lead and trail \n":          "lead and trail",
		"tabs\tand\r\nlines\n\n\nhere": "tabs and lines here",
		"ctrl\x00\x07x\x7fy":           "ctrl x y",
		"nbsp\u00a0and\u2003em":        "nbsp and em",
		"café\u0085naïve":              "café naïve",
		"bad \xff\xfe bytes":           "bad \uFFFD\uFFFD bytes",
		"\u200bzero-width stays\u200b": "\u200bzero-width stays\u200b",
	} {
		if got := collapseSpace(in); got != want {
			t.Errorf("collapseSpace(%q) = %q, want %q", in, got, want)
		}
	}
}
