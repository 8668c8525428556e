package web_test

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
	"github.com/newsdesk/newsdesk/internal/web"
)

// The tests here keep /api/v1/openapi.json true to the code: every
// operation it declares is called over a real SQLite store and each
// answer is checked against the declared schema; every query parameter
// it declares is accepted, and its documented bounds answer 400; and
// every /api/v1/ route the package registers must be in the document.

// openAPIWorld is the story world plus a comment thread.
type openAPIWorld struct {
	f   *fixture
	w   storyWorld
	own int64 // the newsroom's article
	doc map[string]any
	chk schemaChecker
}

func newOpenAPIWorld(t *testing.T, change ...func(*web.Options)) *openAPIWorld {
	t.Helper()
	f := newFixture(t, change...)
	w := seedStoryWorld(f)
	top, err := f.store.AddComment(t.Context(), model.Comment{ArticleID: w.bridge.ID, Name: "Ann",
		Email: "ann@example.org", Body: "Was anyone hurt?", Status: model.CommentApproved, Created: published.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.store.AddComment(t.Context(), model.Comment{ArticleID: w.bridge.ID, ParentID: top.ID, Name: "Bo",
		Email: "bo@example.org", Website: "https://bo.example.org/", Body: "No one, the police said.",
		Status: model.CommentApproved, Created: published.Add(2 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	// A newsroom article in story 1: no source id, and a story outlet
	// whose source_id is null.
	own := f.publishOriginal(w.bridge, published.Add(time.Hour))
	f.apply(store.StoryAssignment{ArticleID: own.ArticleID, StoryID: 1})
	o := &openAPIWorld{f: f, w: w, own: own.ArticleID}
	r := f.get("/api/v1/openapi.json")
	if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "application/json") {
		t.Fatalf("GET /api/v1/openapi.json = %d %q: %s", r.status, r.header.Get("Content-Type"), r.body)
	}
	if err := json.Unmarshal([]byte(r.body), &o.doc); err != nil {
		t.Fatalf("the document is not JSON: %v", err)
	}
	o.chk = schemaChecker{doc: o.doc}
	return o
}

// operations lists the document's "METHOD /path" keys, sorted.
func (o *openAPIWorld) operations() []string {
	var out []string
	for path, item := range o.doc["paths"].(map[string]any) {
		for method := range item.(map[string]any) {
			out = append(out, strings.ToUpper(method)+" "+path)
		}
	}
	slices.Sort(out)
	return out
}

// operation returns the operation object of key ("GET /path").
func (o *openAPIWorld) operation(t *testing.T, key string) map[string]any {
	t.Helper()
	method, path, _ := strings.Cut(key, " ")
	op, ok := o.doc["paths"].(map[string]any)[path].(map[string]any)[strings.ToLower(method)].(map[string]any)
	if !ok {
		t.Fatalf("the document has no operation %s", key)
	}
	return op
}

// expect calls the API at rel (under /api/v1) and checks the status, the
// headers the document declares for it and the body against its schema.
func (o *openAPIWorld) expect(t *testing.T, key, rel string, status int) response {
	t.Helper()
	r := o.f.get("/api/v1" + rel)
	if r.status != status {
		t.Errorf("%s: GET %s = %d, want %d: %s", key, rel, r.status, status, r.body)
		return r
	}
	resps := o.operation(t, key)["responses"].(map[string]any)
	decl, ok := resps[strconv.Itoa(status)].(map[string]any)
	if !ok {
		t.Errorf("%s: GET %s answered %d, which the document does not declare", key, rel, status)
		return r
	}
	decl, err := o.chk.deref(decl)
	if err != nil {
		t.Fatal(err)
	}
	if ct := r.header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("%s: GET %s Content-Type = %q", key, rel, ct)
	}
	headers, _ := decl["headers"].(map[string]any)
	for name, h := range headers {
		raw := r.header.Get(name)
		if raw == "" {
			t.Errorf("%s: GET %s: no %s header, which the document declares", key, rel, name)
			continue
		}
		var v any = raw
		if hs := h.(map[string]any)["schema"].(map[string]any); hs["type"] == "integer" {
			n, err := strconv.Atoi(raw)
			if err != nil {
				t.Errorf("%s: GET %s: %s %q is not an integer", key, rel, name, raw)
				continue
			}
			v = float64(n)
		}
		for _, e := range o.chk.check(name, v, h.(map[string]any)["schema"].(map[string]any)) {
			t.Errorf("%s: GET %s: %s", key, rel, e)
		}
	}
	schema := decl["content"].(map[string]any)["application/json"].(map[string]any)["schema"].(map[string]any)
	var body any
	if err := json.Unmarshal([]byte(r.body), &body); err != nil {
		t.Errorf("%s: GET %s: body is not JSON: %v", key, rel, err)
		return r
	}
	for _, e := range o.chk.check("$", body, schema) {
		t.Errorf("%s: GET %s: %s", key, rel, e)
	}
	return r
}

func TestOpenAPI_ServerIsTheSite(t *testing.T) {
	o := newOpenAPIWorld(t)
	if v := o.doc["openapi"]; v != "3.1.0" {
		t.Errorf("openapi = %v", v)
	}
	servers, _ := o.doc["servers"].([]any)
	if len(servers) != 1 || servers[0].(map[string]any)["url"] != "https://news.example.org/api/v1" {
		t.Errorf("servers = %v, want the site's base URL + /api/v1", servers)
	}
	// Cached as the other API answers are.
	doc, cats := o.f.get("/api/v1/openapi.json"), o.f.get("/api/v1/categories")
	if cc := doc.header.Get("Cache-Control"); cc == "" || cc != cats.header.Get("Cache-Control") {
		t.Errorf("Cache-Control = %q, want %q as /api/v1/categories has", cc, cats.header.Get("Cache-Control"))
	}
}

// TestOpenAPI_AnswersMatchDocument calls every declared operation for
// every status it declares (but the generic failure and 429, which has
// its own test) and checks each answer against the document.
func TestOpenAPI_AnswersMatchDocument(t *testing.T) {
	o := newOpenAPIWorld(t)
	w := o.w
	bridge := strconv.FormatInt(w.bridge.ID, 10)
	calls := map[string][]struct {
		rel    string
		status int
	}{
		"GET /articles": {{"/articles", 200}, {"/articles?limit=2", 200}, {"/articles?limit=0", 400},
			{"/articles?category=no-such", 404}, {"/articles?source=999999", 404}},
		"GET /articles/{id}": {{"/articles/" + bridge, 200}, {"/articles/" + strconv.FormatInt(o.own, 10), 200}, {"/articles/0", 400}, {"/articles/999999", 404}},
		"GET /articles/{id}/comments": {{"/articles/" + bridge + "/comments", 200},
			{"/articles/" + strconv.FormatInt(w.festival.ID, 10) + "/comments", 200},
			{"/articles/x/comments", 400}, {"/articles/999999/comments", 404}},
		"GET /stories":      {{"/stories", 200}, {"/stories?limit=1", 200}, {"/stories?min_sources=-1", 400}},
		"GET /stories/{id}": {{"/stories/1", 200}, {"/stories/2", 200}, {"/stories/3", 301}, {"/stories/0", 400}, {"/stories/999", 404}},
		"GET /categories":   {{"/categories", 200}},
		"GET /sources":      {{"/sources", 200}},
		"GET /search":       {{"/search?q=bridge", 200}, {"/search?q=bridge&facets=1&limit=1", 200}, {"/search?q=the", 200}, {"/search?q=", 400}},
		"GET /openapi.json": {{"/openapi.json", 200}},
	}
	for _, key := range o.operations() {
		if !strings.HasPrefix(key, "GET ") {
			continue // the writes are called with a token in api_openapi_write_test.go
		}
		list, ok := calls[key]
		if !ok {
			t.Errorf("%s is in the document but this test never calls it: add its calls", key)
			continue
		}
		for code := range o.operation(t, key)["responses"].(map[string]any) {
			if code == "default" || code == "429" {
				continue
			}
			n, _ := strconv.Atoi(code)
			if !slices.ContainsFunc(list, func(c struct {
				rel    string
				status int
			}) bool {
				return c.status == n
			}) {
				t.Errorf("%s declares %s but no call here answers it", key, code)
			}
		}
		for _, c := range list {
			o.expect(t, key, c.rel, c.status)
		}
	}
	// The optional and nullable fields the newsroom's article brings were
	// among the answers checked.
	var own map[string]any
	json.Unmarshal([]byte(o.f.get("/api/v1/articles/"+strconv.FormatInt(o.own, 10)).body), &own)
	if _, ok := own["source_id"]; ok || own["id"] == nil {
		t.Errorf("the newsroom's article = %v, want one without source_id", own)
	}
	var story struct{ Sources []map[string]any }
	json.Unmarshal([]byte(o.f.get("/api/v1/stories/1").body), &story)
	if !slices.ContainsFunc(story.Sources, func(s map[string]any) bool { _, ok := s["source_id"]; return ok && s["source_id"] == nil }) {
		t.Errorf("story 1's sources = %v, want the newsroom with a null source_id", story.Sources)
	}
	for key := range calls {
		if !slices.Contains(o.operations(), key) {
			t.Errorf("%s is called here but missing from the document", key)
		}
	}
}

func TestOpenAPI_TooManySearches(t *testing.T) {
	o := newOpenAPIWorld(t, func(opts *web.Options) { opts.SearchLimit = web.RateLimit{Rate: 0.001, Burst: 1} })
	o.expect(t, "GET /search", "/search?q=bridge", 200)
	o.expect(t, "GET /search", "/search?q=bridge", 429)
}

// TestOpenAPI_QueryParameters sends every declared parameter a value its
// schema allows (200) and values just outside it (the documented 400).
func TestOpenAPI_QueryParameters(t *testing.T) {
	o := newOpenAPIWorld(t)
	w := o.w
	articleNext := nextOf(t, o, "/articles?limit=1")
	storyNext := nextOf(t, o, "/stories?limit=1")
	harbor := strconv.FormatInt(w.harbor.ID, 10)
	// The values a schema alone cannot supply: names of things that exist.
	known := map[string][]string{
		"GET /articles category":         {"world"},
		"GET /articles source":           {harbor},
		"GET /articles cursor":           {articleNext},
		"GET /stories cursor":            {storyNext},
		"GET /search q":                  {"bridge", "storm OR festival"},
		"GET /search category":           {"world", "world,culture"},
		"GET /search source":             {harbor},
		"GET /search cursor":             {"2"},
		"GET /search from":               {"24h", "7d", "30d", "2024-06-01"},
		"GET /search to":                 {"2024-06-30"},
		"GET /articles/{id} id":          {strconv.FormatInt(w.bridge.ID, 10)},
		"GET /stories/{id} id":           {"1"},
		"GET /articles/{id}/comments id": {strconv.FormatInt(w.bridge.ID, 10)},
	}
	for _, key := range o.operations() {
		if !strings.HasPrefix(key, "GET ") {
			continue // the writes' parameters are tested in api_openapi_write_test.go
		}
		op := o.operation(t, key)
		_, path, _ := strings.Cut(key, " ")
		var params []map[string]any
		for _, p := range asList(op["parameters"]) {
			d, err := o.chk.deref(p.(map[string]any))
			if err != nil {
				t.Fatal(err)
			}
			params = append(params, d)
		}
		// base fills the path and the required query parameters.
		base := func(skip string) (string, url.Values) {
			p, q := path, url.Values{}
			for _, d := range params {
				name := d["name"].(string)
				if name == skip {
					continue
				}
				if d["in"] == "path" {
					p = strings.ReplaceAll(p, "{"+name+"}", first1(known[key+" "+name]))
				} else if d["required"] == true {
					q.Set(name, first1(known[key+" "+name]))
				}
			}
			return p, q
		}
		for _, d := range params {
			name, schema := d["name"].(string), d["schema"].(map[string]any)
			good, bad := schemaValues(schema)
			if k, ok := known[key+" "+name]; ok {
				good = k
			}
			if len(good) == 0 {
				t.Errorf("%s: no valid value for parameter %s: add one to known", key, name)
			}
			send := func(v string, status int) {
				p, q := base(name)
				if d["in"] == "path" {
					p = strings.ReplaceAll(p, "{"+name+"}", url.PathEscape(v))
				} else {
					q.Set(name, v)
				}
				rel := p
				if len(q) > 0 {
					rel += "?" + q.Encode()
				}
				o.expect(t, key, rel, status)
			}
			for _, v := range good {
				send(v, 200)
			}
			for _, v := range bad {
				send(v, 400)
			}
		}
	}
}

func nextOf(t *testing.T, o *openAPIWorld, rel string) string {
	t.Helper()
	var page struct{ Next *string }
	if err := json.Unmarshal([]byte(o.f.get("/api/v1"+rel).body), &page); err != nil || page.Next == nil {
		t.Fatalf("%s: no next cursor (%v)", rel, err)
	}
	return *page.Next
}

// schemaValues derives from a parameter's schema values it accepts and
// values just outside its bounds.
func schemaValues(s map[string]any) (good, bad []string) {
	if s["type"] == "array" {
		items := s["items"].(map[string]any)
		g, b := schemaValues(items)
		if e, ok := items["enum"].([]any); ok && len(e) > 1 {
			g = append(g, fmt.Sprint(e[0])+","+fmt.Sprint(e[1]))
		}
		return g, b
	}
	if e, ok := s["enum"].([]any); ok {
		for _, v := range e {
			good = append(good, fmt.Sprint(v))
		}
		return good, []string{"bogus"}
	}
	switch s["type"] {
	case "integer":
		bad = append(bad, "x")
		if lo, ok := num(s["minimum"]); ok {
			good, bad = append(good, fmt.Sprint(lo)), append(bad, fmt.Sprint(lo-1))
		}
		if hi, ok := num(s["maximum"]); ok {
			good, bad = append(good, fmt.Sprint(hi)), append(bad, fmt.Sprint(hi+1))
		}
	case "string":
		if s["format"] == "date" || s["pattern"] != nil {
			bad = append(bad, "bogus")
		}
	}
	return good, bad
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

func first1(v []string) string {
	if len(v) == 0 {
		return ""
	}
	return v[0]
}

// apiRoute is a route pattern under /api/v1/ in the package's source.
var apiRoute = regexp.MustCompile(`^(GET|HEAD|POST|PUT|PATCH|DELETE) /api/v1(/\S*)$`)

// TestOpenAPI_EveryRouteIsDocumented reads the package's source for
// route patterns under /api/v1/, so a new endpoint without a place in
// the document fails here, and the other way round.
func TestOpenAPI_EveryRouteIsDocumented(t *testing.T) {
	o := newOpenAPIWorld(t)
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var routes []string
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		file, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			v, err := strconv.Unquote(lit.Value)
			if err != nil {
				return true
			}
			if m := apiRoute.FindStringSubmatch(v); m != nil {
				routes = append(routes, m[1]+" "+m[2])
			}
			return true
		})
	}
	if len(routes) < 9 {
		t.Fatalf("found only %d /api/v1 routes in the source (%v): has the route list moved?", len(routes), routes)
	}
	ops := o.operations()
	for _, r := range routes {
		if !slices.Contains(ops, r) {
			t.Errorf("route %q is registered but not in the OpenAPI document", r)
		}
	}
	for _, op := range ops {
		if !slices.Contains(routes, op) {
			t.Errorf("the OpenAPI document declares %q, which no route serves", op)
		}
	}
}

// TestOpenAPI_CheckerCatchesDepartures makes sure the schema checker the
// other tests trust does fail on answers that break a schema.
func TestOpenAPI_CheckerCatchesDepartures(t *testing.T) {
	o := newOpenAPIWorld(t)
	var good map[string]any
	if err := json.Unmarshal([]byte(o.f.get("/api/v1/stories/1").body), &good); err != nil {
		t.Fatal(err)
	}
	story := map[string]any{"$ref": "#/components/schemas/StoryDetail"}
	if errs := o.chk.check("$", good, story); len(errs) > 0 {
		t.Fatalf("a real answer fails: %v", errs)
	}
	for name, change := range map[string]func(m map[string]any){
		"missing":      func(m map[string]any) { delete(m, "title") },
		"undeclared":   func(m map[string]any) { m["surprise"] = 1 },
		"wrong type":   func(m map[string]any) { m["article_count"] = "4" },
		"fraction":     func(m map[string]any) { m["article_count"] = 1.5 },
		"negative":     func(m map[string]any) { m["source_count"] = -1.0 },
		"null":         func(m map[string]any) { m["title"] = nil },
		"date":         func(m map[string]any) { m["updated_at"] = "yesterday" },
		"enum in item": func(m map[string]any) { m["entities"].([]any)[0].(map[string]any)["kind"] = "animal" },
		"item field":   func(m map[string]any) { delete(m["articles"].([]any)[0].(map[string]any), "published_at") },
	} {
		var m map[string]any
		b, _ := json.Marshal(good)
		json.Unmarshal(b, &m)
		change(m)
		if errs := o.chk.check("$", m, story); len(errs) == 0 {
			t.Errorf("%s: the checker found nothing wrong", name)
		}
	}
}

// TestOpenAPI_ReferencesResolve walks the document: every $ref must name
// something in it, and every schema in components must be used.
func TestOpenAPI_ReferencesResolve(t *testing.T) {
	o := newOpenAPIWorld(t)
	used := map[string]bool{}
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch v := v.(type) {
		case map[string]any:
			if ref, ok := v["$ref"].(string); ok {
				if _, err := o.chk.resolve(ref); err != nil {
					t.Errorf("%s: %v", path, err)
				}
				used[ref] = true
			}
			for _, k := range sortedKeys(v) {
				walk(path+"/"+k, v[k])
			}
		case []any:
			for i, x := range v {
				walk(fmt.Sprintf("%s/%d", path, i), x)
			}
		}
	}
	walk("#", o.doc)
	for kind, set := range o.doc["components"].(map[string]any) {
		if kind == "securitySchemes" {
			continue // named by the operations' security, not by $ref: api_openapi_write_test.go
		}
		for name := range set.(map[string]any) {
			if ref := "#/components/" + kind + "/" + name; !used[ref] {
				t.Errorf("%s is declared but never used", ref)
			}
		}
	}
	if len(used) < 10 {
		t.Errorf("only %d references found", len(used))
	}
}
