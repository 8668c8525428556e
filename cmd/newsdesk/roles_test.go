package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/site"
	"github.com/newsdesk/newsdesk/internal/store/postgres"
	"github.com/newsdesk/newsdesk/internal/store/storetest"
	"github.com/newsdesk/newsdesk/internal/stories"
)

func TestServe_BadRoleExits2(t *testing.T) {
	for _, c := range []struct {
		env  map[string]string
		args []string
	}{
		{nil, []string{"serve", "--role", "cook"}},
		{map[string]string{"NEWSDESK_ROLE": "both"}, []string{"serve"}},
	} {
		args := append(c.args, "--data", t.TempDir(), "--addr", "127.0.0.1:0")
		code, out, errOut := runCLI(t, c.env, args...)
		if code != 2 || strings.Count(strings.TrimSpace(errOut), "\n") != 0 || !strings.Contains(errOut, "--role must be all, web or worker") {
			t.Errorf("%v %v: exit %d, stderr %q; want 2 and one line naming --role", c.env, c.args, code, errOut)
		}
		if out != "" {
			t.Errorf("%v: printed %q on stdout", c.args, out)
		}
	}
}

var servingLine = regexp.MustCompile(`msg=serving url=(http://\S+)`)

// launchServe runs `newsdesk serve` in-process with args and env and
// returns its URL once it listens; stop cancels it and returns its exit
// status.
func launchServe(t *testing.T, env map[string]string, args ...string) (siteURL string, stop func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	exit := make(chan int, 1)
	go func() {
		exit <- run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...),
			stdio{in: strings.NewReader(""), out: io.Discard, err: pw, getenv: func(k string) string { return env[k] }})
		pw.Close()
	}()
	var logged strings.Builder
	lines := bufio.NewScanner(pr)
	for lines.Scan() {
		logged.WriteString(lines.Text() + "\n")
		if m := servingLine.FindStringSubmatch(lines.Text()); m != nil {
			siteURL = m[1]
			break
		}
	}
	go io.Copy(io.Discard, pr)
	var stopped atomic.Bool
	stop = func() int {
		if stopped.Swap(true) {
			return 0
		}
		cancel()
		return <-exit
	}
	t.Cleanup(func() { stop() })
	if siteURL == "" {
		t.Fatalf("serve %v never listened (exit %d); log:\n%s", args, stop(), logged.String())
	}
	return siteURL, stop
}

// status GETs url and returns the status and body.
func status(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// A web node and a worker node share one PostgreSQL database: the web
// node serves the site and never fetches; the worker fetches and
// clusters, and answers /healthz but not the site.
func TestServe_WebAndWorkerRolesOnOnePostgres(t *testing.T) {
	dsn := storetest.WithSearchPath(storetest.PostgresDSN(), storetest.NewPostgresSchema(t))
	var hits atomic.Int64
	feed := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(sampleRSS))
	}))
	defer feed.Close()
	env := map[string]string{"NEWSDESK_DB": dsn, "NEWSDESK_ALLOW_PRIVATE": "127.0.0.1/32", "NEWSDESK_LOG_LEVEL": "info"}
	if code, out, errOut := runCLI(t, env, "sources", "add", feed.URL+"/feed.xml", "--extract", "never"); code != 0 {
		t.Fatalf("sources add: %d %q %q", code, out, errOut)
	}
	subscribed := hits.Load()

	webEnv := map[string]string{"NEWSDESK_ROLE": "web"}
	for k, v := range env {
		webEnv[k] = v
	}
	web, _ := launchServe(t, webEnv)
	if code, body := status(t, web+"/"); code != http.StatusOK || !strings.Contains(body, "<html") {
		t.Fatalf("web node GET /: %d", code)
	}
	articles := func() []map[string]any {
		code, body := status(t, web+"/api/v1/articles")
		if code != http.StatusOK {
			t.Fatalf("GET /api/v1/articles: %d %s", code, body)
		}
		var page struct{ Items []map[string]any }
		if err := json.Unmarshal([]byte(body), &page); err != nil {
			t.Fatal(err)
		}
		return page.Items
	}
	// The source is due now; a node running the scheduler fetches it at
	// once. The web node serves pages a while and must not.
	for range 10 {
		status(t, web+"/healthz")
		time.Sleep(50 * time.Millisecond)
	}
	if n := hits.Load(); n != subscribed {
		t.Fatalf("the web node fetched the feed (%d requests after subscribing)", n-subscribed)
	}
	if a := articles(); len(a) != 0 {
		t.Fatalf("articles stored with only a web node running: %v", a)
	}

	// The worker is not told to allow the feed's loopback address: an
	// admin stored it in the site settings, which the worker must follow
	// as web nodes do.
	st, err := postgres.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.SetSettings(t.Context(), map[string]string{site.KeyAllowPrivate: "127.0.0.1/32"}); err != nil {
		t.Fatal(err)
	}
	worker, _ := launchServe(t, map[string]string{"NEWSDESK_DB": dsn, "NEWSDESK_LOG_LEVEL": "info"}, "--role", "worker")
	deadline := time.Now().Add(time.Minute)
	for {
		a := articles()
		// Fetched, stored and clustered: the worker ran the scheduler
		// and (as the only candidate) led the clusterer.
		if len(a) == 1 && a[0]["story_id"] != nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the worker never fetched and clustered the feed: %v (feed requests %d)", a, hits.Load()-subscribed)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if code, body := status(t, worker+"/healthz"); code != http.StatusOK || strings.TrimSpace(body) != "ok" {
		t.Errorf("worker /healthz: %d %q", code, body)
	}
	for _, p := range []string{"/", "/api/v1/articles", "/admin/", "/search?q=story"} {
		if code, _ := status(t, worker+p); code != http.StatusNotFound {
			t.Errorf("worker GET %s: %d, want 404", p, code)
		}
	}
}

// `stories cluster` beside a server's clusterer gives way instead of
// running a second engine, and clusters once the lead is free.
func TestDrainLed_GivesWayToTheLeader(t *testing.T) {
	dsn := storetest.WithSearchPath(storetest.PostgresDSN(), storetest.NewPostgresSchema(t))
	open := func() *postgres.Store {
		st, err := postgres.Open(t.Context(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	}
	st, server := open(), open()
	src, err := st.AddSource(t.Context(), model.Source{FeedURL: "https://one.example/feed", Name: "One"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.SaveArticles(t.Context(), src.ID, []model.Article{{GUID: "1", URL: "https://one.example/1",
		Title: "Harbour budget approved", ContentText: "The council approved the harbour budget.", FetchedAt: time.Now()}}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	leading, served := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(served)
		server.Leader(postgres.LeaderOptions{Retry: 50 * time.Millisecond, Check: 100 * time.Millisecond, Grace: 300 * time.Millisecond}).
			Lead(ctx, "stories", func(ctx context.Context) { close(leading); <-ctx.Done() })
	}()
	select {
	case <-leading:
	case <-time.After(time.Minute):
		t.Fatal("the server never led")
	}
	w := stories.New(st, stories.Options{})
	if n, err := drainLed(t.Context(), st, w, 500*time.Millisecond); !errors.Is(err, errOtherClusterer) || n != 0 {
		t.Fatalf("drainLed beside a leader = %d, %v; want errOtherClusterer", n, err)
	}
	if left, _ := st.PendingClustering(t.Context(), 10); len(left) != 1 {
		t.Fatalf("%d articles pending after giving way, want 1", len(left))
	}
	cancel()
	<-served
	if n, err := drainLed(t.Context(), st, w, time.Minute); err != nil || n != 1 {
		t.Fatalf("drainLed with the lead free = %d, %v; want 1 article", n, err)
	}
}
