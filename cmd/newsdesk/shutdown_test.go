package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
)

// A request in flight when shutdown begins is answered in full; a new
// connection after that is refused; and the server then returns cleanly.
func TestServeHTTP_DrainsRequestsInFlight(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	entered, release := make(chan struct{}), make(chan struct{})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(entered)
		<-release
		io.WriteString(w, "slow page")
	})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serveHTTPWith(ctx, ln, h, slog.New(slog.DiscardHandler), defaultHTTPLimits) }()

	type answer struct {
		status int
		body   string
		err    error
	}
	got := make(chan answer, 1)
	go func() {
		resp, err := http.Get("http://" + ln.Addr().String() + "/slow")
		if err != nil {
			got <- answer{err: err}
			return
		}
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		got <- answer{resp.StatusCode, string(b), err}
	}()
	<-entered
	cancel()
	// Shutdown closes the listener first: wait until connecting fails.
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(10 * time.Millisecond) {
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			break
		}
		c.Close()
		if time.Now().After(deadline) {
			t.Fatal("the server still took connections a minute after shutdown began")
		}
	}
	close(release)
	a := <-got
	if a.err != nil || a.status != http.StatusOK || a.body != "slow page" {
		t.Errorf("request in flight at shutdown: %d %q %v", a.status, a.body, a.err)
	}
	if err := <-done; err != nil {
		t.Errorf("serveHTTPWith: %v", err)
	}
}

// Once draining, /readyz answers 503 whatever the site says, and every
// other request still reaches the site.
func TestDrainGate(t *testing.T) {
	site := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "site:"+r.URL.Path) })
	g := &drainGate{next: site}
	get := func(path string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		g.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		return rec
	}
	if r := get("/readyz"); r.Code != 200 || r.Body.String() != "site:/readyz" {
		t.Errorf("before draining: /readyz = %d %q", r.Code, r.Body)
	}
	g.draining.Store(true)
	if r := get("/readyz"); r.Code != http.StatusServiceUnavailable || r.Header().Get("Retry-After") != "5" || r.Body.String() != "shutting down\n" {
		t.Errorf("draining: /readyz = %d %q Retry-After %q", r.Code, r.Body, r.Header().Get("Retry-After"))
	}
	for _, p := range []string{"/", "/healthz", "/readyz/x"} {
		if r := get(p); r.Code != 200 || r.Body.String() != "site:"+p {
			t.Errorf("draining: %s = %d %q", p, r.Code, r.Body)
		}
	}
}

// lockedBuffer is stderr for a command running in another goroutine.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// 'newsdesk serve' stopped (SIGTERM cancels its context) while a fetch is
// in flight gives the job back: another worker can claim it at once, it
// is not left leased until its lease runs out.
func TestServe_ShutdownGivesBackFetchInFlight(t *testing.T) {
	dir := t.TempDir()
	fetching := make(chan struct{})
	var once sync.Once
	feed := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		once.Do(func() { close(fetching) })
		<-r.Context().Done() // answers only when the fetch gives up
	}))
	defer feed.Close()
	st := openData(t, dir)
	src, err := st.AddSource(t.Context(), model.Source{FeedURL: feed.URL + "/feed.xml", SiteURL: feed.URL + "/", Name: "Slow Wire"})
	st.Close()
	if err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var errb lockedBuffer
	env := map[string]string{"NEWSDESK_DATA": dir, "NEWSDESK_ALLOW_PRIVATE": "127.0.0.1/32"}
	code := make(chan int, 1)
	go func() {
		code <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0"}, stdio{in: strings.NewReader(""), out: io.Discard, err: &errb,
			getenv: func(k string) string { return env[k] }})
	}()
	select {
	case <-fetching:
	case c := <-code:
		t.Fatalf("serve exited %d before fetching:\n%s", c, errb.String())
	case <-time.After(time.Minute):
		t.Fatalf("serve never fetched the feed:\n%s", errb.String())
	}
	addr := regexp.MustCompile(`url=http://(127\.0\.0\.1:\d+)`).FindStringSubmatch(errb.String())
	if addr == nil {
		t.Fatalf("serve logged no address:\n%s", errb.String())
	}
	if resp, err := http.Get("http://" + addr[1] + "/readyz"); err != nil || resp.StatusCode != 200 {
		t.Fatalf("/readyz while serving: %v %v", resp, err)
	}
	cancel()
	if c := <-code; c != 0 {
		t.Fatalf("serve exited %d on shutdown:\n%s", c, errb.String())
	}
	if _, err := net.Dial("tcp", addr[1]); err == nil {
		t.Error("the stopped server still takes connections")
	}
	st = openData(t, dir)
	defer st.Close()
	jobs, err := st.ClaimFetches(t.Context(), "another-node", time.Now(), time.Minute, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(jobs) != 1 || jobs[0].Source.ID != src.ID {
		t.Errorf("after shutdown mid-fetch another worker claimed %+v, want source %d given back", jobs, src.ID)
	}
}

func TestServe_BadDrainDelayExits2(t *testing.T) {
	for _, d := range []string{"-1s", "6m", "soon"} {
		code, _, errOut := runCLI(t, map[string]string{"NEWSDESK_DATA": t.TempDir()}, "serve", "--drain-delay", d)
		if code != 2 || strings.Count(strings.TrimSpace(errOut), "\n") != 0 || !strings.Contains(errOut, "drain-delay") {
			t.Errorf("--drain-delay %s: exit %d, stderr %q", d, code, errOut)
		}
	}
}
