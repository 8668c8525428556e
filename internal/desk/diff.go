package desk

import (
	"slices"
	"strings"
	"unicode"
)

// Op is what a diff does with a piece of text.
type Op int

const (
	Equal  Op = iota // in both versions
	Insert           // only in the newer version
	Delete           // only in the older version
)

// Edit is one piece of a diff: a line of Lines, a word or space of Words.
type Edit struct {
	Op   Op
	Text string
}

// maxEditDistance bounds the work of one diff: past this many insertions
// and deletions (after the common start and end are set aside) the
// middle is shown as deleted whole and inserted whole, which is what a
// reader makes of so many changes anyway. The search keeps O(D²)
// numbers, a few megabytes at this bound.
const maxEditDistance = 1000

// Lines compares two texts line by line.
func Lines(older, newer string) []Edit {
	return diff(splitLines(older), splitLines(newer))
}

// Words compares two texts word by word; the spaces between words are
// pieces of their own, so joining the Text of the edits of one side
// gives that side back.
func Words(older, newer string) []Edit {
	return diff(splitWords(older), splitWords(newer))
}

// Changed reports whether a diff holds any insertion or deletion.
func Changed(edits []Edit) bool {
	return slices.ContainsFunc(edits, func(e Edit) bool { return e.Op != Equal })
}

func splitLines(s string) []string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	if s == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}

// splitWords cuts s into runs of spaces and runs of anything else.
func splitWords(s string) []string {
	var out []string
	start, space := 0, false
	for i, r := range s {
		if sp := unicode.IsSpace(r); i == 0 {
			space = sp
		} else if sp != space {
			out = append(out, s[start:i])
			start, space = i, sp
		}
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

// diff returns the edits that turn a into b: a shortest one, found with
// Myers' O(ND) search (the greedy forward search over diagonals, then a
// walk back through the furthest points it recorded).
func diff(a, b []string) []Edit {
	// The common start and end are equal whatever the middle does.
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	out := make([]Edit, 0, len(a)+len(b))
	for _, t := range a[:pre] {
		out = append(out, Edit{Equal, t})
	}
	out = append(out, middle(a[pre:len(a)-suf], b[pre:len(b)-suf])...)
	for _, t := range a[len(a)-suf:] {
		out = append(out, Edit{Equal, t})
	}
	return out
}

// middle diffs what lies between the common start and end.
func middle(a, b []string) []Edit {
	n, m := len(a), len(b)
	if n == 0 || m == 0 {
		return replaceAll(a, b)
	}
	// v[k+off] is the furthest x reached on diagonal k = x-y.
	off := n + m + 1
	v := make([]int, 2*off+1)
	// trace[d] is v over diagonals -d..d as round d found it.
	var trace [][]int
	for d := 0; d <= min(n+m, maxEditDistance); d++ {
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[k-1+off] < v[k+1+off]) {
				x = v[k+1+off] // down: an insertion
			} else {
				x = v[k-1+off] + 1 // right: a deletion
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x, y = x+1, y+1
			}
			v[k+off] = x
		}
		trace = append(trace, slices.Clone(v[off-d:off+d+1]))
		if v[n-m+off] >= n && n-m >= -d && n-m <= d {
			return walkBack(a, b, trace)
		}
	}
	return replaceAll(a, b)
}

// walkBack turns the recorded search into edits, from the end to the
// start.
func walkBack(a, b []string, trace [][]int) []Edit {
	var rev []Edit
	x, y := len(a), len(b)
	for d := len(trace) - 1; d > 0; d-- {
		prev := trace[d-1] // diagonals -(d-1)..d-1, at index k+d-1
		at := func(k int) int { return prev[k+d-1] }
		k := x - y
		var pk int
		if k == -d || (k != d && at(k-1) < at(k+1)) {
			pk = k + 1
		} else {
			pk = k - 1
		}
		px := at(pk)
		py := px - pk
		// The step from (px, py) leads to (mx, my); equal pieces follow
		// it up to (x, y).
		mx, my := px+1, py
		if pk == k+1 {
			mx, my = px, py+1
		}
		for x > mx && y > my {
			rev = append(rev, Edit{Equal, a[x-1]})
			x, y = x-1, y-1
		}
		if pk == k+1 {
			rev = append(rev, Edit{Insert, b[py]})
		} else {
			rev = append(rev, Edit{Delete, a[px]})
		}
		x, y = px, py
	}
	for x > 0 && y > 0 {
		rev = append(rev, Edit{Equal, a[x-1]})
		x, y = x-1, y-1
	}
	slices.Reverse(rev)
	return rev
}

// replaceAll shows a as deleted and b as inserted.
func replaceAll(a, b []string) []Edit {
	out := make([]Edit, 0, len(a)+len(b))
	for _, t := range a {
		out = append(out, Edit{Delete, t})
	}
	for _, t := range b {
		out = append(out, Edit{Insert, t})
	}
	return out
}
