package parse

import (
	"fmt"
	"html"
	"sort"
	"strings"
	"testing"

	xhtml "golang.org/x/net/html"
)

// fpSampleLimit caps the failure samples logged per key.
const fpSampleLimit = 3

// fpTally counts one group of cases. Value checks are the checks other
// than bozo=false, which every feed Parse accepts passes.
type fpTally struct {
	cases, casesMapped, casesPassed int
	checksMapped, checksPassed      int
	valuesMapped, valuesPassed      int
}

func (a *fpTally) merge(b fpTally) {
	a.cases += b.cases
	a.casesMapped += b.casesMapped
	a.casesPassed += b.casesPassed
	a.checksMapped += b.checksMapped
	a.checksPassed += b.checksPassed
	a.valuesMapped += b.valuesMapped
	a.valuesPassed += b.valuesPassed
}

// fpScore accumulates tallies per folder and failures per key. A check is
// every mapped term, also in cases that hold unmapped terms; a case counts
// only when every term maps, and passes when every term holds. Cases
// whose only HTTP header is Content-Type were parsed with ParseHTTP and
// count like the rest; cases with any other header are left wholly
// unmapped, because ParseHTTP receives no Content-Location or
// Content-Language the case relies on.
type fpScore struct {
	groups   map[string]*fpTally
	fails    map[string]int
	samples  map[string][]string
	causes   map[string]int
	unmapped int
}

func (s *fpScore) add(c fpCase, out fpOutcome) {
	if s.groups == nil {
		s.groups = map[string]*fpTally{}
		s.fails = map[string]int{}
		s.samples = map[string][]string{}
		s.causes = map[string]int{}
	}
	g := s.groups[fpGroup(c.File)]
	if g == nil {
		g = &fpTally{}
		s.groups[fpGroup(c.File)] = g
	}
	g.cases++
	_, headersOK := fpContentTypeOnly(c.Headers)
	all, pass := len(c.Terms) > 0 && headersOK, true
	for _, tm := range c.Terms {
		key, check, ok := fpMapTerm(tm)
		if !ok || !headersOK {
			all = false
			s.unmapped++
			continue
		}
		g.checksMapped++
		isValue := key != fpBozoKey
		if isValue {
			g.valuesMapped++
		}
		held, got := check(out)
		if held {
			g.checksPassed++
			if isValue {
				g.valuesPassed++
			}
			continue
		}
		pass = false
		s.fails[key]++
		s.causes[fpCause(c.File, got)]++
		if len(s.samples[key]) < fpSampleLimit {
			s.samples[key] = append(s.samples[key], fmt.Sprintf("%s: want %s, got %q", c.File, fpShort(string(tm.Eq)), fpShort(got)))
		}
	}
	if all {
		g.casesMapped++
		if pass {
			g.casesPassed++
		}
	}
}

// fpGroup is the second-level folder of a file: wellformed/rss, or
// encoding/ for files directly under a top-level folder.
func fpGroup(file string) string {
	parts := strings.Split(file, "/")
	if len(parts) <= 2 {
		return parts[0] + "/"
	}
	return parts[0] + "/" + parts[1]
}

func (s *fpScore) total() fpTally {
	var t fpTally
	for _, g := range s.groups {
		t.merge(*g)
	}
	return t
}

func (s *fpScore) log(t *testing.T) {
	t.Helper()
	keys := make([]string, 0, len(s.groups))
	tops := map[string]*fpTally{}
	for k, g := range s.groups {
		keys = append(keys, k)
		top := strings.SplitN(k, "/", 2)[0]
		if tops[top] == nil {
			tops[top] = &fpTally{}
		}
		tops[top].merge(*g)
	}
	sort.Strings(keys)
	row := func(name string, g fpTally) {
		t.Logf("%-26s %6d %7d/%-7d %7d/%-7d %7d/%-7d", name, g.cases, g.casesPassed, g.casesMapped,
			g.checksPassed, g.checksMapped, g.valuesPassed, g.valuesMapped)
	}
	t.Logf("%-26s %6s %15s %15s %15s", "folder", "cases", "cases pass/map", "checks pass/map", "values pass/map")
	var headline fpTally
	for _, top := range []string{"wellformed", "illformed", "encoding", "entities", "json"} {
		if tops[top] == nil {
			continue
		}
		row(top, *tops[top])
		for _, k := range keys {
			if strings.SplitN(k, "/", 2)[0] == top {
				row("  "+k, *s.groups[k])
				if k != "wellformed/sanitize" {
					headline.merge(*s.groups[k])
				}
			}
		}
	}
	row("all", s.total())
	t.Logf("terms left unmapped: %d", s.unmapped)
	t.Logf("checks passed outside wellformed/sanitize: %d of %d (%.1f%%)",
		headline.checksPassed, headline.checksMapped, fpPercent(headline.checksPassed, headline.checksMapped))
	t.Logf("value and length checks passed outside wellformed/sanitize: %d of %d (%.1f%%)",
		headline.valuesPassed, headline.valuesMapped, fpPercent(headline.valuesPassed, headline.valuesMapped))
	t.Logf("cases passed outside wellformed/sanitize: %d of %d mapped", headline.casesPassed, headline.casesMapped)
	s.logFailures(t)
}

func (s *fpScore) logFailures(t *testing.T) {
	t.Helper()
	keys := make([]string, 0, len(s.fails))
	for k := range s.fails {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if s.fails[keys[i]] != s.fails[keys[j]] {
			return s.fails[keys[i]] > s.fails[keys[j]]
		}
		return keys[i] < keys[j]
	})
	causes := make([]string, 0, len(s.causes))
	for k := range s.causes {
		causes = append(causes, k)
	}
	sort.Strings(causes)
	t.Logf("failed checks by cause:")
	for _, k := range causes {
		t.Logf("  %-44s %d", k, s.causes[k])
	}
	t.Logf("failed checks by key:")
	for _, k := range keys {
		t.Logf("  %-28s %d", k, s.fails[k])
		for _, smp := range s.samples[k] {
			t.Logf("      %s", smp)
		}
	}
}

// fpCause sorts a failed check: the whole feed refused, the item left
// out, or a value that differs; sanitize cases apart from the rest.
func fpCause(file, got string) string {
	where := "outside sanitize"
	if fpGroup(file) == "wellformed/sanitize" {
		where = "sanitize"
	}
	switch {
	case strings.HasPrefix(got, "error: "), strings.HasPrefix(got, "parse: "):
		return where + ": feed refused"
	case strings.HasPrefix(got, "only "):
		return where + ": item skipped or missing"
	}
	return where + ": value differs"
}

func fpPercent(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}

func fpShort(s string) string { return truncate(strings.ReplaceAll(s, "\n", `\n`), 120) }

// fpPlain reduces feedparser's value to what our plain-text fields hold:
// the text of any markup, entities decoded, whitespace collapsed.
func fpPlain(s string) string {
	if !strings.Contains(s, "<") {
		return collapse(html.UnescapeString(s))
	}
	var b strings.Builder
	z := xhtml.NewTokenizer(strings.NewReader(s))
	for {
		switch z.Next() {
		case xhtml.ErrorToken:
			return collapse(html.UnescapeString(b.String()))
		case xhtml.TextToken:
			b.Write(z.Raw())
		}
	}
}

// fpCanonHTML spells HTML one way so that equal markup compares equal:
// tag names lowercased, attributes sorted and re-quoted, entities decoded
// and re-escaped, self-closing tags written as start tags, comments
// dropped, whitespace collapsed.
func fpCanonHTML(s string) string {
	var b strings.Builder
	z := xhtml.NewTokenizer(strings.NewReader(s))
	for {
		tt := z.Next()
		switch tt {
		case xhtml.ErrorToken:
			return collapse(b.String())
		case xhtml.TextToken:
			b.WriteString(html.EscapeString(html.UnescapeString(string(z.Raw()))))
		case xhtml.StartTagToken, xhtml.SelfClosingTagToken:
			tok := z.Token()
			attrs := make([]string, 0, len(tok.Attr))
			for _, a := range tok.Attr {
				attrs = append(attrs, fmt.Sprintf(` %s="%s"`, strings.ToLower(a.Key), html.EscapeString(a.Val)))
			}
			sort.Strings(attrs)
			b.WriteString("<" + strings.ToLower(tok.Data) + strings.Join(attrs, "") + ">")
		case xhtml.EndTagToken:
			b.WriteString("</" + strings.ToLower(z.Token().Data) + ">")
		}
	}
}
