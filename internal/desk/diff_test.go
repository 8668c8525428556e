package desk

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// apply rebuilds both sides of a diff.
func sides(edits []Edit) (older, newer []string) {
	for _, e := range edits {
		if e.Op != Insert {
			older = append(older, e.Text)
		}
		if e.Op != Delete {
			newer = append(newer, e.Text)
		}
	}
	return older, newer
}

func count(edits []Edit) (ins, del int) {
	for _, e := range edits {
		switch e.Op {
		case Insert:
			ins++
		case Delete:
			del++
		}
	}
	return ins, del
}

func TestLines_MarksInsertedAndDeleted(t *testing.T) {
	older := "The harbor reopened.\nShips waited.\nThe mayor spoke.\n"
	newer := "The harbor reopened.\nThe mayor spoke at noon.\nThe mayor spoke.\nCranes moved.\n"
	got := Lines(older, newer)
	want := []Edit{
		{Equal, "The harbor reopened."},
		{Delete, "Ships waited."},
		{Insert, "The mayor spoke at noon."},
		{Equal, "The mayor spoke."},
		{Insert, "Cranes moved."},
	}
	if len(got) != len(want) {
		t.Fatalf("Lines = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("edit %d = %+v, want %+v (all: %+v)", i, got[i], want[i], got)
		}
	}
}

func TestLines_EdgeCases(t *testing.T) {
	for _, tc := range []struct {
		older, newer string
		ins, del     int
	}{
		{"", "", 0, 0},
		{"", "a\nb", 2, 0},
		{"a\nb", "", 0, 2},
		{"a\nb\nc", "a\nb\nc", 0, 0},
		{"a\r\nb", "a\nb\n", 0, 0},
		{"a\nb\nc", "c\nb\na", 2, 2},
	} {
		got := Lines(tc.older, tc.newer)
		if ins, del := count(got); ins != tc.ins || del != tc.del {
			t.Errorf("Lines(%q, %q) = %+v: %d inserted, %d deleted; want %d, %d", tc.older, tc.newer, got, ins, del, tc.ins, tc.del)
		}
		if Changed(got) != (tc.ins+tc.del > 0) {
			t.Errorf("Changed(Lines(%q, %q)) = %v", tc.older, tc.newer, Changed(got))
		}
	}
}

func TestWords_KeepsSpacesAndFindsTheChangedWord(t *testing.T) {
	got := Words("Storm hits the coast", "Storm  hits the north coast")
	older, newer := sides(got)
	if strings.Join(older, "") != "Storm hits the coast" || strings.Join(newer, "") != "Storm  hits the north coast" {
		t.Fatalf("sides of %+v do not rebuild the texts", got)
	}
	var inserted []string
	for _, e := range got {
		if e.Op == Insert {
			inserted = append(inserted, e.Text)
		}
	}
	if !strings.Contains(strings.Join(inserted, ""), "north") {
		t.Fatalf("Words did not mark %q inserted: %+v", "north", got)
	}
}

// lcs is the length of a longest common subsequence, by the textbook
// table: a diff is shortest when it deletes len(a)-lcs and inserts
// len(b)-lcs.
func lcs(a, b []string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for i := range a {
		for j := range b {
			switch {
			case a[i] == b[j]:
				cur[j+1] = prev[j] + 1
			case prev[j+1] >= cur[j]:
				cur[j+1] = prev[j+1]
			default:
				cur[j+1] = cur[j]
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func TestDiff_IsShortestAndRebuildsBothSides(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	alphabet := []string{"a", "b", "c", "d"}
	for round := range 500 {
		a := make([]string, rng.IntN(30))
		b := make([]string, rng.IntN(30))
		for i := range a {
			a[i] = alphabet[rng.IntN(len(alphabet))]
		}
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		got := diff(a, b)
		older, newer := sides(got)
		if strings.Join(older, "") != strings.Join(a, "") || strings.Join(newer, "") != strings.Join(b, "") {
			t.Fatalf("round %d: diff(%v, %v) = %+v does not rebuild both sides", round, a, b, got)
		}
		ins, del := count(got)
		common := lcs(a, b)
		if ins != len(b)-common || del != len(a)-common {
			t.Fatalf("round %d: diff(%v, %v) inserts %d and deletes %d; shortest is %d and %d", round, a, b, ins, del, len(b)-common, len(a)-common)
		}
	}
}

func TestDiff_TooManyChangesReplacesTheMiddle(t *testing.T) {
	var a, b []string
	for i := range 3000 {
		a = append(a, "old"+strings.Repeat("x", i%7)+string(rune('a'+i%26)))
		b = append(b, "new"+string(rune('a'+i%26)))
	}
	got := diff(append([]string{"same"}, a...), append([]string{"same"}, b...))
	if got[0] != (Edit{Equal, "same"}) {
		t.Fatalf("common start lost: %+v", got[0])
	}
	if ins, del := count(got); ins != 3000 || del != 3000 {
		t.Fatalf("inserted %d, deleted %d; want 3000 and 3000", ins, del)
	}
}
