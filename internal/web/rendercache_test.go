package web_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/andybalholm/brotli"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
	"github.com/newsdesk/newsdesk/internal/store/postgres"
	"github.com/newsdesk/newsdesk/internal/store/sqlite"
	"github.com/newsdesk/newsdesk/internal/store/storetest"
	"github.com/newsdesk/newsdesk/internal/web"
)

// countingStore is the real store, counting the reads an article page
// or the home page makes.
type countingStore struct {
	store.Store
	reads atomic.Int64
}

func (c *countingStore) GetArticleBySlug(ctx context.Context, slug string) (model.Article, error) {
	c.reads.Add(1)
	return c.Store.GetArticleBySlug(ctx, slug)
}

func (c *countingStore) ListArticles(ctx context.Context, f store.ArticleFilter) ([]model.Article, string, error) {
	c.reads.Add(1)
	return c.Store.ListArticles(ctx, f)
}

func (c *countingStore) Thread(ctx context.Context, id int64, page, per int, newest bool) ([]model.Comment, int, error) {
	c.reads.Add(1)
	return c.Store.Thread(ctx, id, page, per, newest)
}

// cachedSite is the site over st with the render cache on, the change
// log read on every request that finds it older than a millisecond, and
// an "admin area" whose POSTs write to the store as the real one does:
// /admin/title?id=N&title=T retitles desk article N, /admin/approve?id=N
// approves comment N.
func cachedSite(t *testing.T, st store.Store) (*fixture, *countingStore) {
	t.Helper()
	cs := &countingStore{Store: st}
	adm := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			http.Error(w, "post only", http.StatusMethodNotAllowed)
			return
		}
		id, _ := strconv.ParseInt(r.URL.Query().Get("id"), 10, 64)
		var err error
		switch r.URL.Path {
		case "/admin/title":
			var d model.DeskArticle
			if d, err = st.GetDeskArticle(r.Context(), id); err == nil {
				d.Title = r.URL.Query().Get("title")
				_, err = st.SaveDeskArticle(r.Context(), d, store.DeskChange{Note: "retitled"})
			}
		case "/admin/approve":
			err = st.SetCommentStatus(r.Context(), id, model.CommentApproved)
		}
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	f := newFixtureOn(t, cs, func(o *web.Options) {
		o.RenderCache = 8 << 20
		o.ChangePoll = time.Millisecond
		o.Admin = adm
	})
	return f, cs
}

// settle renders u once (the first page view stores the comment form's
// secret, a site-wide change) and waits until the watcher has read the
// log, so what follows starts from a quiet cache.
func (f *fixture) settle(u string) {
	f.t.Helper()
	raw(f.t, "GET", u)
	f.post("/admin/settle")
}

// post sends a same-origin POST.
func (f *fixture) post(path string) response {
	f.t.Helper()
	req := mustRequest(f.t, http.MethodPost, f.srv.URL+path)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return f.do(req)
}

// eventually GETs path until its body holds want, for at most a minute
// (a patience a loaded CI host under -race cannot outlast; it ends as
// soon as the page shows the change): the watcher reads the change log
// on requests.
func (f *fixture) eventually(path, want string) {
	f.t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		r := f.get(path)
		if strings.Contains(r.body, want) {
			return
		}
		if time.Now().After(deadline) {
			f.t.Fatalf("%s never showed %q", path, want)
		}
	}
}

// publishDesk publishes a newsroom article and returns it and its path.
func publishDesk(t *testing.T, st store.Store, title string) (model.DeskArticle, string) {
	t.Helper()
	return web.PublishTestArticle(t, st, title, published, testSettings().Location)
}

// A hit is the same bytes, in every coding, without a store read; the
// validators answer 304; HEAD is GET without the body.
func TestRenderCache_Hits(t *testing.T) {
	f, cs := cachedSite(t, storetest.NewSQLite(t))
	a := seedArticle(f)
	u := f.srv.URL + web.Permalink(a, testSettings().Location)
	f.settle(u)
	first := raw(t, "GET", u)
	if first.status != 200 || !bytes.Contains(first.body, []byte("Storm hits the coast")) {
		t.Fatalf("first GET = %d", first.status)
	}
	reads := cs.reads.Load()
	second := raw(t, "GET", u)
	if !bytes.Equal(first.body, second.body) || second.header.Get("ETag") != first.header.Get("ETag") {
		t.Fatal("a hit differs from the response it repeats")
	}
	if got := cs.reads.Load(); got != reads {
		t.Errorf("a hit read the store %d times", got-reads)
	}
	tag := first.header.Get("ETag")
	lm := first.header.Get("Last-Modified")
	if lm == "" || first.header.Get("Vary") != "Accept-Encoding" || first.header.Get("Content-Security-Policy") == "" {
		t.Errorf("headers of a cached page: %v", first.header)
	}

	br := raw(t, "GET", u, "Accept-Encoding", "gzip, deflate, br")
	gz := raw(t, "GET", u, "Accept-Encoding", "gzip;q=1, br;q=0.5")
	if br.header.Get("Content-Encoding") != "br" || gz.header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("codings %q and %q", br.header.Get("Content-Encoding"), gz.header.Get("Content-Encoding"))
	}
	dec, err := io.ReadAll(brotli.NewReader(bytes.NewReader(br.body)))
	if err != nil || !bytes.Equal(dec, first.body) {
		t.Errorf("brotli body does not decode to the page (%v)", err)
	}
	if !bytes.Equal(gunzip(t, gz.body), first.body) {
		t.Error("gzip body does not decode to the page")
	}
	if br.header.Get("ETag") != strings.TrimSuffix(tag, `"`)+`-br"` || gz.header.Get("ETag") != strings.TrimSuffix(tag, `"`)+`-gz"` {
		t.Errorf("ETags %s %s %s", tag, br.header.Get("ETag"), gz.header.Get("ETag"))
	}
	if got := br.header.Get("Content-Length"); got != strconv.Itoa(len(br.body)) || len(br.body) >= len(gz.body) {
		t.Errorf("brotli: length %s for %d bytes (gzip %d)", got, len(br.body), len(gz.body))
	}
	if got := cs.reads.Load(); got != reads {
		t.Errorf("compressed hits read the store %d times", got-reads)
	}

	for _, c := range []struct {
		name   string
		header []string
		want   int
	}{
		{"If-None-Match", []string{"If-None-Match", tag}, 304},
		{"If-None-Match of the brotli body", []string{"Accept-Encoding", "br", "If-None-Match", br.header.Get("ETag")}, 304},
		{"brotli tag for identity", []string{"If-None-Match", br.header.Get("ETag")}, 200},
		{"If-Modified-Since", []string{"If-Modified-Since", lm}, 304},
		{"If-Modified-Since earlier", []string{"If-Modified-Since", "Mon, 01 Jan 2024 00:00:00 GMT"}, 200},
		{"If-None-Match wins", []string{"If-None-Match", `"other"`, "If-Modified-Since", lm}, 200},
	} {
		r := raw(t, "GET", u, c.header...)
		if r.status != c.want {
			t.Errorf("%s: %d, want %d", c.name, r.status, c.want)
		}
		if c.want == 304 && len(r.body) != 0 {
			t.Errorf("%s: a 304 with a body", c.name)
		}
	}
	head := raw(t, "HEAD", u, "Accept-Encoding", "br")
	if head.status != 200 || len(head.body) != 0 || head.header.Get("ETag") != br.header.Get("ETag") ||
		head.header.Get("Content-Length") != strconv.Itoa(len(br.body)) {
		t.Errorf("HEAD = %d, %d bytes, %v", head.status, len(head.body), head.header)
	}
}

// Staff are never served readers' copies, nor readers staff's.
func TestRenderCache_SignedInNeverMixed(t *testing.T) {
	f, cs := cachedSite(t, storetest.NewSQLite(t))
	a := seedArticle(f)
	path := web.Permalink(a, testSettings().Location)
	staff := func() response {
		req := mustRequest(t, "GET", f.srv.URL+path)
		req.AddCookie(&http.Cookie{Name: "newsdesk_session", Value: "s3cret"})
		return f.do(req)
	}
	before := cs.reads.Load()
	if r := staff(); r.status != 200 {
		t.Fatalf("staff GET = %d", r.status)
	}
	afterStaff := cs.reads.Load()
	f.get(path) // a reader: must render, not reuse the staff render
	afterReader := cs.reads.Load()
	if afterStaff == before || afterReader == afterStaff {
		t.Fatalf("store reads %d, %d, %d: a staff render was served to a reader", before, afterStaff, afterReader)
	}
	f.get(path)
	staff()
	if got := cs.reads.Load(); got == afterReader {
		t.Error("a signed-in request was served from the readers' cache")
	}
}

// Every writer's change shows on the next page: the admin area's
// (synchronously), and ingest's and another process's (after the
// watcher reads the log).
func TestRenderCache_Invalidation(t *testing.T) {
	forEachBackend(t, func(t *testing.T, open func(testing.TB) store.Store) {
		st, other := openTwice(t, open)
		f, _ := cachedSite(t, st)
		seedArticle(f)
		d, path := publishDesk(t, st, "Council votes on budget")
		if r := f.get(path); !strings.Contains(r.body, "Council votes on budget") {
			t.Fatalf("desk article page: %d", r.status)
		}
		f.get("/")
		if r := f.post("/admin/title?id=" + strconv.FormatInt(d.ID, 10) + "&title=Council+passes+budget"); r.status != 204 {
			t.Fatalf("retitle: %d %s", r.status, r.body)
		}
		if r := f.get(path); !strings.Contains(r.body, "Council passes budget") {
			t.Error("the article page kept its old title after the edit's POST returned")
		}
		if r := f.get("/"); !strings.Contains(r.body, "Council passes budget") {
			t.Error("the home page kept the old title after the edit's POST returned")
		}

		c, err := st.AddComment(t.Context(), model.Comment{ArticleID: d.ArticleID, Status: model.CommentPending,
			Name: "Ana", Email: "ana@example.com", Body: "Long overdue vote", Created: testNow})
		if err != nil {
			t.Fatal(err)
		}
		f.get(path)
		if r := f.post("/admin/approve?id=" + strconv.FormatInt(c.ID, 10)); r.status != 204 {
			t.Fatalf("approve: %d %s", r.status, r.body)
		}
		if r := f.get(path); !strings.Contains(r.body, "Long overdue vote") {
			t.Error("the approved comment is missing after the moderation POST returned")
		}

		// Ingest in another process: the other store handle.
		src, err := other.AddSource(t.Context(), model.Source{FeedURL: "https://other.example/feed", Name: "Other Wire"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := other.SaveArticles(t.Context(), src.ID, []model.Article{
			article("Ferry service resumes", "Weather", published.Add(time.Hour))}); err != nil {
			t.Fatal(err)
		}
		f.eventually("/", "Ferry service resumes")
		f.eventually("/category/weather", "Ferry service resumes")
		// The related articles under a permalink of the same section.
		f.eventually(path, "Council passes budget")
	})
}

// openTwice opens the store twice on one database, as two processes.
func openTwice(t *testing.T, open func(testing.TB) store.Store) (store.Store, store.Store) {
	t.Helper()
	first := open(t)
	var second store.Store
	var err error
	switch first.(type) {
	case *sqlite.Store:
		first.Close()
		path := filepath.Join(t.TempDir(), "shared.db")
		if first, err = sqlite.Open(t.Context(), path); err == nil {
			second, err = sqlite.Open(t.Context(), path)
		}
	case *postgres.Store:
		first.Close()
		schema := storetest.NewPostgresSchema(t)
		dsn := storetest.WithSearchPath(storetest.PostgresDSN(), schema)
		if first, err = postgres.Open(t.Context(), dsn); err == nil {
			second, err = postgres.Open(t.Context(), dsn)
		}
	}
	if err != nil || second == nil {
		t.Fatalf("open twice: %v", err)
	}
	t.Cleanup(func() { first.Close(); second.Close() })
	return first, second
}
