package neardup

import (
	"strings"

	"github.com/newsdesk/newsdesk/internal/demo"
)

// An edit turns an article's text into a lightly edited copy, as an outlet
// republishing a wire story would. donor is another article, the source of
// any new words, so that added text is real prose and not padding.
type edit struct {
	name  string
	apply func(a, donor demo.Article) string
}

// text is how the measurement signs an article: headline, then the body.
// The headline is included so that replacing it is part of what is
// measured; the lead may sign bodies alone, which only helps.
func text(title string, paras []string) string {
	return title + "\n\n" + strings.Join(paras, "\n\n")
}

// sentences splits a paragraph at full stops followed by a space.
func sentences(p string) []string {
	var out []string
	for {
		i := strings.Index(p, ". ")
		if i < 0 {
			break
		}
		out = append(out, p[:i+1])
		p = p[i+2:]
	}
	if p != "" {
		out = append(out, p)
	}
	return out
}

// allSentences is every sentence of the body, in order.
func allSentences(paras []string) []string {
	var out []string
	for _, p := range paras {
		out = append(out, sentences(p)...)
	}
	return out
}

var edits = []edit{
	{"new first paragraph", func(a, d demo.Article) string {
		return text(a.Title, append([]string{d.Paragraphs[0]}, a.Paragraphs...))
	}},
	{"other headline", func(a, d demo.Article) string {
		return text(d.Title, a.Paragraphs)
	}},
	{"sentence dropped", func(a, d demo.Article) string {
		ss := allSentences(a.Paragraphs)
		i := len(ss) / 2
		return text(a.Title, []string{strings.Join(append(ss[:i:i], ss[i+1:]...), " ")})
	}},
	{"sentence inserted", func(a, d demo.Article) string {
		ss := allSentences(a.Paragraphs)
		i := len(ss) / 2
		out := append(append(ss[:i:i], allSentences(d.Paragraphs)[0]), ss[i:]...)
		return text(a.Title, []string{strings.Join(out, " ")})
	}},
	{"three words substituted", func(a, d demo.Article) string {
		ws := strings.Fields(strings.Join(a.Paragraphs, " "))
		dw := strings.Fields(d.Paragraphs[0])
		for j := 1; j <= 3; j++ {
			ws[j*len(ws)/4] = dw[j%len(dw)]
		}
		return text(a.Title, []string{strings.Join(ws, " ")})
	}},
	{"re-wrapped in capitals", func(a, d demo.Article) string {
		// One sentence a line, headline in capitals, as some wires send.
		return strings.ToUpper(a.Title) + "\n" + strings.Join(allSentences(a.Paragraphs), "\n")
	}},
	{"headline, intro and a dropped last paragraph", func(a, d demo.Article) string {
		ps := append([]string{d.Paragraphs[0]}, a.Paragraphs[:len(a.Paragraphs)-1]...)
		return text(d.Title, ps)
	}},
}
