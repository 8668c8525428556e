package entities

import (
	_ "embed"
	"fmt"
	"sort"
	"strings"
)

// gazetteerTSV is the list of well-known entities the project ships.
//
// Format, one entry per line (lines starting with # and blank lines are
// ignored), fields separated by a single TAB:
//
//	kind	canonical name	aliases	demonyms
//
// kind is person, organization or place. aliases and demonyms are
// optional lists separated by "|". Matching is case-sensitive, so an
// acronym alias ("US", "WHO") never matches the ordinary word ("us",
// "who"). Demonyms ("French") are recognised so that they do not turn
// into entities of their own; they are not reported as mentions.
//
// To add an entry: append a line in the right section, keep the canonical
// name the form a reader expects on an entity page, and run
// `go test ./internal/entities/` (the tests reject duplicate aliases and
// malformed lines).
//
//go:embed gazetteer.tsv
var gazetteerTSV string

// Entry is one gazetteer entity.
type Entry struct {
	Name     string
	Kind     Kind
	Aliases  []string
	Demonyms []string
}

// Gazetteer is a parsed gazetteer, indexed for longest-match lookup by
// first token. It is read-only after construction and safe to share.
type Gazetteer struct {
	entries []Entry
	// byFirst maps an alias's first token to the aliases starting with it,
	// longest first. foldFirst does the same for lower-cased tokens, for
	// headlines set in capitals.
	byFirst   map[string][]alias
	foldFirst map[string][]alias
}

type alias struct {
	toks    []string
	entry   int // index into entries; -1 for a demonym
	acronym bool
}

// DefaultGazetteer parses the embedded gazetteer. It panics only if the
// shipped file is malformed, which the package tests rule out.
func DefaultGazetteer() *Gazetteer {
	g, err := ParseGazetteer(gazetteerTSV)
	if err != nil {
		panic(err)
	}
	return g
}

// ParseGazetteer reads the TSV format described on gazetteerTSV, so a
// deployment can extend the shipped list with its own file.
func ParseGazetteer(src string) (*Gazetteer, error) {
	g := &Gazetteer{byFirst: map[string][]alias{}, foldFirst: map[string][]alias{}}
	seen := map[string]string{}
	for n, line := range strings.Split(src, "\n") {
		line = strings.TrimRight(line, "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 2 || len(f) > 4 {
			return nil, fmt.Errorf("entities: gazetteer line %d: want 2 to 4 tab-separated fields, got %d", n+1, len(f))
		}
		k, ok := ParseKind(f[0])
		if !ok || k == KindOther {
			return nil, fmt.Errorf("entities: gazetteer line %d: unknown kind %q", n+1, f[0])
		}
		e := Entry{Name: strings.TrimSpace(f[1]), Kind: k}
		if e.Name == "" {
			return nil, fmt.Errorf("entities: gazetteer line %d: empty name", n+1)
		}
		if len(f) > 2 {
			e.Aliases = splitList(f[2])
		}
		if len(f) > 3 {
			e.Demonyms = splitList(f[3])
		}
		idx := len(g.entries)
		g.entries = append(g.entries, e)
		for _, a := range append([]string{e.Name}, e.Aliases...) {
			if prev, dup := seen[a]; dup {
				return nil, fmt.Errorf("entities: gazetteer line %d: %q already names %q", n+1, a, prev)
			}
			seen[a] = e.Name
			g.add(a, idx)
		}
		for _, d := range e.Demonyms {
			if prev, dup := seen[d]; dup {
				return nil, fmt.Errorf("entities: gazetteer line %d: demonym %q already names %q", n+1, d, prev)
			}
			seen[d] = e.Name
			g.add(d, -1)
		}
	}
	for _, m := range []map[string][]alias{g.byFirst, g.foldFirst} {
		for k, list := range m {
			sort.SliceStable(list, func(i, j int) bool { return len(list[i].toks) > len(list[j].toks) })
			m[k] = list
		}
	}
	return g, nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, "|") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func (g *Gazetteer) add(text string, entry int) {
	toks := tokenize(text, 64)
	words := make([]string, 0, len(toks))
	for _, t := range toks {
		words = append(words, t.text)
	}
	if len(words) == 0 {
		return
	}
	a := alias{toks: words, entry: entry, acronym: isAcronym(text)}
	g.byFirst[words[0]] = append(g.byFirst[words[0]], a)
	if !a.acronym {
		low := strings.ToLower(words[0])
		g.foldFirst[low] = append(g.foldFirst[low], a)
	}
}

// Entries returns a copy of the gazetteer's entries, for entity pages and
// for checking the list.
func (g *Gazetteer) Entries() []Entry {
	out := make([]Entry, len(g.entries))
	copy(out, g.entries)
	return out
}

// Len is the number of entities (not aliases) in the gazetteer.
func (g *Gazetteer) Len() int { return len(g.entries) }

// match finds the longest alias starting at toks[i]; fold compares
// lower-cased text and skips acronyms, for text set in capitals. It
// returns the alias and the number of tokens it covers (0 for none).
func (g *Gazetteer) match(toks []token, i int, fold bool) (alias, int) {
	var cands []alias
	if fold {
		cands = g.foldFirst[strings.ToLower(toks[i].text)]
	} else {
		cands = g.byFirst[toks[i].text]
	}
next:
	for _, a := range cands {
		if i+len(a.toks) > len(toks) {
			continue
		}
		for j, w := range a.toks {
			t := toks[i+j]
			if j > 0 && t.breakBefore {
				continue next
			}
			if fold && !strings.EqualFold(t.text, w) || !fold && t.text != w {
				continue next
			}
		}
		return a, len(a.toks)
	}
	return alias{}, 0
}

// isAcronym reports whether s is written in capitals throughout ("NATO",
// "U.S."): such aliases only match text written the same way.
func isAcronym(s string) bool {
	letters := 0
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r > 127 && strings.ToUpper(string(r)) != string(r) {
			return false
		}
		if r >= 'A' && r <= 'Z' {
			letters++
		}
	}
	return letters > 0
}
