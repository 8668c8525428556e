package cluster

import (
	"testing"
	"time"
)

// BenchmarkAdd clusters a stream of demo worlds, a week apart, one Add
// per iteration (features, near-duplicate lookup, scoring, indexing and
// eviction); cmd/clusterbench runs the same at a million articles.
//
//	go test ./internal/cluster -run '^$' -bench Add -benchmem
func BenchmarkAdd(b *testing.B) {
	base := time.Date(2024, 1, 7, 12, 0, 0, 0, time.UTC)
	var docs []Doc
	for k := range 8 {
		ds, _ := worldDocs(int64(k+1), base.Add(time.Duration(k)*7*24*time.Hour))
		for _, d := range ds {
			d.ID = int64(len(docs) + 1)
			docs = append(docs, d)
		}
	}
	e := New(Config{})
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		d := docs[i%len(docs)]
		d.ID = int64(i + 1)
		d.Published = d.Published.Add(time.Duration(i/len(docs)) * 8 * 7 * 24 * time.Hour)
		e.Add(d)
	}
}

// BenchmarkExtract is the feature extraction alone, outside the lock.
func BenchmarkExtract(b *testing.B) {
	docs, _ := worldDocs(1, demoNow)
	for i := 0; b.Loop(); i++ {
		d := docs[i%len(docs)]
		extract(d.Title, d.Text)
	}
}
