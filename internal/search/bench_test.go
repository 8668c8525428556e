package search

import (
	"strings"
	"testing"
)

// article returns a synthetic article of n words.
func article(n int) string {
	words := strings.Fields(`the harbor authority said on Tuesday that ferry services between
		the island and the mainland would resume after a strike by pilots ended, while
		officials warned passengers to expect delays of up to 3 hours as crews returned
		and schedules were rebuilt; Café owners near the terminal welcomed the news`)
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(words[(i*7)%len(words)])
		if i%17 == 16 {
			b.WriteByte('.')
		}
	}
	return b.String()
}

func BenchmarkIndexText(b *testing.B) {
	a, _ := NewAnalyzer("english")
	text := article(300)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		a.IndexText(text)
	}
}

func BenchmarkParse(b *testing.B) {
	a, _ := NewAnalyzer("english")
	b.ReportAllocs()
	for b.Loop() {
		a.Parse("harbor strike ferr", ParseOptions{PrefixLast: true})
	}
}

func BenchmarkSnippet(b *testing.B) {
	a, _ := NewAnalyzer("english")
	text := article(300)
	m := a.Matcher(a.Parse("ferry pilots", ParseOptions{}), false)
	b.ReportAllocs()
	for b.Loop() {
		m.Snippet(text, 200)
	}
}

// BenchmarkIndexTextCold analyzes with an empty stem cache every time: the
// cost of an article whose words were never seen.
func BenchmarkIndexTextCold(b *testing.B) {
	text := article(300)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		a, _ := NewAnalyzer("english")
		a.IndexText(text)
	}
}
