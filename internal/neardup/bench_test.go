package neardup

import (
	"strings"
	"testing"
)

// BenchmarkSign signs a demo article of ordinary length (about 150 words).
func BenchmarkSign(b *testing.B) {
	a := demoArticles(worldSeeds[0])[0]
	t := text(a.Title, a.Paragraphs)
	b.SetBytes(int64(len(t)))
	for b.Loop() {
		Sign(t)
	}
}

// BenchmarkSignLong signs a text past MaxWords, the most Sign ever reads.
func BenchmarkSignLong(b *testing.B) {
	var parts []string
	for _, a := range demoArticles(worldSeeds[0]) {
		parts = append(parts, strings.Join(a.Paragraphs, "\n"))
	}
	t := strings.Join(parts, "\n")
	b.SetBytes(int64(len(t)))
	for b.Loop() {
		Sign(t)
	}
}

// BenchmarkMatch looks up an edited copy in an index of every article of
// three demo worlds (about 990 texts).
func BenchmarkMatch(b *testing.B) {
	ix := NewIndex()
	var queries []Signature
	id := int64(0)
	for _, seed := range worldSeeds {
		arts := demoArticles(seed)
		for i, a := range arts {
			ix.Add(id, Sign(text(a.Title, a.Paragraphs)))
			id++
			if i%10 == 0 {
				queries = append(queries, Sign(edits[0].apply(a, arts[(i+1)%len(arts)])))
			}
		}
	}
	b.ResetTimer()
	i := 0
	for b.Loop() {
		ix.Match(queries[i%len(queries)])
		i++
	}
}
