// Command searchbench measures newsdesk's search at scale (issue 4): it
// fills a database with a synthetic corpus (default 1,000,000 articles of
// about 300 words), reports how long indexing took and how large the
// database grew, then replays a mix of live-search queries through the
// site's HTTP endpoint and, for each, the engine's bare match (MatchIDs),
// and reports the latencies of both, their ratio and the memory used.
//
//	go run ./cmd/searchbench --db /tmp/bench/news.db
//	go run ./cmd/searchbench --db postgres://postgres@127.0.0.1/bench
//
// A database that already holds the corpus is reused, so the queries can
// be measured again without rebuilding. On SQLite the index's segments
// are merged first, as the store does in the background while a site
// runs (the time it takes is reported).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/search"
	"github.com/newsdesk/newsdesk/internal/site"
	"github.com/newsdesk/newsdesk/internal/store"
	"github.com/newsdesk/newsdesk/internal/store/dbopen"
	"github.com/newsdesk/newsdesk/internal/store/storetest"
	"github.com/newsdesk/newsdesk/internal/web"
)

// matcher is the engine-only search both stores offer.
type matcher interface {
	MatchIDs(ctx context.Context, q store.SearchQuery, limit int) ([]int64, error)
}

func main() {
	db := flag.String("db", "", "SQLite path or postgres:// URL (required)")
	articles := flag.Int("articles", 1_000_000, "articles in the corpus")
	queries := flag.Int("queries", 1000, "queries replayed")
	seed := flag.Uint64("seed", 1, "corpus seed")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the whole run to this file")
	flag.Parse()
	if *db == "" || *articles < 1 || *queries < 1 {
		fmt.Fprintln(os.Stderr, "usage: searchbench --db PATH_OR_URL [--articles N] [--queries N] [--seed N]")
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "searchbench:", err)
			os.Exit(1)
		}
		defer pprof.StopCPUProfile()
	}
	if err := run(ctx, *db, *articles, *queries, *seed); err != nil {
		pprof.StopCPUProfile()
		fmt.Fprintln(os.Stderr, "searchbench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, db string, n, nq int, seed uint64) error {
	st, err := dbopen.Open(ctx, db, "")
	if err != nil {
		return err
	}
	defer st.Close()
	m, ok := st.(matcher)
	if !ok {
		return errors.New("this store has no engine-only search to compare with")
	}
	corpus := storetest.NewCorpus(seed, n)
	have, err := countArticles(ctx, st)
	if err != nil {
		return err
	}
	if have < n {
		if have > 0 {
			return fmt.Errorf("the database holds %d articles, not %d: start from an empty one", have, n)
		}
		if err := build(ctx, st, corpus, n); err != nil {
			return err
		}
	} else {
		fmt.Printf("reusing %d articles\n", have)
		// The phrases of the query mix come from generated articles.
		for i := range min(n, 50_000) {
			corpus.Article(i)
		}
	}
	// A site's store merges its index's segments whenever saving pauses;
	// the build saved without pause, so the merging it leaves is done
	// (and timed) before the queries, as a running site would have it.
	if merger, ok := st.(interface{ MergeIndex(context.Context) error }); ok {
		start := time.Now()
		if err := merger.MergeIndex(ctx); err != nil {
			return err
		}
		fmt.Printf("index segments merged in %s\n", time.Since(start).Round(time.Second))
	}
	if sizer, ok := st.(interface {
		DiskSize(context.Context) (int64, error)
	}); ok {
		size, err := sizer.DiskSize(ctx)
		if err != nil {
			return err
		}
		fmt.Printf("database size: %s\n", mib(size))
	}
	return replay(ctx, st, m, corpus.Queries(nq))
}

func countArticles(ctx context.Context, st store.Store) (int, error) {
	res, err := st.SearchArticles(ctx, store.SearchQuery{Limit: 1})
	return res.Total, err
}

// build stores the corpus, a thousand articles at a time per source.
func build(ctx context.Context, st store.Store, c *storetest.Corpus, n int) error {
	for i := range c.Sources {
		if _, err := st.AddSource(ctx, model.Source{FeedURL: fmt.Sprintf("https://corpus.example/%d/feed.xml", i+1),
			Name: fmt.Sprintf("Outlet %d", i+1), Extract: model.ExtractNever,
			State: model.FetchState{NextFetchAt: time.Now().Add(100 * 24 * time.Hour)}}); err != nil {
			return err
		}
	}
	start := time.Now()
	bySource := map[int64][]model.Article{}
	flush := func() error {
		for id, arts := range bySource {
			if _, err := st.SaveArticles(ctx, id, arts); err != nil {
				return err
			}
		}
		clear(bySource)
		return nil
	}
	for i := range n {
		src, a := c.Article(i)
		bySource[src] = append(bySource[src], a)
		// Twenty new articles per source at a time, as feeds deliver them:
		// IDs follow publication time, as on a live site.
		if (i+1)%(20*c.Sources) == 0 {
			if err := flush(); err != nil {
				return err
			}
			if (i+1)%100_000 == 0 {
				fmt.Printf("  %d articles, %.0f/s\n", i+1, float64(i+1)/time.Since(start).Seconds())
			}
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	if err := flush(); err != nil {
		return err
	}
	d := time.Since(start)
	fmt.Printf("index build: %d articles in %s (%.0f articles/s, generation included)\n", n, d.Round(time.Second), float64(n)/d.Seconds())
	return nil
}

// replay serves the site on loopback and runs every query through
// /api/v1/search (as the header's live search does) and through the
// engine alone, after one warm-up round of each.
func replay(ctx context.Context, st store.Store, m matcher, qs []url.Values) error {
	settings := site.Defaults()
	// The benchmark is one client asking far faster than a reader types:
	// the per-client rate limit is off.
	h, err := web.New(web.Options{Site: settings, Store: st, SearchLimit: web.RateLimit{Rate: -1}})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()
	base := "http://" + ln.Addr().String() + "/api/v1/search?"
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4}}
	an, err := search.NewAnalyzer(settings.Language)
	if err != nil {
		return err
	}
	viaHTTP := func(v url.Values) (time.Duration, error) {
		v = cloneValues(v)
		v.Set("live", "1")
		v.Set("limit", "8")
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+v.Encode(), nil)
		if err != nil {
			return 0, err
		}
		t0 := time.Now()
		resp, err := client.Do(req)
		if err != nil {
			return 0, err
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		d := time.Since(t0)
		if resp.StatusCode != http.StatusOK {
			return d, fmt.Errorf("GET %s: %s", v.Encode(), resp.Status)
		}
		return d, nil
	}
	bare := func(v url.Values) (time.Duration, error) {
		q := engineQuery(an, v)
		t0 := time.Now()
		_, err := m.MatchIDs(ctx, q, 8)
		return time.Since(t0), err
	}
	for _, v := range qs { // warm-up
		if _, err := viaHTTP(v); err != nil {
			return err
		}
		if _, err := bare(v); err != nil {
			return err
		}
	}
	var httpT, bareT []time.Duration
	type timed struct {
		d time.Duration
		v url.Values
	}
	var slow []timed
	byKind := map[string][]time.Duration{}
	for i, v := range qs {
		// The first of the two to run reads the pages the second then
		// finds in SQLite's cache: they take turns going first.
		var dh, db time.Duration
		var err error
		if i%2 == 0 {
			if dh, err = viaHTTP(v); err == nil {
				db, err = bare(v)
			}
		} else {
			if db, err = bare(v); err == nil {
				dh, err = viaHTTP(v)
			}
		}
		if err != nil {
			return err
		}
		httpT = append(httpT, dh)
		byKind[storetest.QueryKind(i)] = append(byKind[storetest.QueryKind(i)], dh)
		bareT = append(bareT, db)
		slow = append(slow, timed{db, v})
	}
	slices.SortFunc(slow, func(a, b timed) int { return int(b.d - a.d) })
	fmt.Println("slowest queries, engine alone:")
	for _, t := range slow[:min(5, len(slow))] {
		fmt.Printf("  %7.2f ms  %s\n", ms(t.d), t.v.Encode())
	}
	report := func(name string, ds []time.Duration) (p50 time.Duration) {
		slices.Sort(ds)
		pct := func(p float64) time.Duration { return ds[min(len(ds)-1, int(p*float64(len(ds))))] }
		fmt.Printf("%-22s p50 %7.2f ms  p90 %7.2f ms  p99 %7.2f ms  max %7.2f ms\n", name,
			ms(pct(0.50)), ms(pct(0.90)), ms(pct(0.99)), ms(ds[len(ds)-1]))
		return pct(0.50)
	}
	fmt.Printf("%d queries, each through HTTP and through the engine alone:\n", len(qs))
	h50 := report("HTTP /api/v1/search", httpT)
	b50 := report("engine (MatchIDs)", bareT)
	fmt.Printf("overhead at p50: %.2fx; mean: %.2fx\n", float64(h50)/float64(b50), mean(httpT)/mean(bareT))
	fmt.Println("through HTTP, by kind of query:")
	for i := range 5 {
		report("  "+storetest.QueryKind(i), byKind[storetest.QueryKind(i)])
	}
	if rss, err := peakRSS(); err == nil {
		fmt.Printf("peak RSS of this process: %s\n", mib(rss))
	}
	return nil
}

// engineQuery is what the live-search endpoint asks the store, built
// from the same parameters: a live query (the last word a prefix) with
// the category, date and source filters of the mix.
func engineQuery(an *search.Analyzer, v url.Values) store.SearchQuery {
	q := store.SearchQuery{Query: an.Parse(v.Get("q"), search.ParseOptions{PrefixLast: true}),
		Window: store.LiveWindow, CountUpTo: store.LiveWindow}
	if c := v.Get("category"); c != "" {
		q.Categories = []string{c}
	}
	if s := v.Get("source"); s != "" {
		id, _ := strconv.ParseInt(s, 10, 64)
		q.Sources = []int64{id}
	}
	if v.Get("from") == "30d" {
		q.Since = time.Now().Add(-30 * 24 * time.Hour)
	}
	return q
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = slices.Clone(vs)
	}
	return out
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func mean(ds []time.Duration) float64 {
	var sum time.Duration
	for _, d := range ds {
		sum += d
	}
	return float64(sum) / float64(len(ds))
}

func mib(n int64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }

// peakRSS reads the process's high-water resident set from /proc.
func peakRSS() (int64, error) {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, err
	}
	for line := range strings.Lines(string(data)) {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10, err
		}
	}
	return 0, errors.New("no VmHWM in /proc/self/status")
}
