package web_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/internal/auth"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
	"github.com/newsdesk/newsdesk/internal/web"
)

// The write operations of the OpenAPI document, called with real API
// tokens: every status each declares is answered by some call, and
// every answer matches the document (body schema and declared headers);
// the bodies sent to succeed match the declared request schema.

// openAPIWrites is an openAPIWorld taking writes, with a token per role.
type openAPIWrites struct {
	*openAPIWorld
	secrets map[model.Role]string
	calls   map[string][]int // statuses seen, by operation
}

func newOpenAPIWrites(t *testing.T) *openAPIWrites {
	t.Helper()
	var toks *auth.Tokens
	o := newOpenAPIWorld(t, func(opts *web.Options) {
		st := opts.Store.(store.Store)
		var err error
		if toks, err = auth.NewTokens(st, auth.TokenOptions{}); err != nil {
			t.Fatal(err)
		}
		opts.Writes = &web.APIWrites{Tokens: toks, Store: st, Limit: web.RateLimit{Rate: -1}}
	})
	w := &openAPIWrites{openAPIWorld: o, secrets: map[model.Role]string{}, calls: map[string][]int{}}
	for _, role := range model.Roles {
		u, err := o.f.store.AddUser(t.Context(), model.User{Email: string(role) + "@example.org", Role: role, PasswordHash: "x"})
		if err != nil {
			t.Fatal(err)
		}
		if _, w.secrets[role], err = toks.Create(t.Context(), u, "openapi", model.ScopeAPI); err != nil {
			t.Fatal(err)
		}
	}
	return w
}

// write calls operation key at rel (under /api/v1) as role ("" for no
// token) and checks the answer against the document.
func (w *openAPIWrites) write(t *testing.T, key, rel string, role model.Role, body string, status int, headers ...string) map[string]any {
	t.Helper()
	method, _, _ := strings.Cut(key, " ")
	req, err := http.NewRequestWithContext(t.Context(), method, w.f.srv.URL+"/api/v1"+rel, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if role != "" {
		req.Header.Set("Authorization", "Bearer "+w.secrets[role])
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	r := w.f.do(req)
	w.calls[key] = append(w.calls[key], r.status)
	if r.status != status {
		t.Errorf("%s: %s %s = %d, want %d: %s", key, method, rel, r.status, status, r.body)
		return nil
	}
	op := w.operation(t, key)
	decl, ok := op["responses"].(map[string]any)[strconv.Itoa(status)].(map[string]any)
	if !ok {
		t.Errorf("%s answered %d, which the document does not declare", key, status)
		return nil
	}
	if decl, err = w.chk.deref(decl); err != nil {
		t.Fatal(err)
	}
	declared, _ := decl["headers"].(map[string]any)
	for name := range declared {
		if r.header.Get(name) == "" {
			t.Errorf("%s %d: no %s header, which the document declares", key, status, name)
		}
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(r.body), &got); err != nil {
		t.Fatalf("%s %d: body is not a JSON object: %v", key, status, err)
	}
	schema := decl["content"].(map[string]any)["application/json"].(map[string]any)["schema"].(map[string]any)
	for _, e := range w.chk.check("$", got, schema) {
		t.Errorf("%s %d: %s", key, status, e)
	}
	if status < 300 && body != "" {
		var sent any
		json.Unmarshal([]byte(body), &sent)
		rb := op["requestBody"].(map[string]any)["content"].(map[string]any)["application/json"].(map[string]any)["schema"].(map[string]any)
		for _, e := range w.chk.check("request", sent, rb) {
			t.Errorf("%s: the body sent departs from the document: %s", key, e)
		}
	}
	return got
}

func TestOpenAPI_WritesMatchDocument(t *testing.T) {
	w := newOpenAPIWrites(t)
	ed, au, mo := model.RoleEditor, model.RoleAuthor, model.RoleModerator
	huge := `{"title":"` + strings.Repeat("x", 1200<<10) + `"}`
	const (
		create  = "POST /articles"
		patch   = "PATCH /articles/{id}"
		publish = "POST /articles/{id}/publish"
		unpub   = "POST /articles/{id}/unpublish"
		moder   = "POST /comments/{id}/moderation"
	)
	idOf := func(m map[string]any) string {
		if m == nil {
			t.FailNow()
		}
		return "/articles/" + strconv.FormatInt(int64(m["id"].(float64)), 10)
	}
	a := idOf(w.write(t, create, "/articles", ed, `{"title":"Tide tables","body":"High water at **six**.","tags":["tides"],"status":"draft"}`, 201))
	b := idOf(w.write(t, create, "/articles", au, `{"title":"Author's note","body":"Text."}`, 201))
	c := idOf(w.write(t, create, "/articles", ed, `{"title":"Empty yet"}`, 201))
	w.write(t, create, "/articles", ed, `{"title":`, 400)
	w.write(t, create, "/articles", "", `{"title":"x"}`, 401)
	w.write(t, create, "/articles", mo, `{"title":"x"}`, 403)
	w.write(t, create, "/articles", ed, huge, 413)
	w.write(t, create, "/articles", ed, `{"title":"x"}`, 415, "Content-Type", "text/plain")
	w.write(t, create, "/articles", ed, `{"body":"no headline"}`, 422)

	w.write(t, patch, a, ed, `{"excerpt":"When the sea is high.","version":1}`, 200)
	w.write(t, patch, "/articles/x", ed, `{"excerpt":"x"}`, 400)
	w.write(t, patch, a, "", `{"excerpt":"x"}`, 401)
	w.write(t, patch, a, au, `{"excerpt":"x"}`, 403)
	w.write(t, patch, "/articles/999999", ed, `{"excerpt":"x"}`, 404)
	w.write(t, patch, a, ed, `{"excerpt":"x","version":1}`, 409)
	w.write(t, patch, a, ed, `{"excerpt":"x"}`, 412, "If-Match", `"1"`)
	w.write(t, patch, a, ed, huge, 413)
	w.write(t, patch, a, ed, `{"excerpt":"x"}`, 415, "Content-Type", "text/plain")
	w.write(t, patch, a, ed, `{"slug":"Not A Slug"}`, 422)

	w.write(t, publish, a+"/publish", ed, "", 200, "If-Match", `"2"`)
	w.write(t, publish, "/articles/0/publish", ed, "", 400)
	w.write(t, publish, b+"/publish", "", "", 401)
	w.write(t, publish, a+"/publish", au, "", 403)
	w.write(t, publish, "/articles/999999/publish", ed, "", 404)
	w.write(t, publish, b+"/publish", au, "", 412, "If-Match", `"7"`)
	w.write(t, publish, c+"/publish", ed, "", 422)

	w.write(t, unpub, a+"/unpublish", au, "", 403)
	w.write(t, unpub, a+"/unpublish", ed, "", 412, "If-Match", `"1"`)
	w.write(t, unpub, a+"/unpublish", ed, "", 200)
	w.write(t, unpub, "/articles/x/unpublish", ed, "", 400)
	w.write(t, unpub, a+"/unpublish", "", "", 401)
	w.write(t, unpub, "/articles/999999/unpublish", ed, "", 404)
	w.write(t, unpub, b+"/unpublish", au, "", 409)

	pending, err := w.f.store.AddComment(t.Context(), model.Comment{ArticleID: w.w.bridge.ID, Name: "Cy", Email: "cy@example.org",
		Body: "Held for review.", Status: model.CommentPending, Created: published})
	if err != nil {
		t.Fatal(err)
	}
	cm := "/comments/" + strconv.FormatInt(pending.ID, 10) + "/moderation"
	w.write(t, moder, cm, mo, `{"status":"approved"}`, 200)
	w.write(t, moder, cm, mo, `{"status":"spam"}`, 200)
	w.write(t, moder, cm, mo, `{"status":"approved"}`, 409)
	w.write(t, moder, "/comments/x/moderation", mo, `{"status":"trash"}`, 400)
	w.write(t, moder, cm, "", `{"status":"trash"}`, 401)
	w.write(t, moder, cm, au, `{"status":"trash"}`, 403)
	w.write(t, moder, "/comments/999999/moderation", mo, `{"status":"trash"}`, 404)
	w.write(t, moder, cm, mo, `{"status":"`+strings.Repeat("x", 1200<<10)+`"}`, 413)
	w.write(t, moder, cm, mo, `{"status":"trash"}`, 415, "Content-Type", "text/plain")
	w.write(t, moder, cm, mo, `{"status":"gone"}`, 422)

	// Every write operation is called, every status it declares answered
	// (429 has tests of its own), and each is secured by a declared scheme.
	schemes := w.doc["components"].(map[string]any)["securitySchemes"].(map[string]any)
	for _, key := range w.operations() {
		op := w.operation(t, key)
		sec, secured := op["security"].([]any)
		if strings.HasPrefix(key, "GET ") {
			if secured {
				t.Errorf("%s is a read but declares security %v", key, sec)
			}
			continue
		}
		if !secured || len(sec) != 1 || schemes[firstKey(sec[0].(map[string]any))] == nil {
			t.Errorf("%s: security %v does not name a declared scheme", key, op["security"])
		}
		seen, ok := w.calls[key]
		if !ok {
			t.Errorf("%s is in the document but this test never calls it", key)
			continue
		}
		for code := range op["responses"].(map[string]any) {
			n, _ := strconv.Atoi(code)
			if code != "default" && code != "429" && !slices.Contains(seen, n) {
				t.Errorf("%s declares %s but no call here answers it", key, code)
			}
		}
	}
}

func firstKey(m map[string]any) string {
	for k := range m {
		return k
	}
	return ""
}
