package desk

import (
	"fmt"
	"strings"
	"testing"
)

// article is a long feature in Markdown: n paragraphs with a heading,
// a list and a link every tenth.
func article(n int, variant string) string {
	var b strings.Builder
	for i := range n {
		if i%10 == 0 {
			fmt.Fprintf(&b, "## Part %d\n\n- one\n- two\n\n", i/10)
		}
		fmt.Fprintf(&b, "Paragraph %d tells what the harbor saw, with **bold** words and a [link](https://example.org/%d)%s.\n\n",
			i, i, map[bool]string{true: variant}[i%20 == 7])
	}
	return b.String()
}

// go test ./internal/desk -run '^$' -bench . -benchmem
func BenchmarkRender(b *testing.B) {
	md := article(40, "") // about 5 KB, a long news article
	b.SetBytes(int64(len(md)))
	for b.Loop() {
		Render(md, siteBase)
	}
}

func BenchmarkLines(b *testing.B) {
	older, newer := article(400, ""), article(400, " (corrected)") // 50 KB, 20 lines changed
	for b.Loop() {
		Lines(older, newer)
	}
}
