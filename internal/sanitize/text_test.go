package sanitize

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"paragraphs", "<p>One  two\n three.</p><p>Four.</p>", "One two three.\n\nFour."},
		{"entities", "<p>Fish &amp; chips &lt;3 &eacute;t&eacute; &#8212; ok</p>", "Fish & chips <3 été — ok"},
		{"script and style dropped", "<p>a</p><script>var x = 1;</script><style>p{}</style><p>b</p>", "a\n\nb"},
		{"inline elements join", "<p>A <b>bold</b><i>ish</i> word</p>", "A boldish word"},
		{"br is a line break", "<p>line one<br>line two</p>", "line one\nline two"},
		{"headings and lists", "<h2>Title</h2><ul><li>one</li><li>two</li></ul>", "Title\n\none\n\ntwo"},
		{"nested divs make one break", "<div><div><p>x</p></div></div><div>y</div>", "x\n\ny"},
		{"pre keeps lines", "<pre>a  b\nc</pre>", "a b\nc"},
		{"table cells spaced", "<table><tr><td>a</td><td>b</td></tr></table>", "a b"},
		{"plain text", "  just   text  ", "just text"},
		{"noscript dropped", "<p>x</p><noscript>enable js</noscript>", "x"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Text(tt.in); got != tt.want {
				t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestExcerpt(t *testing.T) {
	long := "The council approved the harbour plan on Monday. Work starts in May and should last two years. Residents asked for quieter night shifts."
	tests := []struct {
		name string
		text string
		max  int
		want string
	}{
		{"fits whole", "Short text.", 50, "Short text."},
		{"whitespace collapsed", "A\n\nB  c", 50, "A B c"},
		{"whole sentences", long, 100, "The council approved the harbour plan on Monday. Work starts in May and should last two years."},
		{"word cut", "Alpha beta gamma delta epsilon zeta eta theta", 20, "Alpha beta gamma…"},
		{"cut drops trailing comma", "Alpha beta, gamma delta epsilon", 13, "Alpha beta…"},
		{"long first word", "Supercalifragilistic word", 6, "Super…"},
		{"zero", "anything", 0, ""},
		{"one", "anything", 1, "…"},
		{"multibyte", "Été à Paris, ville lumière et capitale", 16, "Été à Paris…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Excerpt(tt.text, tt.max)
			if got != tt.want {
				t.Errorf("Excerpt(%q, %d) = %q, want %q", tt.text, tt.max, got, tt.want)
			}
			if n := utf8.RuneCountInString(got); n > tt.max {
				t.Errorf("Excerpt(%q, %d) has %d runes", tt.text, tt.max, n)
			}
		})
	}
}

func TestExcerpt_NeverExceedsLimit(t *testing.T) {
	text := strings.Repeat("Word. Another word, more words! ", 40)
	for max := 1; max < 200; max++ {
		got := Excerpt(text, max)
		if n := utf8.RuneCountInString(got); n > max || n == 0 {
			t.Fatalf("Excerpt(_, %d) = %q (%d runes)", max, got, n)
		}
	}
}
