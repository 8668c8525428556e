package entities

import (
	"strings"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/demo"
)

// BenchmarkExtractDemoArticle measures one average demo article.
//
//	go test ./internal/entities/ -run '^$' -bench Extract -benchmem
func BenchmarkExtractDemoArticle(b *testing.B) {
	arts := demo.NewWorld(7, time.Date(2024, 6, 22, 12, 0, 0, 0, time.UTC)).Articles()
	bodies := make([]string, len(arts))
	size := 0
	for i, a := range arts {
		bodies[i] = strings.Join(a.Paragraphs, "\n\n")
		size += len(a.Title) + len(bodies[i])
	}
	x := NewExtractor(nil)
	b.SetBytes(int64(size / len(arts)))
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		k := i % len(arts)
		x.Extract(arts[k].Title, bodies[k])
	}
}

// BenchmarkExtractHuge bounds the worst case: a megabyte of names.
func BenchmarkExtractHuge(b *testing.B) {
	text := strings.Repeat("Odile Varnett of Kessling met NATO and the Bank of Arvenia. ", 20000)
	x := NewExtractor(nil)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		x.Extract("", text)
	}
}
