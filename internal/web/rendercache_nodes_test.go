package web

import (
	"crypto/rand"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/site"
	"github.com/newsdesk/newsdesk/internal/store"
	"github.com/newsdesk/newsdesk/internal/store/postgres"
	"github.com/newsdesk/newsdesk/internal/store/storetest"
)

// Two servers ("nodes") sharing one PostgreSQL database, each with its
// own store handle and render cache, as two machines behind a load
// balancer run: what one of them changes leaves the other's cache
// through the change log's notifications, with no request to the other.

// nodePatience bounds every wait for a change to cross: the crossing
// normally takes milliseconds; the bound only ends a test where it never
// happens.
const nodePatience = 30 * time.Second

// node is one server of the pair.
type node struct {
	t testing.TB
	s *server
	h http.Handler
}

// cluster is a database shared by nodes. appName names node B's
// connections, so that its listening backend can be found.
type cluster struct {
	dsn, appName string
}

func newCluster(t testing.TB) *cluster {
	t.Helper()
	schema := storetest.NewPostgresSchema(t)
	var raw [6]byte
	rand.Read(raw[:])
	return &cluster{dsn: storetest.WithSearchPath(storetest.PostgresDSN(), schema),
		appName: "nodes-test-" + hex.EncodeToString(raw[:])}
}

// open opens a store handle of its own, its connections named appName
// when that is set.
func (c *cluster) open(t testing.TB, appName string) *postgres.Store {
	t.Helper()
	dsn := c.dsn
	if appName != "" {
		u, err := url.Parse(dsn)
		if err != nil {
			t.Fatal(err)
		}
		q := u.Query()
		q.Set("application_name", appName)
		u.RawQuery = q.Encode()
		dsn = u.String()
	}
	st, err := postgres.Open(t.Context(), dsn)
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// newNode is a server over st with the render cache on, reading the
// change log on demand at most every poll. admin, when set, is its admin
// area.
func newNode(t testing.TB, st Store, poll time.Duration, admin http.Handler) *node {
	t.Helper()
	s, err := newServer(Options{
		Site:        site.Settings{Name: "The Harbor Gazette", Location: time.UTC, BaseURL: "https://news.example.org/"},
		Store:       st,
		RenderCache: 8 << 20,
		ChangePoll:  poll,
		NavTTL:      -1,
		StoryTTL:    -1,
		SearchLimit: RateLimit{Rate: -1},
		Admin:       admin,
	})
	if err != nil {
		t.Fatal(err)
	}
	return &node{t: t, s: s, h: s.withMiddleware(s.handler())}
}

// get answers a GET of path.
func (n *node) get(path string) (int, string) {
	rec := httptest.NewRecorder()
	n.h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	body, _ := io.ReadAll(rec.Body)
	return rec.Code, string(body)
}

// cached reports whether the render cache holds path.
func (n *node) cached(path string) bool {
	key, ok := cacheKey(httptest.NewRequest(http.MethodGet, path, nil))
	if !ok {
		n.t.Fatalf("%s is never cached", path)
	}
	n.s.rc.mu.Lock()
	defer n.s.rc.mu.Unlock()
	_, ok = n.s.rc.entries[key]
	return ok
}

// caughtUp reports whether the watcher has applied every change up to
// seq.
func (n *node) caughtUp(seq int64) bool {
	w := n.s.watch
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.ready && w.cursor >= seq
}

// warm waits until the watcher has applied every change written so far
// (the first page view stores the comment form's secret, a site-wide
// change), then renders path until it is cached and returns its body.
func (n *node) warm(st store.ChangeStore, path string) string {
	n.t.Helper()
	_, newest, err := st.ChangeBounds(n.t.Context())
	if err != nil {
		n.t.Fatal(err)
	}
	n.get(path) // starts the watcher
	waitUntil(n.t, "the watcher to catch up", func() bool { return n.caughtUp(newest) })
	var body string
	waitUntil(n.t, path+" to be cached", func() bool {
		var code int
		code, body = n.get(path)
		if code != http.StatusOK {
			n.t.Fatalf("GET %s = %d", path, code)
		}
		return n.cached(path)
	})
	return body
}

func waitUntil(t testing.TB, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(nodePatience); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
	}
}

// deskAdmin is an admin area writing to st as the real one does:
// POST /admin/title?id=N&title=T retitles desk article N, POST
// /admin/approve?id=N approves comment N.
func deskAdmin(st store.Store) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, _ := strconv.ParseInt(r.URL.Query().Get("id"), 10, 64)
		var err error
		switch r.URL.Path {
		case "/admin/title":
			err = retitle(r, st, id, r.URL.Query().Get("title"))
		case "/admin/approve":
			err = st.SetCommentStatus(r.Context(), id, model.CommentApproved)
		default:
			http.NotFound(w, r)
			return
		}
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
}

func retitle(r *http.Request, st store.Store, id int64, title string) error {
	d, err := st.GetDeskArticle(r.Context(), id)
	if err != nil {
		return err
	}
	d.Title = title
	_, err = st.SaveDeskArticle(r.Context(), d, store.DeskChange{Note: "retitled"})
	return err
}

// post sends a POST to the node, as the newsroom's browser would.
func (n *node) post(path string) {
	n.t.Helper()
	req := httptest.NewRequest(http.MethodPost, path, nil)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	rec := httptest.NewRecorder()
	n.h.ServeHTTP(rec, req)
	if rec.Code != http.StatusNoContent {
		n.t.Fatalf("POST %s = %d %s", path, rec.Code, rec.Body)
	}
}

// PublishTestArticle stores a newsroom article published at at and
// returns it with its permalink in loc; the render cache tests in this
// package and in web_test share it.
func PublishTestArticle(t testing.TB, st store.Store, title string, at time.Time, loc *time.Location) (model.DeskArticle, string) {
	t.Helper()
	u, err := st.AddUser(t.Context(), model.User{Email: "desk-" + model.Slugify(title, 20) + "@newsroom.example",
		Name: "Desk", Role: model.RoleEditor, PasswordHash: "unused"})
	if err != nil {
		t.Fatal(err)
	}
	d, err := st.CreateDeskArticle(t.Context(), model.DeskArticle{
		DeskFields: model.DeskFields{Title: title, Slug: model.Slugify(title, 60), Body: "Body of " + title},
		AuthorID:   u.ID, Status: model.DeskPublished, PublishAt: at,
		BodyHTML: "<p>Body of " + title + "</p>", BodyText: "Body of " + title,
	}, store.DeskChange{UserID: u.ID, Note: "created", At: at})
	if err != nil {
		t.Fatal(err)
	}
	a, err := st.GetArticle(t.Context(), d.ArticleID)
	if err != nil {
		t.Fatal(err)
	}
	return d, Permalink(a, loc)
}

// listening returns the process IDs of node B's listening backends.
func (c *cluster) listening(t testing.TB, conn *pgx.Conn) []int32 {
	t.Helper()
	rows, err := conn.Query(t.Context(), `SELECT pid FROM pg_stat_activity
		WHERE application_name = $1 AND query = 'LISTEN newsdesk_changes'`, c.appName)
	if err != nil {
		t.Fatal(err)
	}
	pids, err := pgx.CollectRows(rows, pgx.RowTo[int32])
	if err != nil {
		t.Fatal(err)
	}
	return pids
}

// An edit, an approved comment and a new article made through node A
// leave node B's cache with no request to B (B would poll only once an
// hour), and B then serves them; after B's listening backend is
// terminated, B reconnects and the next edit still crosses.
func TestRenderCacheNodes_ChangesCross(t *testing.T) {
	c := newCluster(t)
	stA, stB := c.open(t, ""), c.open(t, c.appName)
	a := newNode(t, stA, time.Millisecond, deskAdmin(stA))
	b := newNode(t, stB, time.Hour, nil)
	d, path := PublishTestArticle(t, stA, "Council votes on budget", time.Now().Add(-time.Hour), time.UTC)
	a.get(path)

	// An edit.
	if body := b.warm(stB, path); !strings.Contains(body, "Council votes on budget") {
		t.Fatal("node B's article page lacks the title")
	}
	a.post("/admin/title?id=" + strconv.FormatInt(d.ID, 10) + "&title=Council+passes+budget")
	waitUntil(t, "node B to drop the edited page", func() bool { return !b.cached(path) })
	if _, body := b.get(path); !strings.Contains(body, "Council passes budget") {
		t.Error("node B serves the old title after dropping the page")
	}

	// A comment approved.
	cm, err := stA.AddComment(t.Context(), model.Comment{ArticleID: d.ArticleID, Status: model.CommentPending,
		Name: "Ana", Email: "ana@example.com", Body: "Long overdue vote", Created: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	if body := b.warm(stB, path); strings.Contains(body, "Long overdue vote") {
		t.Fatal("a pending comment is shown")
	}
	a.post("/admin/approve?id=" + strconv.FormatInt(cm.ID, 10))
	waitUntil(t, "node B to drop the page of the approved comment", func() bool { return !b.cached(path) })
	if _, body := b.get(path); !strings.Contains(body, "Long overdue vote") {
		t.Error("node B lacks the approved comment after dropping the page")
	}

	// A new article from ingest.
	src, err := stA.AddSource(t.Context(), model.Source{FeedURL: "https://wire.example/feed", Name: "Wire"})
	if err != nil {
		t.Fatal(err)
	}
	b.warm(stB, "/")
	if _, err := stA.SaveArticles(t.Context(), src.ID, []model.Article{{GUID: "ferry", URL: "https://wire.example/ferry",
		Title: "Ferry service resumes", PublishedAt: time.Now().Add(-time.Minute)}}); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "node B to drop its home page", func() bool { return !b.cached("/") })
	if _, body := b.get("/"); !strings.Contains(body, "Ferry service resumes") {
		t.Error("node B's home page lacks the new article after dropping the page")
	}

	// The listening backend terminated, as a database restart does.
	conn, err := pgx.Connect(t.Context(), c.dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(t.Context())
	old := c.listening(t, conn)
	if len(old) != 1 {
		t.Fatalf("node B has %d listening backends, want 1", len(old))
	}
	if _, err := conn.Exec(t.Context(), `SELECT pg_terminate_backend($1)`, old[0]); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "node B to listen again", func() bool {
		now := c.listening(t, conn)
		return len(now) == 1 && now[0] != old[0]
	})
	b.warm(stB, path)
	a.post("/admin/title?id=" + strconv.FormatInt(d.ID, 10) + "&title=Council+adjourns")
	waitUntil(t, "node B to drop the page edited after reconnecting", func() bool { return !b.cached(path) })
	if _, body := b.get(path); !strings.Contains(body, "Council adjourns") {
		t.Error("node B serves the old title after reconnecting")
	}
}
