package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/newsdesk/newsdesk/internal/comments"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
	"github.com/newsdesk/newsdesk/internal/store/storetest"
	"github.com/newsdesk/newsdesk/internal/web"
)

// backends are the stores the comment flows run on; PostgreSQL is
// skipped when unreachable (storetest.NewPostgres says how to require it).
var backends = []struct {
	name string
	open func(testing.TB) store.Store
}{
	{"sqlite", storetest.NewSQLiteCopy},
	{"postgres", storetest.NewPostgres},
}

// forEachBackend runs fn once per backend, as subtests.
func forEachBackend(t *testing.T, fn func(t *testing.T, open func(testing.TB) store.Store)) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) { fn(t, b.open) })
	}
}

// testClock is the site's clock in the comment tests: stopped, and moved
// on by the test (form tokens need a few seconds between showing the form
// and posting it, the flood rule 15 seconds between posts).
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// logBuffer collects the server's logs (JSON lines) safely across
// goroutines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// lines returns the log records at minLevel or above, as text.
func (b *logBuffer) lines(minLevel string) []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	rank := map[string]int{"DEBUG": 0, "INFO": 1, "WARN": 2, "ERROR": 3}
	var out []string
	for line := range strings.SplitSeq(b.buf.String(), "\n") {
		if line == "" {
			continue
		}
		var rec struct{ Level string }
		if err := json.Unmarshal([]byte(line), &rec); err != nil || rank[rec.Level] >= rank[minLevel] {
			out = append(out, line)
		}
	}
	return out
}

// noteRecorder is a comments.Notifier that keeps what it is given.
type noteRecorder struct {
	got  chan sentNote
	fail error
}

// moderators are the addresses a held comment is sent to: every admin,
// editor and moderator, no author.
var moderators = []string{"chief@newsroom.example", "desk@newsroom.example", "mod@newsroom.example"}

// next waits for the next notification.
func (n *noteRecorder) next(t *testing.T) sentNote {
	t.Helper()
	select {
	case got := <-n.got:
		return got
	case <-time.After(time.Minute):
		t.Fatal("no moderator was notified")
	}
	return sentNote{}
}

type sentNote struct {
	to     []string
	notice comments.Notice
}

func (n *noteRecorder) Notify(ctx context.Context, to []string, notice comments.Notice) error {
	n.got <- sentNote{append([]string(nil), to...), notice}
	return n.fail
}

// commentSite is the site with a movable clock, 127.0.0.1 as a trusted
// proxy (so X-Forwarded-For names each test client), captured logs, a
// notifier, and one open article.
type commentSite struct {
	*fixture
	clock *testClock
	logs  *logBuffer
	notes *noteRecorder
	art   model.Article
	path  string
}

// proxyPeer is where the test client connects from: the trusted proxy.
var proxyPeer = netip.MustParsePrefix("127.0.0.1/32")

// newCommentSite starts the site over st after storing the discussion
// settings, with one article ("Storm hits the coast", and three others).
func newCommentSite(t *testing.T, st store.Store, settings map[string]string, change ...func(*web.Options)) *commentSite {
	t.Helper()
	if len(settings) > 0 {
		if err := st.SetSettings(t.Context(), settings); err != nil {
			t.Fatalf("SetSettings: %v", err)
		}
	}
	cs := &commentSite{
		clock: &testClock{now: testNow},
		logs:  &logBuffer{},
		notes: &noteRecorder{got: make(chan sentNote, 100)},
	}
	cs.fixture = newFixtureOn(t, st, append([]func(*web.Options){func(o *web.Options) {
		o.Now = cs.clock.Now
		o.Logger = slogJSON(cs.logs)
		o.TrustedProxies = []netip.Prefix{proxyPeer}
		o.Notifier = cs.notes
		o.SettingsTTL = -1
		o.CommentLimit = web.RateLimit{Rate: -1}
	}}, change...)...)
	for _, u := range []struct {
		email string
		role  model.Role
	}{
		{"chief@newsroom.example", model.RoleAdmin}, {"desk@newsroom.example", model.RoleEditor},
		{"writer@newsroom.example", model.RoleAuthor}, {"mod@newsroom.example", model.RoleModerator},
	} {
		if _, err := st.AddUser(t.Context(), model.User{Email: u.email, Name: string(u.role), Role: u.role, PasswordHash: "unused"}); err != nil {
			t.Fatalf("AddUser: %v", err)
		}
	}
	cs.art = seedArticle(cs.fixture)
	cs.path = web.Permalink(cs.art, testSettings().Location)
	return cs
}

// openForm loads an article page and returns its comment form's hidden
// fields (article, parent, a fresh token).
func (c *commentSite) openForm(path string) url.Values {
	c.t.Helper()
	doc := c.page(path, http.StatusOK)
	return hiddenFields(c.t, doc)
}

// hiddenFields reads the comment form's hidden fields from a page.
func hiddenFields(t *testing.T, doc *goquery.Document) url.Values {
	t.Helper()
	form := doc.Find("form#commentform")
	if form.Length() != 1 {
		t.Fatal("the page has no comment form")
	}
	v := url.Values{}
	form.Find(`input[type="hidden"]`).Each(func(_ int, s *goquery.Selection) {
		name, _ := s.Attr("name")
		value, _ := s.Attr("value")
		v.Set(name, value)
	})
	if v.Get("comment_token") == "" || v.Get("article_id") == "" {
		t.Fatalf("the comment form lacks its hidden fields: %v", v)
	}
	return v
}

// fill returns the hidden fields with the reader's fields set.
func fill(hidden url.Values, body, name, email, website string) url.Values {
	v := url.Values{}
	for k, vs := range hidden {
		v[k] = append([]string(nil), vs...)
	}
	v.Set("comment", body)
	v.Set("author", name)
	v.Set("email", email)
	v.Set("url", website)
	return v
}

// post sends the comment form as a browser on the same site would, from
// client (named by the trusted proxy's X-Forwarded-For; "" names none).
func (c *commentSite) post(v url.Values, client string) response {
	c.t.Helper()
	return c.do(c.postRequest(v, client))
}

func (c *commentSite) postRequest(v url.Values, client string) *http.Request {
	c.t.Helper()
	req, err := http.NewRequestWithContext(c.t.Context(), http.MethodPost, c.srv.URL+"/comments", strings.NewReader(v.Encode()))
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", c.srv.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("User-Agent", "newsdesk-test/1.0")
	if client != "" {
		req.Header.Set("X-Forwarded-For", client)
	}
	return req
}

// comment posts a comment on the site's article the way a reader does:
// the page is loaded, the reader takes a few seconds to write, and the
// form is posted.
func (c *commentSite) comment(client, body, name, email, website string) response {
	c.t.Helper()
	hidden := c.openForm(c.path)
	c.clock.Advance(4 * time.Second)
	return c.post(fill(hidden, body, name, email, website), client)
}

// reply posts a reply to comment parent.
func (c *commentSite) reply(parent int64, client, body, name, email string) response {
	c.t.Helper()
	hidden := c.openForm(c.path + "?replytocom=" + strconv.FormatInt(parent, 10))
	if hidden.Get("comment_parent") != strconv.FormatInt(parent, 10) {
		c.t.Fatalf("the reply form's comment_parent = %q, want %d", hidden.Get("comment_parent"), parent)
	}
	c.clock.Advance(4 * time.Second)
	return c.post(fill(hidden, body, name, email, ""), client)
}

// mintToken issues a form token with the site's stored secret, as
// another server of the site would, dated ten seconds ago.
func (c *commentSite) mintToken(articleID int64) string {
	c.t.Helper()
	kv, err := c.store.Settings(c.t.Context())
	if err != nil {
		c.t.Fatal(err)
	}
	secret, ok := comments.SecretFrom(kv)
	if !ok {
		c.t.Fatal("no comment form secret stored yet: load a page first")
	}
	return comments.Tokens{Secret: secret}.Issue(articleID, c.clock.Now().Add(-10*time.Second))
}

// redirect checks a 303 and returns its target.
func redirectTarget(t *testing.T, r response) *url.URL {
	t.Helper()
	if r.status != http.StatusSeeOther {
		t.Fatalf("post = %d, want 303\n%s", r.status, r.body)
	}
	u, err := url.Parse(r.header.Get("Location"))
	if err != nil {
		t.Fatalf("Location %q: %v", r.header.Get("Location"), err)
	}
	return u
}

// commentID reads the comment ID from a redirect's fragment.
func commentID(t *testing.T, u *url.URL) int64 {
	t.Helper()
	id, err := strconv.ParseInt(strings.TrimPrefix(u.Fragment, "comment-"), 10, 64)
	if err != nil || !strings.HasPrefix(u.Fragment, "comment-") {
		t.Fatalf("redirect %s does not point at a comment", u)
	}
	return id
}

// docOf parses an HTML body.
func docOf(t *testing.T, body string) *goquery.Document {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// statuses counts an article's comments by status.
func (c *commentSite) statuses() map[model.CommentStatus]int {
	c.t.Helper()
	n, err := c.store.CountComments(c.t.Context(), c.art.ID)
	if err != nil {
		c.t.Fatal(err)
	}
	return n
}

// stored returns a comment as the store keeps it.
func (c *commentSite) stored(id int64) model.Comment {
	c.t.Helper()
	got, err := c.store.GetComment(c.t.Context(), id)
	if err != nil {
		c.t.Fatalf("GetComment(%d): %v", id, err)
	}
	return got
}

// slogJSON logs everything, debug included, as JSON lines into w.
func slogJSON(w *logBuffer) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// webOptions shortens the options' name in tests.
type webOptions = web.Options

// postTo builds a same-site comment post to the site at base.
func postTo(t *testing.T, base string, v url.Values) *http.Request {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, base+"/comments", strings.NewReader(v.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return req
}

// contextContext shortens context.Context in test function literals.
type contextContext = context.Context

// storetestSQLite is storetest.NewSQLiteCopy.
func storetestSQLite(t *testing.T) store.Store { return storetest.NewSQLiteCopy(t) }

// webRateLimit builds a web.RateLimit.
func webRateLimit(rate float64, burst int) web.RateLimit {
	return web.RateLimit{Rate: rate, Burst: burst}
}
