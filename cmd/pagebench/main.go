// Command pagebench measures how fast newsdesk serves an article page
// (issue 8, item 7), against two references measured in the same run:
//
//   - "bare Go": a net/http server in its own process writing the same
//     bytes from memory, the ceiling of a Go server on this machine;
//   - "nginx": nginx serving the same bytes as a static file.
//
// It builds the demo world's database once (newsdesk demo, stopped when
// the site is ready), then starts `newsdesk serve` on it with the render
// cache on and again with it off, picks the article page whose size is
// closest to --page-size, and drives each server with wrk at the same
// number of connections, interleaving the servers round by round so that
// drift on a shared machine hits them alike. It prints a Markdown table
// of requests per second, latency percentiles and the ratios.
//
// With --spike it then runs the spike test against newsdesk: ten times
// the connections for --spike-duration while slow clients (slowloris)
// open connections and dribble their request headers, and reports the
// errors wrk saw and how the server dealt with the slow clients.
//
//	go run ./cmd/pagebench                      # needs wrk and nginx on PATH
//	go run ./cmd/pagebench --spike --duration 20s
//
// wrk and nginx come from Debian: apt-get install -y wrk nginx.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

type config struct {
	duration    time.Duration
	warmup      time.Duration
	connections int
	threads     int
	rounds      int
	pageSize    int
	newsdesk    string
	keep        string
	spike       bool
	spikeDur    time.Duration
	slowClients int
}

func main() {
	var cfg config
	flag.DurationVar(&cfg.duration, "duration", 15*time.Second, "length of each measured wrk run")
	flag.DurationVar(&cfg.warmup, "warmup", 3*time.Second, "length of the unmeasured wrk run before each server's first round")
	flag.IntVar(&cfg.connections, "connections", 50, "connections wrk holds open")
	flag.IntVar(&cfg.threads, "threads", 2, "wrk threads")
	flag.IntVar(&cfg.rounds, "rounds", 2, "rounds; each measures every server once, and the best round of each is reported")
	flag.IntVar(&cfg.pageSize, "page-size", 40<<10, "the article page measured is the one whose size is closest to this many bytes")
	flag.StringVar(&cfg.newsdesk, "newsdesk", "", "newsdesk binary to measure (default: built from this checkout)")
	flag.StringVar(&cfg.keep, "dir", "", "working directory kept after the run (default: a temporary one, removed)")
	flag.BoolVar(&cfg.spike, "spike", false, "also run the spike test: 10x the connections plus slow clients")
	flag.DurationVar(&cfg.spikeDur, "spike-duration", time.Minute, "length of the spike")
	flag.IntVar(&cfg.slowClients, "slow-clients", 300, "slowloris connections held open during the spike")
	serveFile := flag.String("serve-bytes", "", "internal: serve this file's bytes from memory (the bare Go reference)")
	addr := flag.String("addr", "", "internal: address for --serve-bytes")
	flag.Parse()

	if *serveFile != "" {
		if err := serveBytes(*serveFile, *addr); err != nil {
			fmt.Fprintln(os.Stderr, "pagebench:", err)
			os.Exit(1)
		}
		return
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, cfg, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "pagebench:", err)
		os.Exit(1)
	}
}

// server is one way of serving the page under test.
type server struct {
	name string
	url  string
	stop func()
}

func run(ctx context.Context, cfg config, out io.Writer) error {
	for _, tool := range []string{"wrk", "nginx"} {
		if _, err := exec.LookPath(tool); err != nil {
			return fmt.Errorf("%s is not installed (apt-get install -y wrk nginx)", tool)
		}
	}
	dir := cfg.keep
	if dir == "" {
		tmp, err := os.MkdirTemp("", "pagebench-*")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	bin := cfg.newsdesk
	if bin == "" {
		bin = filepath.Join(dir, "newsdesk")
		fmt.Fprintln(out, "building newsdesk…")
		build := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/newsdesk")
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		if err := build.Run(); err != nil {
			return fmt.Errorf("go build: %w", err)
		}
	}
	db := filepath.Join(dir, "newsdesk.db")
	if _, err := os.Stat(db); err != nil {
		fmt.Fprintln(out, "building the demo world's database…")
		if err := buildDemoDB(ctx, bin, dir); err != nil {
			return err
		}
	}

	servers, err := startServers(ctx, cfg, bin, dir, db)
	defer func() {
		for _, s := range servers {
			s.stop()
		}
	}()
	if err != nil {
		return err
	}
	path, page, err := pickPage(ctx, servers[0].url, cfg.pageSize)
	if err != nil {
		return err
	}
	_, _, hdr, err := get(ctx, servers[0].url+path)
	if err != nil {
		return err
	}
	refs, err := startReferences(ctx, dir, page, hdr)
	servers = append(servers, refs...)
	if err != nil {
		return err
	}
	for _, s := range servers {
		if err := samePage(ctx, s, path, page); err != nil {
			return err
		}
	}
	fmt.Fprintf(out, "\npage %s: %d bytes; wrk -t%d -c%d -d%s, %d rounds, %d cores, %s\n",
		path, len(page), cfg.threads, cfg.connections, cfg.duration, cfg.rounds, runtime.NumCPU(), time.Now().UTC().Format(time.DateOnly))

	best := make([]wrkResult, len(servers))
	for _, s := range servers {
		if _, err := runWrk(ctx, s.url+path, cfg.threads, cfg.connections, cfg.warmup); err != nil {
			return fmt.Errorf("%s warm-up: %w", s.name, err)
		}
	}
	for round := 1; round <= cfg.rounds; round++ {
		for i, s := range servers {
			r, err := runWrk(ctx, s.url+path, cfg.threads, cfg.connections, cfg.duration)
			if err != nil {
				return fmt.Errorf("%s: %w", s.name, err)
			}
			fmt.Fprintf(out, "round %d  %-28s %9.0f req/s  p50 %-8s p99 %-8s errors %d\n",
				round, s.name, r.rps, r.p50, r.p99, r.errors())
			if r.rps > best[i].rps {
				best[i] = r
			}
		}
	}
	printTable(out, servers, best)
	if cfg.spike {
		return spikeTest(ctx, cfg, servers[0], path, out)
	}
	return nil
}

// printTable writes the best round of each server as a Markdown table,
// with each one's rate as a share of the bare Go server's and of nginx's.
func printTable(out io.Writer, servers []server, best []wrkResult) {
	var bare, nginx float64
	for i, s := range servers {
		switch s.name {
		case refBare:
			bare = best[i].rps
		case refNginx:
			nginx = best[i].rps
		}
	}
	fmt.Fprintf(out, "\n| server | req/s | p50 | p90 | p99 | errors | vs bare Go | vs nginx |\n|---|---:|---:|---:|---:|---:|---:|---:|\n")
	for i, s := range servers {
		r := best[i]
		fmt.Fprintf(out, "| %s | %.0f | %s | %s | %s | %d | %.0f%% | %.0f%% |\n",
			s.name, r.rps, r.p50, r.p90, r.p99, r.errors(), 100*r.rps/bare, 100*r.rps/nginx)
	}
}

// samePage checks that s answers path with exactly the page measured, so
// every server does the same work.
func samePage(ctx context.Context, s server, path string, page []byte) error {
	got, status, _, err := get(ctx, s.url+path)
	if err != nil {
		return fmt.Errorf("%s: %w", s.name, err)
	}
	if status != http.StatusOK || len(got) != len(page) {
		return fmt.Errorf("%s answers %s with status %d and %d bytes, not the %d-byte page", s.name, path, status, len(got), len(page))
	}
	return nil
}

// get fetches url without compression, as wrk does.
func get(ctx context.Context, url string) ([]byte, int, http.Header, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, 0, nil, err
	}
	req.Header.Set("Accept-Encoding", "identity")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, 0, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	return body, resp.StatusCode, resp.Header, err
}

// waitUp polls url until it answers 200 or the deadline passes.
func waitUp(ctx context.Context, url string, within time.Duration) error {
	deadline := time.Now().Add(within)
	for {
		_, status, _, err := get(ctx, url)
		if err == nil && status == http.StatusOK {
			return nil
		}
		if time.Now().After(deadline) {
			if err == nil {
				err = fmt.Errorf("status %d", status)
			}
			return fmt.Errorf("%s did not come up within %s: %w", url, within, err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

var errNoPage = errors.New("no article page found")

// trimHost turns an absolute URL on the site into its path.
func trimHost(u string) string {
	if i := strings.Index(u, "://"); i >= 0 {
		if j := strings.IndexByte(u[i+3:], '/'); j >= 0 {
			return u[i+3+j:]
		}
		return "/"
	}
	return u
}
