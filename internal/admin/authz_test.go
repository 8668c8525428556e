package admin_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/internal/admin"
	"github.com/newsdesk/newsdesk/internal/auth"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store/storetest"
)

// wildcard finds the {name} segments of a route pattern.
var wildcard = regexp.MustCompile(`\{[a-z]+\}`)

// missingID stands for every {id}-like segment: nothing has it, so a role
// that may use a route reaches the handler and hears "not found", while a
// role that may not is refused before any lookup.
const missingID = "987654"

// concretePath turns a route pattern's path into one a request can use.
func concretePath(p string) string {
	p = strings.ReplaceAll(p, "{$}", "")
	return wildcard.ReplaceAllStringFunc(p, func(w string) string {
		if w == "{action}" {
			return "approve"
		}
		return missingID
	})
}

// TestEveryRouteChecksEveryRole walks the admin area's route table with
// each role: a role the route does not allow gets the 403 page before
// anything is looked up or changed; a role it allows gets past the check
// (whatever the handler then answers, never a 403 or a server error); a
// browser without a session is sent to the sign-in page.
func TestEveryRouteChecksEveryRole(t *testing.T) {
	testEveryRoute(t, newFixture(t))
}

func TestEveryRouteChecksEveryRoleOnPostgres(t *testing.T) {
	testEveryRoute(t, newFixture(t, fixtureOptions{store: storetest.NewPostgres(t)}))
}

func testEveryRoute(t *testing.T, f *fixture) {
	mgr, err := auth.NewManager(f.st, auth.Options{})
	if err != nil {
		t.Fatal(err)
	}
	table, err := admin.RouteRoles(admin.Options{Store: f.st, Auth: mgr})
	if err != nil {
		t.Fatal(err)
	}
	if len(table) < 20 {
		t.Fatalf("only %d routes in the table", len(table))
	}
	type session struct {
		cookie *http.Cookie
		csrf   string
	}
	sessions := map[model.Role]session{}
	for _, role := range model.Roles {
		c, _ := f.signIn(role, string(role))
		sessions[role] = session{c, f.csrf(c)}
	}
	patterns := slices.Sorted(func(yield func(string) bool) {
		for p := range table {
			if !yield(p) {
				return
			}
		}
	})
	// Signing out ends the walk's sessions, so it goes last.
	if i := slices.Index(patterns, "POST /admin/logout"); i >= 0 {
		patterns = append(slices.Delete(patterns, i, i+1), "POST /admin/logout")
	}
	for _, pattern := range patterns {
		allowed := table[pattern]
		if want := policy(pattern); !slices.Equal(allowed, want) {
			t.Errorf("%s is open to %v; the newsroom's policy gives it to %v", pattern, allowed, want)
		}
		method, p, _ := strings.Cut(pattern, " ")
		path := concretePath(p)
		// Without a session: to the sign-in page, whatever the role list.
		resp, _ := f.send(method, path, nil, "")
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/admin/login") {
			t.Errorf("%s %s without a session: %d to %q, want 303 to the sign-in page",
				method, path, resp.StatusCode, resp.Header.Get("Location"))
		}
		for _, role := range model.Roles {
			s := sessions[role]
			resp, body := f.send(method, path, s.cookie, s.csrf)
			may := slices.Contains(allowed, role)
			switch {
			case !may && resp.StatusCode != http.StatusForbidden:
				t.Errorf("%s %s as %s: status %d, want 403", method, path, role, resp.StatusCode)
			case !may && !strings.Contains(body, "role"):
				t.Errorf("%s %s as %s: the 403 page does not say the role is why", method, path, role)
			case may && resp.StatusCode == http.StatusForbidden:
				t.Errorf("%s %s as %s: 403, but the route allows %v", method, path, role, allowed)
			case may && resp.StatusCode >= 500:
				t.Errorf("%s %s as %s: server error %d", method, path, role, resp.StatusCode)
			case may && pattern != "POST /admin/logout" && strings.HasPrefix(resp.Header.Get("Location"), "/admin/login"):
				t.Errorf("%s %s as %s: sent to sign in with a live session", method, path, role)
			}
		}
	}
}

// policy is who may use each part of the admin area, written down once
// here independently of the routes' declarations: settings, accounts and
// the audit log are the admins'; the front page and sources the editors';
// articles and photos the writers'; comments the moderators'.
func policy(pattern string) []model.Role {
	_, path, _ := strings.Cut(pattern, " ")
	var (
		admins     = []model.Role{model.RoleAdmin}
		editors    = []model.Role{model.RoleAdmin, model.RoleEditor}
		writers    = []model.Role{model.RoleAdmin, model.RoleEditor, model.RoleAuthor}
		moderators = []model.Role{model.RoleAdmin, model.RoleEditor, model.RoleModerator}
	)
	under := func(prefixes ...string) bool {
		return slices.ContainsFunc(prefixes, func(p string) bool { return path == p || strings.HasPrefix(path, p+"/") })
	}
	switch {
	case under("/admin/users", "/admin/settings", "/admin/audit"):
		return admins
	case under("/admin/curation", "/admin/sources"):
		return editors
	case strings.HasPrefix(path, "/admin/articles/{id}/comments"), under("/admin/comments"):
		return moderators
	case under("/admin/articles", "/admin/media"):
		return writers
	case under("/admin/account"):
		return model.Roles // each member's own password, sessions and app tokens
	}
	return model.Roles
}

// send makes one request of the walk: a POST carries the session's form
// token and nothing else.
func (f *fixture) send(method, path string, c *http.Cookie, csrf string) (*http.Response, string) {
	f.t.Helper()
	if method == http.MethodPost {
		return f.post(path, c, url.Values{"csrf": {csrf}})
	}
	req, err := http.NewRequest(method, f.srv.URL+path, nil)
	if err != nil {
		f.t.Fatal(err)
	}
	return f.do(req, c)
}

// TestRoutesRegisterThroughTheTable reads the admin package's source: the
// only handlers registered on the mux directly, outside the role-checked
// table, are the ones open to everybody.
func TestRoutesRegisterThroughTheTable(t *testing.T) {
	open := []string{"GET /admin/static/{file}", "GET /admin", "GET /admin/login", "POST /admin/login", "/"}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range file.Decls {
			if fn, ok := decl.(*ast.FuncDecl); ok && fn.Name.Name == "handle" {
				continue // the table's own registration
			}
			checkRegistrations(t, fset, decl, open)
		}
	}
}

// checkRegistrations reports the handlers a declaration registers on a
// mux directly, unless their patterns are open to everybody.
func checkRegistrations(t *testing.T, fset *token.FileSet, decl ast.Decl, open []string) {
	t.Helper()
	ast.Inspect(decl, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || (sel.Sel.Name != "HandleFunc" && sel.Sel.Name != "Handle") || len(call.Args) == 0 {
			return true
		}
		lit, ok := call.Args[0].(*ast.BasicLit)
		if !ok {
			t.Errorf("%s: %s registers a pattern that is not a literal", fset.Position(call.Pos()), sel.Sel.Name)
			return true
		}
		pattern, _ := strconv.Unquote(lit.Value)
		if !slices.Contains(open, pattern) {
			t.Errorf("%s: %q is registered on the mux directly; use s.handle so its roles are checked and tested",
				fset.Position(call.Pos()), pattern)
		}
		return true
	})
}
