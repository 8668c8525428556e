package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
	"github.com/newsdesk/newsdesk/internal/store/postgres"
	"github.com/newsdesk/newsdesk/internal/store/storetest"
	"github.com/newsdesk/newsdesk/internal/web"
)

// cutProxy is a TCP relay between the store and PostgreSQL that a test
// can cut (close its port and reset every connection: the database is
// down), restore (listen again on the same port: it is back) or reset
// (drop the connections but keep listening: it restarted), without
// touching the server other tests share.
type cutProxy struct {
	t      *testing.T
	target string
	addr   string

	mu    sync.Mutex
	ln    net.Listener
	conns map[net.Conn]bool
}

func newCutProxy(t *testing.T, target string) *cutProxy {
	p := &cutProxy{t: t, target: target, addr: "127.0.0.1:0", conns: map[net.Conn]bool{}}
	p.restore()
	t.Cleanup(p.cut)
	return p
}

// restore starts listening (on the port used before, if any).
func (p *cutProxy) restore() {
	p.t.Helper()
	var ln net.Listener
	var err error
	for deadline := time.Now().Add(time.Minute); ; {
		if ln, err = net.Listen("tcp", p.addr); err == nil || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond) // the port is still held by the last listener's closing
	}
	if err != nil {
		p.t.Fatalf("proxy: listen on %s again: %v", p.addr, err)
	}
	p.mu.Lock()
	p.ln, p.addr = ln, ln.Addr().String()
	p.mu.Unlock()
	go p.accept(ln)
}

func (p *cutProxy) accept(ln net.Listener) {
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		up, err := net.Dial("tcp", p.target)
		if err != nil {
			c.Close()
			continue
		}
		p.mu.Lock()
		p.conns[c], p.conns[up] = true, true
		p.mu.Unlock()
		var once sync.Once
		end := func() {
			once.Do(func() {
				c.Close()
				up.Close()
				p.mu.Lock()
				delete(p.conns, c)
				delete(p.conns, up)
				p.mu.Unlock()
			})
		}
		go func() { io.Copy(up, c); end() }()
		go func() { io.Copy(c, up); end() }()
	}
}

// reset drops every relayed connection with a TCP reset, as a database
// server that was restarted leaves them.
func (p *cutProxy) reset() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for c := range p.conns {
		if tc, ok := c.(*net.TCPConn); ok {
			tc.SetLinger(0) // close with RST, not FIN
		}
		c.Close()
		delete(p.conns, c)
	}
}

// cut closes the port (connections are refused) and resets the rest.
func (p *cutProxy) cut() {
	p.mu.Lock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	p.mu.Unlock()
	p.reset()
}

// syncBuffer is a log sink the server's goroutines write to.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) count(s string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return strings.Count(b.b.String(), s)
}

// A PostgreSQL outage is answered with 503 and Retry-After, never 500:
// by /readyz, pages and the API alike; the node needs no restart to come
// back, when the database returns after being down or after dropping
// every connection; and nothing stored before is lost. The outage is
// logged once, not per request.
func TestDatabaseOutage_PostgresRecovers(t *testing.T) {
	schema := storetest.NewPostgresSchema(t) // skips when PostgreSQL is away
	u, err := url.Parse(storetest.PostgresDSN())
	if err != nil || u.Host == "" {
		t.Skipf("NEWSDESK_TEST_POSTGRES is not a postgres:// URL with a host: %q", storetest.PostgresDSN())
	}
	proxy := newCutProxy(t, u.Host)
	u.Host = proxy.addr
	st, err := postgres.Open(t.Context(), storetest.WithSearchPath(u.String(), schema))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	var logs syncBuffer
	f := newFixtureOn(t, st, func(o *web.Options) {
		o.RenderCache = 8 << 20
		o.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	})
	src := f.addSource("Harbor Wire")
	arts := f.save(src.ID,
		article("Storm hits the coast", "weather", testNow.Add(-2*time.Hour)),
		article("Ferry service resumes", "local", testNow.Add(-time.Hour)))
	posted, err := st.AddComment(t.Context(), model.Comment{ArticleID: arts[0].ID, Status: model.CommentApproved,
		Name: "Ada", Email: "ada@example.com", Body: "Posted before the outage", Created: testNow})
	if err != nil {
		t.Fatal(err)
	}
	pages := []string{
		web.Permalink(arts[0], newYork),
		web.Permalink(arts[1], newYork),
		fmt.Sprintf("/api/v1/articles/%d", arts[1].ID),
		fmt.Sprintf("/api/v1/articles/%d/comments", arts[0].ID),
	}
	// every fetches each path, requiring every answer to be 200 or a 503
	// that says when to retry, and reports whether all were 200.
	every := func(phase string, paths ...string) bool {
		t.Helper()
		all := true
		for _, p := range paths {
			r := f.get(p)
			switch r.status {
			case http.StatusOK:
			case http.StatusServiceUnavailable:
				if r.header.Get("Retry-After") != "5" {
					t.Errorf("%s: %s = 503 with Retry-After %q, want 5", phase, p, r.header.Get("Retry-After"))
				}
				if strings.HasPrefix(p, "/api/") && !strings.Contains(r.body, `"error"`) {
					t.Errorf("%s: %s = 503 without a JSON error: %q", phase, p, r.body)
				}
				all = false
			default:
				t.Fatalf("%s: %s = %d, want 200 or 503:\n%.400s", phase, p, r.status, r.body)
			}
		}
		return all
	}
	// waitFor polls until cond holds, failing after a minute.
	waitFor := func(what string, cond func() bool) {
		t.Helper()
		defer func(start time.Time) { t.Logf("waited %v for: %s", time.Since(start), what) }(time.Now())
		for deadline := time.Now().Add(time.Minute); !cond(); time.Sleep(20 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("after a minute: %s", what)
			}
		}
	}
	// Before: the site answers. A POST makes the change-log watcher read
	// the log (it does before answering any non-GET), so the pages read
	// after it are kept; pages[1] and pages[2] are never read before the
	// outage.
	if !every("before", "/readyz", "/healthz") {
		t.Fatal("the site did not answer 200 before the outage")
	}
	f.post("/admin/settle")
	if !every("before", pages[0], pages[3]) {
		t.Fatal("the site did not answer 200 before the outage")
	}
	// The first article page stores the comment form's secret, a
	// settings change that empties the cache: read them once more.
	f.post("/admin/settle")
	every("before", pages[0], pages[3])

	proxy.cut()
	waitFor("/readyz still says ready with the database cut off", func() bool {
		return f.get("/readyz").status == http.StatusServiceUnavailable
	})
	r := f.get("/readyz")
	if r.header.Get("Retry-After") != "5" || !strings.Contains(r.body, "database") {
		t.Errorf("/readyz while cut off: Retry-After %q, body %q", r.header.Get("Retry-After"), r.body)
	}
	if r := f.get("/healthz"); r.status != http.StatusServiceUnavailable || r.header.Get("Retry-After") != "5" {
		t.Errorf("/healthz while cut off = %d, Retry-After %q", r.status, r.header.Get("Retry-After"))
	}
	// A page never rendered before needs the database: 503, not 500.
	for range 5 {
		if every("cut off", pages[1], pages[2]) {
			t.Fatalf("%s and %s answered 200 with the database cut off", pages[1], pages[2])
		}
	}
	// Pages already rendered are still served from the render cache: the
	// watcher cannot read the log either, and keeps what it has.
	if !every("cut off, cached", pages[0], pages[3]) {
		t.Errorf("cached pages %s and %s were not served with the database cut off", pages[0], pages[3])
	}
	if n := logs.count("navigation unavailable"); n != 0 {
		t.Errorf("each 503 page logged the outage again (%d times):\n%s", n, logs.b.String())
	}
	if n := logs.count("change log unreachable"); n != 1 {
		t.Errorf("the watcher logged the outage %d times, want once:\n%s", n, logs.b.String())
	}
	if n := logs.count("answering 503 until it is back"); n != 1 {
		t.Errorf("the outage was logged %d times, want once:\n%s", n, logs.b.String())
	}

	proxy.restore()
	waitFor("the site did not come back after the database did", func() bool {
		return every("restored", append(pages, "/readyz")...)
	})
	var thread struct {
		Items []struct {
			ID   int64  `json:"id"`
			Body string `json:"body"`
		} `json:"items"`
	}
	r = f.get(pages[3])
	if err := json.Unmarshal([]byte(r.body), &thread); err != nil {
		t.Fatalf("comments after the outage: %v: %q", err, r.body)
	}
	if len(thread.Items) != 1 || thread.Items[0].ID != posted.ID {
		t.Errorf("comments after the outage = %+v, want comment %d", thread.Items, posted.ID)
	}

	// A restart: every pooled connection dies at once, the port stays.
	proxy.reset()
	waitFor("the site did not come back after its connections were reset", func() bool {
		return every("reset", append(pages, "/readyz")...)
	})

	// The change-log watcher came back too: a comment stored now drops
	// the cached thread, which then lists it.
	if r := f.get(pages[3]); r.status != http.StatusOK {
		t.Fatalf("%s = %d", pages[3], r.status)
	}
	// A pooled connection the reset killed fails once, as unavailable,
	// and is dropped; the write is then retried, as a reader would.
	var later model.Comment
	waitFor("a comment could not be stored after the reset", func() bool {
		later, err = st.AddComment(t.Context(), model.Comment{ArticleID: arts[0].ID, Status: model.CommentApproved,
			Name: "Bo", Email: "bo@example.com", Body: "Posted after the outage", Created: testNow.Add(time.Minute)})
		if err != nil && !store.IsUnavailable(err) {
			t.Fatalf("add comment after the reset: %v", err)
		}
		return err == nil
	})
	waitFor("the cached thread never showed the comment stored after the outage", func() bool {
		r := f.get(pages[3])
		return r.status == http.StatusOK && strings.Contains(r.body, fmt.Sprintf(`"id":%d`, later.ID))
	})
}
