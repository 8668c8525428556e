package web_test

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/internal/auth"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
	"github.com/newsdesk/newsdesk/internal/store/storetest"
	"github.com/newsdesk/newsdesk/internal/web"
)

// writeWorld is a running site taking API writes, with one account of
// each role holding an API token, and a reader token of the editor's.
type writeWorld struct {
	*fixture
	toks    *auth.Tokens
	users   map[model.Role]model.User
	secrets map[model.Role]string
	reader  string // the editor's reader-scope secret
}

func newWriteWorld(t *testing.T, st store.Store, change ...func(*web.Options)) *writeWorld {
	t.Helper()
	toks, err := auth.NewTokens(st, auth.TokenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	w := &writeWorld{toks: toks, users: map[model.Role]model.User{}, secrets: map[model.Role]string{}}
	for _, role := range model.Roles {
		u, err := st.AddUser(t.Context(), model.User{Email: string(role) + "@example.org", Name: "The " + string(role),
			Role: role, PasswordHash: "unused"})
		if err != nil {
			t.Fatal(err)
		}
		_, secret, err := toks.Create(t.Context(), u, "script", model.ScopeAPI)
		if err != nil {
			t.Fatal(err)
		}
		w.users[role], w.secrets[role] = u, secret
	}
	if _, w.reader, err = toks.Create(t.Context(), w.users[model.RoleEditor], "phone", model.ScopeReader); err != nil {
		t.Fatal(err)
	}
	opts := append([]func(*web.Options){func(o *web.Options) {
		o.Writes = &web.APIWrites{Tokens: toks, Store: st, Limit: web.RateLimit{Rate: -1}}
	}}, change...)
	w.fixture = newFixtureOn(t, st, opts...)
	return w
}

// call sends a write with the secret as bearer token ("" for none) and
// the headers given as name, value pairs.
func (w *writeWorld) call(method, path, secret, body string, headers ...string) response {
	w.t.Helper()
	req, err := http.NewRequestWithContext(w.t.Context(), method, w.srv.URL+"/api/v1"+path, strings.NewReader(body))
	if err != nil {
		w.t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if secret != "" {
		req.Header.Set("Authorization", "Bearer "+secret)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return w.do(req)
}

// deskReply is the part of a written article the tests read.
type deskReply struct {
	ID        int64
	ArticleID *int64 `json:"article_id"`
	URL       *string
	Status    string
	Version   int
	Title     string
	Slug      string
	Byline    string
	Tags      []string
	PublishAt *string `json:"publish_at"`
	Error     string
	Fields    map[string]string
}

func decodeReply(t *testing.T, r response) deskReply {
	t.Helper()
	var d deskReply
	if err := json.Unmarshal([]byte(r.body), &d); err != nil {
		t.Fatalf("answer %d is not JSON: %v: %s", r.status, err, r.body)
	}
	return d
}

// wantStatus fails unless r answered status with a JSON body.
func wantStatus(t *testing.T, what string, r response, status int) {
	t.Helper()
	if r.status != status {
		t.Fatalf("%s = %d, want %d: %s", what, r.status, status, r.body)
	}
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("%s: Content-Type %q", what, ct)
	}
}

func TestAPIWrite_ArticleLifecycle(t *testing.T) {
	w := newWriteWorld(t, storetest.NewSQLite(t))
	testArticleLifecycle(t, w)
}

func TestAPIWrite_ArticleLifecyclePostgres(t *testing.T) {
	w := newWriteWorld(t, storetest.NewPostgres(t))
	testArticleLifecycle(t, w)
}

func testArticleLifecycle(t *testing.T, w *writeWorld) {
	author := w.secrets[model.RoleAuthor]
	r := w.call("POST", "/articles", author, `{"title":"Ferry service resumes","body":"The **ferry** runs again.",
		"excerpt":"Boats are back.","category":"World","tags":["ferries","harbor"],"credit":"Wire Agency",
		"credit_url":"https://wire.example/ferry"}`)
	wantStatus(t, "create a draft", r, http.StatusCreated)
	d := decodeReply(t, r)
	if d.ID == 0 || d.Status != "draft" || d.Version != 1 || d.Slug != "ferry-service-resumes" || d.Byline != "The author" ||
		len(d.Tags) != 2 || d.ArticleID != nil || d.URL != nil {
		t.Fatalf("created article = %+v", d)
	}
	if r.header.Get("ETag") != `"1"` || r.header.Get("Cache-Control") != "no-store" {
		t.Errorf("ETag %q, Cache-Control %q", r.header.Get("ETag"), r.header.Get("Cache-Control"))
	}
	id := strconv.FormatInt(d.ID, 10)

	// A partial change keeps the rest; a stale version is refused both ways.
	r = w.call("PATCH", "/articles/"+id, author, `{"title":"Ferry service resumes at dawn","version":1}`)
	wantStatus(t, "patch", r, http.StatusOK)
	if d = decodeReply(t, r); d.Version != 2 || d.Title != "Ferry service resumes at dawn" || len(d.Tags) != 2 || d.Slug != "ferry-service-resumes" {
		t.Errorf("patched article = %+v", d)
	}
	wantStatus(t, "patch from version 1 again", w.call("PATCH", "/articles/"+id, author, `{"excerpt":"x","version":1}`), http.StatusConflict)
	wantStatus(t, "patch with a stale If-Match", w.call("PATCH", "/articles/"+id, author, `{"excerpt":"x"}`, "If-Match", `"1"`),
		http.StatusPreconditionFailed)
	wantStatus(t, "patch with the current If-Match", w.call("PATCH", "/articles/"+id, author, `{"excerpt":"Boats run."}`, "If-Match", `"2"`),
		http.StatusOK)

	// Publishing shows it on the public site, at the address the answer gives.
	r = w.call("POST", "/articles/"+id+"/publish", author, "")
	wantStatus(t, "publish", r, http.StatusOK)
	d = decodeReply(t, r)
	if d.Status != "published" || d.ArticleID == nil || d.URL == nil || d.PublishAt == nil {
		t.Fatalf("published article = %+v", d)
	}
	path := strings.TrimPrefix(*d.URL, "https://news.example.org")
	if page := w.get(path); page.status != 200 || !strings.Contains(page.body, "Ferry service resumes at dawn") ||
		!strings.Contains(page.body, "<strong>ferry</strong>") {
		t.Fatalf("GET %s = %d; want the article's page", path, page.status)
	}
	pub := w.get("/api/v1/articles/" + strconv.FormatInt(*d.ArticleID, 10))
	if pub.status != 200 || !strings.Contains(pub.body, `"kind":"original"`) {
		t.Errorf("the public API's article = %d %s", pub.status, pub.body)
	}
	// Publishing again is done already; unpublishing takes it down.
	wantStatus(t, "publish twice", w.call("POST", "/articles/"+id+"/publish", author, ""), http.StatusOK)
	r = w.call("POST", "/articles/"+id+"/unpublish", author, "", "If-Match", `"4"`)
	wantStatus(t, "unpublish", r, http.StatusOK)
	if d = decodeReply(t, r); d.Status != "unpublished" || d.URL != nil {
		t.Errorf("unpublished article = %+v", d)
	}
	if page := w.get(path); page.status == 200 {
		t.Errorf("the unpublished article's page still answers 200")
	}
	// A draft cannot be unpublished; a scheduled article needs a future time.
	r = w.call("POST", "/articles", author, `{"title":"Night tide","body":"High water at midnight."}`)
	wantStatus(t, "create a second draft", r, http.StatusCreated)
	draft := strconv.FormatInt(decodeReply(t, r).ID, 10)
	wantStatus(t, "unpublish a draft", w.call("POST", "/articles/"+draft+"/unpublish", author, ""), http.StatusConflict)
	wantStatus(t, "patch a draft to unpublished", w.call("PATCH", "/articles/"+draft, author, `{"status":"unpublished"}`), http.StatusConflict)
	r = w.call("PATCH", "/articles/"+draft, author, `{"status":"scheduled","publish_at":"2024-06-21T00:00:00Z"}`)
	wantStatus(t, "schedule in the past", r, http.StatusUnprocessableEntity)
	if f := decodeReply(t, r).Fields; f["publish_at"] == "" {
		t.Errorf("a past schedule's fields = %v, want publish_at named", f)
	}
	r = w.call("PATCH", "/articles/"+draft, author, `{"status":"scheduled","publish_at":"2024-06-23T08:00:00Z"}`)
	wantStatus(t, "schedule", r, http.StatusOK)
	if d = decodeReply(t, r); d.Status != "scheduled" || d.PublishAt == nil || *d.PublishAt != "2024-06-23T08:00:00Z" {
		t.Errorf("scheduled article = %+v", d)
	}

	// Every write is in the audit log, as its account, naming the token.
	entries, _, err := w.store.ListAudit(t.Context(), store.AuditFilter{UserID: w.users[model.RoleAuthor].ID, Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	actions := map[string]bool{}
	for _, e := range entries {
		actions[e.Action] = true
		if e.Actor != "author@example.org" || !strings.Contains(e.Summary, `API token "script"`) {
			t.Errorf("audit entry %+v: want the author as actor and the token named", e)
		}
	}
	for _, a := range []string{"article.create", "article.save", "article.publish", "article.unpublish", "article.schedule"} {
		if !actions[a] {
			t.Errorf("no %s in the audit log (%v)", a, actions)
		}
	}
}

func TestAPIWrite_RolesAsTheDesk(t *testing.T) {
	w := newWriteWorld(t, storetest.NewSQLite(t))
	r := w.call("POST", "/articles", w.secrets[model.RoleAuthor], `{"title":"Author's own","body":"Text."}`)
	wantStatus(t, "author creates", r, http.StatusCreated)
	own := "/articles/" + strconv.FormatInt(decodeReply(t, r).ID, 10)
	r = w.call("POST", "/articles", w.secrets[model.RoleEditor], `{"title":"Editor's piece","body":"Text.","status":"published"}`)
	wantStatus(t, "editor creates published", r, http.StatusCreated)
	if d := decodeReply(t, r); d.Status != "published" {
		t.Errorf("created with status published = %+v", d)
	}
	editors := "/articles/" + strconv.FormatInt(decodeReply(t, r).ID, 10)

	wantStatus(t, "moderator creates", w.call("POST", "/articles", w.secrets[model.RoleModerator], `{"title":"No","body":"x"}`), http.StatusForbidden)
	wantStatus(t, "moderator edits", w.call("PATCH", own, w.secrets[model.RoleModerator], `{"title":"No"}`), http.StatusForbidden)
	wantStatus(t, "author edits the editor's", w.call("PATCH", editors, w.secrets[model.RoleAuthor], `{"title":"Mine now"}`), http.StatusForbidden)
	wantStatus(t, "author unpublishes the editor's", w.call("POST", editors+"/unpublish", w.secrets[model.RoleAuthor], ""), http.StatusForbidden)
	wantStatus(t, "editor edits the author's", w.call("PATCH", own, w.secrets[model.RoleEditor], `{"excerpt":"Edited."}`), http.StatusOK)
	wantStatus(t, "author publishes their own", w.call("POST", own+"/publish", w.secrets[model.RoleAuthor], ""), http.StatusOK)
	wantStatus(t, "admin unpublishes", w.call("POST", own+"/unpublish", w.secrets[model.RoleAdmin], ""), http.StatusOK)
	wantStatus(t, "no such article", w.call("PATCH", "/articles/999999", w.secrets[model.RoleEditor], `{"title":"x"}`), http.StatusNotFound)
	wantStatus(t, "not an id", w.call("PATCH", "/articles/x", w.secrets[model.RoleEditor], `{"title":"x"}`), http.StatusBadRequest)
}

func TestAPIWrite_RefusesBadRequests(t *testing.T) {
	w := newWriteWorld(t, storetest.NewSQLite(t))
	ed := w.secrets[model.RoleEditor]
	for _, c := range []struct {
		what, body string
		status     int
		says       string
	}{
		{"unknown field", `{"title":"x","body":"y","author":"me"}`, 400, `unknown field`},
		{"wrong type", `{"title":5}`, 400, `must be a string`},
		{"not JSON", `{"title":`, 400, "JSON"},
		{"two values", `{"title":"a"} {}`, 400, "more than one"},
		{"an array", `[1]`, 400, "JSON object"},
		{"empty", ``, 400, "JSON object"},
		{"no title", `{"body":"y"}`, 422, "headline"},
		{"bad status", `{"title":"x","status":"live"}`, 422, "status"},
		{"bad slug", `{"title":"x","slug":"Not A Slug"}`, 422, "slug"},
		{"bad time", `{"title":"x","body":"y","status":"scheduled","publish_at":"tomorrow"}`, 422, "RFC 3339"},
		{"version on create", `{"title":"x","version":3}`, 422, "version"},
		{"publish with no text", `{"title":"x","status":"published"}`, 422, "Write the article"},
	} {
		r := w.call("POST", "/articles", ed, c.body)
		if r.status != c.status || !strings.Contains(r.body, c.says) {
			t.Errorf("%s: %d %s; want %d saying %q", c.what, r.status, r.body, c.status, c.says)
		}
	}
	big := `{"title":"x","body":"` + strings.Repeat("a", 1200<<10) + `"}`
	wantStatus(t, "a body over the cap", w.call("POST", "/articles", ed, big), http.StatusRequestEntityTooLarge)
	req := `{"title":"x"}`
	r := w.call("POST", "/articles", ed, req, "Content-Type", "text/plain")
	wantStatus(t, "not JSON content", r, http.StatusUnsupportedMediaType)
	// A slug another article has is the writer's to change.
	wantStatus(t, "first at a slug", w.call("POST", "/articles", ed, `{"title":"Same","slug":"same-place"}`), http.StatusCreated)
	r = w.call("POST", "/articles", ed, `{"title":"Other","slug":"same-place"}`)
	if d := decodeReply(t, r); r.status != 422 || d.Fields["slug"] == "" {
		t.Errorf("a taken slug = %d %s", r.status, r.body)
	}
	// Nothing the client did wrong was a server error, and nothing was saved.
	list, _, err := w.store.ListDeskArticles(t.Context(), store.DeskFilter{})
	if err != nil || len(list) != 1 {
		t.Errorf("desk articles after refusals = %d, %v; want only the first at same-place", len(list), err)
	}
}

func TestAPIWrite_TokensAndCookies(t *testing.T) {
	st := storetest.NewSQLite(t)
	w := newWriteWorld(t, st)
	body := `{"title":"x","body":"y"}`
	r := w.call("POST", "/articles", "", body)
	wantStatus(t, "no token", r, http.StatusUnauthorized)
	if h := r.header.Get("WWW-Authenticate"); !strings.HasPrefix(h, "Bearer") {
		t.Errorf("WWW-Authenticate = %q", h)
	}
	// A signed-in browser's cookie opens nothing here.
	r = w.call("POST", "/articles", "", body, "Cookie", "newsdesk_session=whatever; __Host-newsdesk_session=whatever")
	wantStatus(t, "cookie only", r, http.StatusUnauthorized)
	r = w.call("POST", "/articles", "nd_"+strings.Repeat("A", 43), body)
	wantStatus(t, "unknown token", r, http.StatusUnauthorized)
	if h := r.header.Get("WWW-Authenticate"); !strings.Contains(h, `error="invalid_token"`) {
		t.Errorf("WWW-Authenticate = %q", h)
	}
	r = w.call("POST", "/articles", w.reader, body)
	wantStatus(t, "reader token", r, http.StatusForbidden)
	if h := r.header.Get("WWW-Authenticate"); !strings.Contains(h, "insufficient_scope") {
		t.Errorf("WWW-Authenticate = %q", h)
	}
	// Revoked, and disabled: 401.
	toks, err := w.toks.List(t.Context(), w.users[model.RoleAdmin].ID)
	if err != nil || len(toks) != 1 {
		t.Fatal(toks, err)
	}
	if _, err := w.toks.Revoke(t.Context(), toks[0].ID, 0); err != nil {
		t.Fatal(err)
	}
	wantStatus(t, "revoked token", w.call("POST", "/articles", w.secrets[model.RoleAdmin], body), http.StatusUnauthorized)
	if err := st.SetUserDisabled(t.Context(), w.users[model.RoleAuthor].ID, true); err != nil {
		t.Fatal(err)
	}
	wantStatus(t, "disabled account", w.call("POST", "/articles", w.secrets[model.RoleAuthor], body), http.StatusUnauthorized)
	// A use is recorded; a refused one (the reader token here) is none.
	wantStatus(t, "editor writes", w.call("POST", "/articles", w.secrets[model.RoleEditor], body), http.StatusCreated)
	list, _ := w.toks.List(t.Context(), w.users[model.RoleEditor].ID)
	for _, tok := range list {
		if used := !tok.LastUsed.IsZero(); used != (tok.Scope == model.ScopeAPI) {
			t.Errorf("token %q of scope %s: LastUsed %v", tok.Name, tok.Scope, tok.LastUsed)
		}
	}
	// Reads stay anonymous.
	if r := w.get("/api/v1/articles"); r.status != 200 {
		t.Errorf("anonymous read = %d", r.status)
	}
}

func TestAPIWrite_RateLimitPerToken(t *testing.T) {
	w := newWriteWorld(t, storetest.NewSQLite(t), func(o *web.Options) {
		o.Writes.Limit = web.RateLimit{Rate: 0.001, Burst: 2}
	})
	body := `{"title":"Limit","body":"y"}`
	for i := range 2 {
		if r := w.call("POST", "/articles", w.secrets[model.RoleEditor], strings.Replace(body, "Limit", "Limit "+strconv.Itoa(i), 1)); r.status != 201 {
			t.Fatalf("write %d = %d %s", i, r.status, r.body)
		}
	}
	r := w.call("POST", "/articles", w.secrets[model.RoleEditor], body)
	wantStatus(t, "third write", r, http.StatusTooManyRequests)
	if r.header.Get("Retry-After") == "" {
		t.Error("no Retry-After")
	}
	// Another token has its own allowance.
	wantStatus(t, "another token", w.call("POST", "/articles", w.secrets[model.RoleAdmin], body), http.StatusCreated)
}

func TestAPIWrite_ModerateComments(t *testing.T) {
	w := newWriteWorld(t, storetest.NewSQLite(t))
	src := w.addSource("Harbor Times")
	a := w.save(src.ID, article("Bridge reopens", "World", published))[0]
	c, err := w.store.AddComment(t.Context(), model.Comment{ArticleID: a.ID, Name: "Ann", Email: "ann@example.org",
		Body: "Good news.", Status: model.CommentPending, Created: published})
	if err != nil {
		t.Fatal(err)
	}
	path := "/comments/" + strconv.FormatInt(c.ID, 10) + "/moderation"
	mod := w.secrets[model.RoleModerator]
	wantStatus(t, "author moderates", w.call("POST", path, w.secrets[model.RoleAuthor], `{"status":"approved"}`), http.StatusForbidden)
	r := w.call("POST", path, mod, `{"status":"approved"}`)
	wantStatus(t, "approve", r, http.StatusOK)
	if !strings.Contains(r.body, `"status":"approved"`) {
		t.Errorf("approve answered %s", r.body)
	}
	if got, _ := w.store.GetComment(t.Context(), c.ID); got.Status != model.CommentApproved {
		t.Errorf("stored status = %s", got.Status)
	}
	if page := w.get("/api/v1/articles/" + strconv.FormatInt(a.ID, 10) + "/comments"); !strings.Contains(page.body, "Good news.") {
		t.Errorf("the approved comment is not public: %s", page.body)
	}
	wantStatus(t, "approve again", w.call("POST", path, mod, `{"status":"approved"}`), http.StatusOK)
	wantStatus(t, "to spam", w.call("POST", path, w.secrets[model.RoleEditor], `{"status":"spam"}`), http.StatusOK)
	// The queue moves spam back to pending before approving it.
	wantStatus(t, "spam to approved", w.call("POST", path, mod, `{"status":"approved"}`), http.StatusConflict)
	wantStatus(t, "bad status", w.call("POST", path, mod, `{"status":"deleted"}`), http.StatusUnprocessableEntity)
	wantStatus(t, "unknown field", w.call("POST", path, mod, `{"status":"trash","why":"x"}`), http.StatusBadRequest)
	wantStatus(t, "no comment", w.call("POST", "/comments/999999/moderation", mod, `{"status":"trash"}`), http.StatusNotFound)
	entries, _, err := w.store.ListAudit(t.Context(), store.AuditFilter{ActionPrefix: "comment.", Limit: 10})
	if err != nil || len(entries) != 2 || entries[0].Action != "comment.spam" || entries[1].Action != "comment.approve" {
		t.Errorf("moderation audit = %+v, %v", entries, err)
	}
}

func TestAPIWrite_OffWithoutWrites(t *testing.T) {
	f := newFixture(t)
	req := mustRequest(t, "POST", f.srv.URL+"/api/v1/articles")
	req.Header.Set("Authorization", "Bearer nd_x")
	if r := f.do(req); r.status != http.StatusMethodNotAllowed {
		t.Errorf("a write on a site without writes = %d, want 405", r.status)
	}
}

// TestAPIWrite_HostileBodiesAreClientErrors sends odd and hostile bodies
// to every write: each is answered with a 4xx or a success, never a
// server error.
func TestAPIWrite_HostileBodiesAreClientErrors(t *testing.T) {
	w := newWriteWorld(t, storetest.NewSQLite(t))
	ed := w.secrets[model.RoleEditor]
	r := w.call("POST", "/articles", ed, `{"title":"Target","body":"Text."}`)
	wantStatus(t, "create", r, http.StatusCreated)
	id := strconv.FormatInt(decodeReply(t, r).ID, 10)
	bodies := []string{`null`, `[]`, `"text"`, `42`, `{}`, `{"title":null}`, `{"tags":null}`, `{"tags":[1,2]}`,
		`{"tags":["a,b","` + strings.Repeat("t", 50) + `"]}`, `{"title":"` + strings.Repeat("é", 400) + `"}`,
		`{"title":"a\u0000b"}`, `{"body":"` + strings.Repeat("x", 600<<10) + `"}`, `{"version":1e40}`, `{"version":-1}`,
		`{"publish_at":"9999-99-99T99:99:99Z","status":"scheduled"}`, `{"status":"published","body":""}`,
		`{"category":"<script>"}`, `{"credit_url":"javascript:alert(1)","credit":"x"}`, `{"slug":"../../etc"}`,
		`{"title":"x"}{"title":"y"}`, `{"title":"x",}`, "\xff\xfe", `{"status":"approved"}`}
	for _, b := range bodies {
		for _, c := range []struct{ method, path string }{{"POST", "/articles"}, {"PATCH", "/articles/" + id},
			{"POST", "/articles/" + id + "/publish"}, {"POST", "/comments/1/moderation"}} {
			r := w.call(c.method, c.path, ed, b)
			if r.status >= 500 || !strings.HasPrefix(r.header.Get("Content-Type"), "application/json") {
				t.Errorf("%s %s with %.60q = %d %s", c.method, c.path, b, r.status, r.body)
			}
		}
	}
}
