package entities

import (
	"go/ast"
	"go/parser"
	gotoken "go/token"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/demo"
)

// demoNames is what the demo world can put into its text, read from the
// demo package's own source (its word banks and story templates), so the
// measurement follows the demo when its banks change.
type demoNames struct {
	lists map[string][]string // cityBank, firstNames, ... and "companies", "orgs", "institutions", "things"
}

func readDemoNames(t testing.TB) demoNames {
	t.Helper()
	dir := filepath.Join("..", "demo")
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("demo sources: %v", err)
	}
	dn := demoNames{lists: map[string][]string{}}
	fset := gotoken.NewFileSet()
	strs := func(exprs []ast.Expr) []string {
		var out []string
		for _, e := range exprs {
			if bl, ok := e.(*ast.BasicLit); ok && bl.Kind == gotoken.STRING {
				if s, err := strconv.Unquote(bl.Value); err == nil {
					out = append(out, s)
				}
			}
		}
		return out
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		file, err := parser.ParseFile(fset, f, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ValueSpec:
				for i, name := range n.Names {
					if i >= len(n.Values) {
						continue
					}
					cl, ok := n.Values[i].(*ast.CompositeLit)
					if !ok {
						continue
					}
					if name.Name == "companyBanks" {
						for _, el := range cl.Elts {
							if kv, ok := el.(*ast.KeyValueExpr); ok {
								if inner, ok := kv.Value.(*ast.CompositeLit); ok {
									dn.lists["companies"] = append(dn.lists["companies"], strs(inner.Elts)...)
								}
							}
						}
						continue
					}
					dn.lists[name.Name] = strs(cl.Elts)
				}
			case *ast.KeyValueExpr:
				key, ok := n.Key.(*ast.Ident)
				call, ok2 := n.Value.(*ast.CallExpr)
				if ok && ok2 && (key.Name == "orgs" || key.Name == "institutions" || key.Name == "things") {
					dn.lists[key.Name] = append(dn.lists[key.Name], strs(call.Args)...)
				}
				if cl, ok2 := n.Value.(*ast.CompositeLit); ok && ok2 && key.Name == "reporters" {
					dn.lists["reporters"] = append(dn.lists["reporters"], strs(cl.Elts)...)
				}
			}
			return true
		})
	}
	for _, k := range []string{"cityBank", "regionBank", "countryBank", "firstNames", "lastNames", "companies", "orgs", "teamSuffixes"} {
		if len(dn.lists[k]) == 0 {
			t.Fatalf("demo source no longer has %s", k)
		}
	}
	return dn
}

type pattern struct {
	re   *regexp.Regexp
	kind Kind
}

func alt(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = regexp.QuoteMeta(s)
	}
	sort.Slice(q, func(i, j int) bool { return len(q[i]) > len(q[j]) })
	return "(?:" + strings.Join(q, "|") + ")"
}

// patterns turns the banks and templates into matchers for the names the
// world writes: people are a first name and a surname, teams a city and a
// suffix, organizations their templates with the slots filled by banks.
func (dn demoNames) patterns() []pattern {
	l := dn.lists
	slot := map[string]string{
		"city": alt(l["cityBank"]), "city2": alt(l["cityBank"]), "region": alt(l["regionBank"]),
		"country": alt(l["countryBank"]), "country2": alt(l["countryBank"]), "place": alt(l["cityBank"]),
	}
	fill := func(tmpl string) (string, bool) {
		ok := true
		out := regexp.MustCompile(`\{(\w+)\}`).ReplaceAllStringFunc(regexp.QuoteMeta(tmpl), func(m string) string {
			return m
		})
		out = regexp.MustCompile(`\\\{(\w+)\\\}`).ReplaceAllStringFunc(out, func(m string) string {
			name := strings.ToLower(m[2 : len(m)-2])
			if s, has := slot[name]; has {
				return s
			}
			ok = false
			return m
		})
		return out, ok
	}
	var ps []pattern
	add := func(expr string, k Kind) {
		ps = append(ps, pattern{regexp.MustCompile(`\b` + expr + `\b`), k})
	}
	add(alt(l["firstNames"])+" "+alt(l["lastNames"]), KindPerson)
	add(alt(l["cityBank"])+" "+alt(l["teamSuffixes"]), KindOrganization)
	add(alt(l["companies"]), KindOrganization)
	add(alt(l["reporters"]), KindPerson)
	add(alt(l["outlets"]), KindOrganization)
	for _, k := range []string{"orgs", "institutions", "institutionPatterns"} {
		for _, tmpl := range l[k] {
			tmpl = strings.TrimPrefix(tmpl, "the ")
			if strings.HasPrefix(tmpl, "{") && strings.HasSuffix(tmpl, "}") && strings.Count(tmpl, "{") == 1 {
				continue // a bare slot such as {team2}
			}
			tmpl = strings.TrimSuffix(tmpl, " organisers")
			if expr, ok := fill(tmpl); ok {
				add(expr, KindOrganization)
			}
		}
	}
	add(alt(l["cityBank"]), KindPlace)
	add(alt(l["regionBank"]), KindPlace)
	add(alt(l["countryBank"]), KindPlace)
	return ps
}

// expected finds the names in doc, longest first, without overlaps: a
// city inside "Kessling City Council" is part of the council's name.
func expected(ps []pattern, doc string) map[string]Kind {
	type span struct {
		a, b int
		kind Kind
	}
	var spans []span
	for _, p := range ps {
		for _, m := range p.re.FindAllStringIndex(doc, -1) {
			spans = append(spans, span{m[0], m[1], p.kind})
		}
	}
	sort.SliceStable(spans, func(i, j int) bool { return spans[i].b-spans[i].a > spans[j].b-spans[j].a })
	taken := make([]bool, len(doc))
	out := map[string]Kind{}
next:
	for _, s := range spans {
		for i := s.a; i < s.b; i++ {
			if taken[i] {
				continue next
			}
		}
		for i := s.a; i < s.b; i++ {
			taken[i] = true
		}
		out[doc[s.a:s.b]] = s.kind
	}
	return out
}

// TestDemoWorldPrecisionRecall extracts entities from every article of a
// demo world and scores them against the names the world put in the text.
//
//	go test ./internal/entities/ -run DemoWorld -v
func TestDemoWorldPrecisionRecall(t *testing.T) {
	dn := readDemoNames(t)
	w := demo.NewWorld(7, time.Date(2024, 6, 22, 12, 0, 0, 0, time.UTC))
	for _, o := range w.Outlets() {
		dn.lists["outlets"] = append(dn.lists["outlets"], strings.TrimPrefix(o.Name, "The "))
	}
	ps := dn.patterns()
	things := dn.lists["things"]
	var tp, fp, fn, kindOK int
	misses, extras, confusion := map[string]int{}, map[string]int{}, map[string]int{}
	reg := NewRegistry()
	union := map[string]bool{}
	arts := w.Articles()
	for _, a := range arts {
		if testing.Verbose() && os.Getenv("ENTITIES_DEBUG") != "" {
			defer debugArticle(t, ps, a)
		}
		body := strings.Join(a.Paragraphs, "\n\n")
		want := expected(ps, a.Title+"\n\n"+body)
		got := Extract(a.Title, body)
		reg.Add(a.Outlet, got)
		seen := map[string]bool{}
		for _, m := range got {
			seen[m.Name] = true
			if k, ok := want[m.Name]; ok {
				tp++
				if k == m.Kind {
					kindOK++
				} else {
					confusion[k.String()+"->"+m.Kind.String()]++
				}
				continue
			}
			fp++
			extras[m.Name]++
		}
		for name := range want {
			union[name] = true
			if !seen[name] {
				fn++
				misses[name]++
			}
		}
	}
	precision := float64(tp) / float64(tp+fp)
	recall := float64(tp) / float64(tp+fn)
	kindAcc := float64(kindOK) / float64(tp)
	t.Logf("%d articles: precision %.3f recall %.3f kind accuracy %.3f (tp %d fp %d fn %d)",
		len(arts), precision, recall, kindAcc, tp, fp, fn)
	t.Logf("top misses: %v", top(misses, 12))
	t.Logf("top extras: %v", top(extras, 12))
	t.Logf("kind confusion (want->got): %v", top(confusion, 8))

	// Extras that are the cast's own things (storms, titles) are fair
	// entities the banks do not list; report precision with them too.
	fair := 0
	for name, n := range extras {
		for _, th := range things {
			if strings.Contains(name, th) && isCap(th) {
				fair += n
				break
			}
		}
	}
	t.Logf("precision counting the cast's named things as correct: %.3f", float64(tp+fair)/float64(tp+fp))

	strong := reg.Strong(0.6)
	good := 0
	var wrong []string
	for _, s := range strong {
		if union[s.Name] || s.Known {
			good++
		} else {
			wrong = append(wrong, s.Name)
		}
	}
	t.Logf("strong entities the banks do not name: %q", wrong)
	strongP := float64(good) / float64(len(strong))
	t.Logf("registry: %d entities, %d strong (conf >= 0.6), strong precision %.3f", reg.Len(), len(strong), strongP)

	if precision < 0.8 || recall < 0.9 || kindAcc < 0.8 || strongP < 0.85 {
		t.Errorf("below floor: precision %.3f (0.8) recall %.3f (0.9) kind %.3f (0.8) strong precision %.3f (0.85)",
			precision, recall, kindAcc, strongP)
	}
}

func top(m map[string]int, n int) []string {
	type kv struct {
		k string
		v int
	}
	var list []kv
	for k, v := range m {
		list = append(list, kv{k, v})
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].v != list[j].v {
			return list[i].v > list[j].v
		}
		return list[i].k < list[j].k
	})
	var out []string
	for i := 0; i < len(list) && i < n; i++ {
		out = append(out, list[i].k+"×"+strconv.Itoa(list[i].v))
	}
	return out
}

func debugArticle(t *testing.T, ps []pattern, a demo.Article) {
	body := strings.Join(a.Paragraphs, "\n\n")
	doc := a.Title + "\n\n" + body
	want := expected(ps, doc)
	got := map[string]bool{}
	for _, m := range Extract(a.Title, body) {
		got[m.Name] = true
		if _, ok := want[m.Name]; !ok {
			t.Logf("EXTRA %q", m.Name)
		}
	}
	for name := range want {
		if !got[name] {
			i := strings.Index(doc, name)
			t.Logf("MISS %q in %q", name, doc[max(0, i-60):min(len(doc), i+len(name)+40)])
		}
	}
}
