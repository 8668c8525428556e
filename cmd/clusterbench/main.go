// Command clusterbench measures newsdesk's story clustering at scale
// (issue 6, item 7): it clusters a stream of demo articles from scratch,
// by default 1,000,000 of them made by concatenating demo worlds of
// successive seeds, each world's week a week after the previous one's (or
// --spacing apart, overlapping, for a denser stream), and
// reports the time per Add (mean and p99 over a window of docs ending at
// each checkpoint), the heap in use after a garbage collection at each
// checkpoint, and, measured in the same run on the same articles, the time
// of neardup.Sign and entities.Extract alone per article, so that the
// figures read as ratios too. At the end it reports B-cubed precision,
// recall and F1 of the whole run against the worlds' truth.
//
//	go run ./cmd/clusterbench
//	go run ./cmd/clusterbench --docs 200000 --at 10000,100000,200000
//	go run ./cmd/clusterbench --spacing 1h   # 168 worlds' news at once
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/newsdesk/newsdesk/internal/cluster"
	"github.com/newsdesk/newsdesk/internal/demo"
	"github.com/newsdesk/newsdesk/internal/entities"
	"github.com/newsdesk/newsdesk/internal/neardup"
)

const week = 7 * 24 * time.Hour

func main() {
	n := flag.Int("docs", 1_000_000, "articles to cluster")
	window := flag.Int("window", 5000, "Adds timed before each checkpoint")
	at := flag.String("at", "10000,100000,1000000", "checkpoints, comma-separated article counts")
	spacing := flag.Duration("spacing", week, "time between the ends of successive demo worlds (a world spans a week)")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the run to this file")
	memprofile := flag.String("memprofile", "", "write a heap profile at the end of the run to this file")
	flag.Parse()
	points, err := parsePoints(*at, *n)
	if err == nil && *spacing <= 0 {
		err = fmt.Errorf("--spacing must be positive")
	}
	if err != nil || *n < 1 || *window < 1 {
		fmt.Fprintln(os.Stderr, "usage: clusterbench [--docs N] [--window N] [--at N,N,...] [--spacing D] [--cpuprofile FILE]:", err)
		os.Exit(2)
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "clusterbench:", err)
			os.Exit(1)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(os.Stderr, "clusterbench:", err)
			os.Exit(1)
		}
		defer pprof.StopCPUProfile()
	}
	e := run(*n, *window, points, *spacing)
	if *memprofile != "" {
		if err := writeHeapProfile(*memprofile); err != nil {
			fmt.Fprintln(os.Stderr, "clusterbench:", err)
			os.Exit(1)
		}
	}
	// The engine's own memory: the live heap with it, less the live heap
	// once it is dropped.
	with := liveHeap()
	st := e.Stats()
	e = nil
	without := liveHeap()
	fmt.Printf("engine's live heap at the end: %.1f MB for %d open docs (%.1f KB a doc)\n",
		float64(with-without)/(1<<20), st.LiveDocs, float64(with-without)/1024/float64(max(st.LiveDocs, 1)))
}

func parsePoints(s string, n int) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		v, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || v < 1 {
			return nil, fmt.Errorf("bad checkpoint %q", f)
		}
		if v <= n {
			out = append(out, v)
		}
	}
	slices.Sort(out)
	return out, nil
}

// bench is the state of one run.
type bench struct {
	e       *cluster.Engine
	durs    []time.Duration // ring of the last window Adds
	total   time.Duration   // sum of every Add
	story   []int32         // per doc (ID-1), its story at assignment
	class   []int32         // per doc, its truth class
	parent  map[int64]int64 // merges
	started time.Time
}

func run(n, window int, points []int, spacing time.Duration) *cluster.Engine {
	b := &bench{
		e:       cluster.New(cluster.Config{}),
		durs:    make([]time.Duration, window),
		story:   make([]int32, n),
		class:   make([]int32, n),
		parent:  map[int64]int64{},
		started: time.Now(),
	}
	fmt.Printf("clusterbench: %d docs, a demo world every %s, Adds timed over the %d before each checkpoint, %s, GOMAXPROCS %d\n",
		n, spacing, window, runtime.Version(), runtime.GOMAXPROCS(0))
	fmt.Println("| docs | Add mean | p50 | p99 | Sign alone | Sign+Extract mean | p99 | Add / Sign | Add / Sign+Extract (mean, p99) | heap in use | of which unread articles | live docs | open stories | terms |")
	fmt.Println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	s := newStream(time.Date(2024, 1, 7, 12, 0, 0, 0, time.UTC), spacing)
	next := 0
	for id := 1; id <= n; id++ {
		a, cls := s.Next()
		b.class[id-1] = cls
		b.add(id, a)
		if next < len(points) && id == points[next] {
			b.checkpoint(id, window, s.sample, s.pendingBytes())
			next++
		}
	}
	b.report(n)
	return b.e
}

// add clusters one article and times it.
func (b *bench) add(id int, a demo.Article) {
	d := cluster.Doc{
		ID: int64(id), Title: a.Title, Text: strings.Join(a.Paragraphs, "\n\n"),
		Source: a.Outlet, Category: a.Category, Published: a.Published,
	}
	t0 := time.Now()
	as := b.e.Add(d)
	dt := time.Since(t0)
	b.total += dt
	b.durs[(id-1)%len(b.durs)] = dt
	b.story[id-1] = int32(as.Story)
	for _, m := range as.Merged {
		b.parent[m] = as.Story
	}
}

// checkpoint prints the figures at id docs: the Add times of the last
// window, the reference costs on the first world's articles, the heap.
func (b *bench) checkpoint(id, window int, arts []demo.Article, pending int64) {
	mean, p50, p99 := summary(b.durs[:min(window, id)])
	sign, both := references(arts)
	signMean, _, _ := summary(sign)
	refMean, _, refP99 := summary(both)
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	st := b.e.Stats()
	fmt.Printf("| %d | %s | %s | %s | %s | %s | %s | %.1fx | %.1fx, %.1fx | %.1f MB | %.1f MB | %d | %d | %d |\n",
		id, us(mean), us(p50), us(p99), us(signMean), us(refMean), us(refP99),
		float64(mean)/float64(signMean), float64(mean)/float64(refMean), float64(p99)/float64(refP99),
		float64(ms.HeapInuse)/(1<<20), float64(pending)/(1<<20), st.LiveDocs, st.OpenStories, st.Terms)
}

// summary returns the mean, median and 99th percentile of durations.
func summary(ds []time.Duration) (mean, p50, p99 time.Duration) {
	s := slices.Clone(ds)
	slices.Sort(s)
	var sum time.Duration
	for _, d := range s {
		sum += d
	}
	return sum / time.Duration(len(s)), s[len(s)/2], s[min(len(s)-1, len(s)*99/100)]
}

// references times, per article of a world and three passes over them,
// neardup.Sign alone and neardup.Sign with entities.Extract: the two
// library calls every Add makes, measured in the same conditions.
func references(arts []demo.Article) (sign, both []time.Duration) {
	bodies := make([]string, len(arts))
	for i, a := range arts {
		bodies[i] = strings.Join(a.Paragraphs, "\n\n")
	}
	for range 3 {
		for i, body := range bodies {
			t0 := time.Now()
			neardup.Sign(body)
			t1 := time.Now()
			entities.Extract(arts[i].Title, body)
			t2 := time.Now()
			sign = append(sign, t1.Sub(t0))
			both = append(both, t2.Sub(t0))
		}
	}
	return sign, both
}

// report prints the totals and B-cubed quality of the whole run.
func (b *bench) report(n int) {
	st := b.e.Stats()
	fmt.Printf("\ntotal: %d docs, %s in Add (%.0f docs/s), %s wall time including generating the worlds\n",
		n, b.total.Round(time.Millisecond), float64(n)/b.total.Seconds(), time.Since(b.started).Round(time.Second))
	fmt.Printf("engine: %d stories started, %d joined, %d near duplicates, %d merges, %d left alone, %d stories and %d docs evicted\n",
		st.NewStories, st.Joined, st.NearDups, st.Merges, st.Alone, st.EvictedStories, st.EvictedDocs)
	p, r, f1 := bcubed(b.final(), b.class)
	fmt.Printf("B-cubed over the whole run: precision %.4f recall %.4f F1 %.4f\n", p, r, f1)
}

// final returns each doc's story after merges; docs left alone get
// negative stories of their own.
func (b *bench) final() []int64 {
	out := make([]int64, len(b.story))
	for i, s := range b.story {
		v := int64(s)
		for range len(b.parent) + 1 {
			p, ok := b.parent[v]
			if !ok {
				break
			}
			v = p
		}
		if v == 0 {
			v = -int64(i) - 1
		}
		out[i] = v
	}
	return out
}

// bcubed computes B-cubed precision, recall and F1 of a clustering
// against truth classes.
func bcubed(cluster []int64, class []int32) (p, r, f1 float64) {
	size := map[int64]int32{}
	csize := map[int32]int32{}
	both := map[[2]int64]int32{}
	for i := range cluster {
		size[cluster[i]]++
		csize[class[i]]++
		both[[2]int64{cluster[i], int64(class[i])}]++
	}
	for i := range cluster {
		k := float64(both[[2]int64{cluster[i], int64(class[i])}])
		p += k / float64(size[cluster[i]])
		r += k / float64(csize[class[i]])
	}
	p /= float64(len(cluster))
	r /= float64(len(cluster))
	return p, r, 2 * p * r / (p + r)
}

// us formats a duration in microseconds.
func us(d time.Duration) string {
	return fmt.Sprintf("%.0f µs", float64(d)/float64(time.Microsecond))
}

// writeHeapProfile writes the live heap after a garbage collection.
func writeHeapProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	runtime.GC()
	return pprof.WriteHeapProfile(f)
}

// liveHeap returns the bytes of live heap objects after a collection.
func liveHeap() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}
