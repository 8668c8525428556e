package stories_test

import (
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/store/storetest"
	"github.com/newsdesk/newsdesk/internal/stories"
)

// BenchmarkWorker times clustering behind ingest on SQLite: reading the
// pending articles, assigning them and storing the decisions, per
// article. The reference in the same run is storing those articles
// (SaveArticles, the insert and search indexing ingest does), reported
// as save-ns/article, so the ratio says what clustering adds to ingest.
//
//	go test ./internal/stories -run '^$' -bench Worker -benchtime 3x
func BenchmarkWorker(b *testing.B) {
	var saveNs, clusterNs, n float64
	for b.Loop() {
		b.StopTimer()
		st := storetest.NewSQLiteCopy(b)
		start := time.Now()
		truth := saveWorld(b, st, 3)
		saved := time.Since(start)
		w := stories.New(st, stories.Options{Now: func() time.Time { return clock }})
		b.StartTimer()
		start = time.Now()
		got, err := w.Drain(b.Context())
		if err != nil {
			b.Fatal(err)
		}
		clusterNs += float64(time.Since(start).Nanoseconds())
		saveNs += float64(saved.Nanoseconds())
		n += float64(got)
		if got != len(truth) {
			b.Fatalf("clustered %d of %d", got, len(truth))
		}
	}
	b.ReportMetric(clusterNs/n, "cluster-ns/article")
	b.ReportMetric(saveNs/n, "save-ns/article")
	b.ReportMetric(clusterNs/saveNs, "cluster/save")
}
