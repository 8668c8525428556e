package readerapi_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/auth"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/readerapi"
	"github.com/newsdesk/newsdesk/internal/site"
	"github.com/newsdesk/newsdesk/internal/store"
	"github.com/newsdesk/newsdesk/internal/store/storetest"
)

// world is a newsroom with two sources, a hidden article and a
// newsroom original, served by the reader APIs over real HTTP.
type world struct {
	st     store.Store
	srv    *httptest.Server
	tokens *auth.Tokens
	author model.User
	secret string // the author's reader token
	srcA   model.Source
	srcB   model.Source
	a, b   []int64 // visible articles of A and B, oldest first
	hidden int64
	own    int64   // the newsroom's original
	all    []int64 // every visible article, newest first
}

// eachStore runs fn on a fresh SQLite store and, when it can be reached,
// a fresh PostgreSQL one.
func eachStore(t *testing.T, fn func(t *testing.T, w *world)) {
	t.Run("sqlite", func(t *testing.T) { t.Parallel(); fn(t, newWorld(t, storetest.NewSQLite(t))) })
	t.Run("postgres", func(t *testing.T) { t.Parallel(); fn(t, newWorld(t, storetest.NewPostgres(t))) })
}

func newWorld(t *testing.T, st store.Store) *world {
	t.Helper()
	ctx := t.Context()
	w := &world{st: st}
	var err error
	if w.srcA, err = st.AddSource(ctx, model.Source{FeedURL: "https://alpha.example/feed", SiteURL: "https://alpha.example/", Name: "Alpha", Category: "World"}); err != nil {
		t.Fatal(err)
	}
	if w.srcB, err = st.AddSource(ctx, model.Source{FeedURL: "https://beta.example/rss", SiteURL: "https://beta.example/", Name: "Beta"}); err != nil {
		t.Fatal(err)
	}
	start := time.Now().Add(-2 * time.Hour).Truncate(time.Second)
	save := func(src model.Source, cat string, n, from int) []int64 {
		var arts []model.Article
		for i := range n {
			title := fmt.Sprintf("%s report %d", src.Name, i)
			at := start.Add(time.Duration(from+i) * time.Minute)
			arts = append(arts, model.Article{GUID: title, URL: src.SiteURL + fmt.Sprint(i), Title: title, Byline: "Reporter " + src.Name,
				Excerpt: "About " + title, ContentHTML: `<p>Body of ` + title + ` &amp; more</p>`, PublishedAt: at, FetchedAt: at, Category: cat})
		}
		res, err := st.SaveArticles(ctx, src.ID, arts)
		if err != nil {
			t.Fatal(err)
		}
		return res.IDs
	}
	w.a = save(w.srcA, "World", 8, 0)
	w.b = save(w.srcB, "Sports", 5, 20)
	w.hidden = w.a[3]
	if err := st.SetArticleHidden(ctx, w.hidden, true); err != nil {
		t.Fatal(err)
	}
	w.a = slices.Delete(w.a, 3, 4)
	editor, err := st.AddUser(ctx, model.User{Email: "editor@example.com", Name: "Ed", Role: model.RoleEditor})
	if err != nil {
		t.Fatal(err)
	}
	d := model.DeskArticle{DeskFields: model.DeskFields{Title: "Our scoop", Slug: "our-scoop", Body: "Scoop"}, AuthorID: editor.ID,
		Status: model.DeskPublished, PublishAt: start.Add(time.Hour), BodyHTML: "<p>Scoop</p>", BodyText: "Scoop"}
	if d, err = st.CreateDeskArticle(ctx, d, store.DeskChange{UserID: editor.ID, Note: "published", At: start.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	w.own = d.ArticleID
	if w.author, err = st.AddUser(ctx, model.User{Email: "Reader@Example.com", Name: "Rea Der", Role: model.RoleAuthor}); err != nil {
		t.Fatal(err)
	}
	if w.tokens, err = auth.NewTokens(st, auth.TokenOptions{}); err != nil {
		t.Fatal(err)
	}
	w.secret = w.token(t, w.author, model.ScopeReader)
	h, err := readerapi.New(readerapi.Options{Store: st, Tokens: w.tokens,
		Settings: func() site.Settings { return site.Settings{Name: "The Daily Test", BaseURL: "https://news.example"} }})
	if err != nil {
		t.Fatal(err)
	}
	w.srv = httptest.NewServer(h)
	t.Cleanup(w.srv.Close)
	w.all = slices.Concat(w.a, w.b, []int64{w.own})
	slices.Sort(w.all)
	slices.Reverse(w.all)
	return w
}

// token makes a token of scope for u and returns its secret.
func (w *world) token(t *testing.T, u model.User, scope model.TokenScope) string {
	t.Helper()
	_, secret, err := w.tokens.Create(t.Context(), u, "app "+string(scope)+u.Email, scope)
	if err != nil {
		t.Fatal(err)
	}
	return secret
}

// call sends form (in the query for GET, as the body for POST) with the
// given headers and returns the status, headers and body.
func (w *world) call(t *testing.T, method, path string, form url.Values, hdr ...string) (int, http.Header, []byte) {
	t.Helper()
	target := w.srv.URL + path
	var body io.Reader
	if method == http.MethodGet && len(form) > 0 {
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		target += sep + form.Encode()
	} else if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(t.Context(), method, target, body)
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := w.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if cc := resp.Header.Get("Cache-Control"); cc != "private, no-store" {
		t.Errorf("%s %s: Cache-Control %q, want private, no-store", method, path, cc)
	}
	if resp.Header.Get("Set-Cookie") != "" {
		t.Errorf("%s %s sets a cookie", method, path)
	}
	return resp.StatusCode, resp.Header, b
}

// decode parses a JSON answer, failing on a status other than 200.
func decode[T any](t *testing.T, status int, body []byte) T {
	t.Helper()
	var v T
	if status != http.StatusOK {
		t.Fatalf("status %d: %s", status, body)
	}
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("decode %s: %v", body, err)
	}
	return v
}

func wantStatus(t *testing.T, what string, got int, body []byte, want int) {
	t.Helper()
	if got != want {
		t.Fatalf("%s: status %d (%s), want %d", what, got, strings.TrimSpace(string(body)), want)
	}
}
