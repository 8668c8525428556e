package neardup

import (
	"bytes"
	"errors"
	"fmt"
	"hash/fnv"
	"strings"
	"sync"
	"testing"
)

const story = `Tenants across the country will see their rent increases capped under
the Fair Rents Act, which cleared parliament with a majority of 220 to 93.
The Federation of Property Owners said the cap would discourage investment and
lead to fewer homes for rent. Average rents in the capital have risen by nearly
a third in four years, according to government figures. The opposition has
promised to challenge parts of the law in the constitutional court.`

const other = `The Orlisca Book Prize went to a first novel about a village drowned to
make way for a reservoir, the judges announced on Thursday evening at the old
opera house. Sales of the book tripled in the week after it was shortlisted,
according to its publisher, and it will be translated into six languages.`

func TestSignIdenticalAndDifferent(t *testing.T) {
	a, b := Sign(story), Sign(story)
	if !a.Valid() {
		t.Fatalf("story has no signature")
	}
	if s := Similarity(a, b); s != 1 {
		t.Errorf("same text: similarity %v, want 1", s)
	}
	if s := Similarity(a, Sign(other)); s > 0.1 {
		t.Errorf("different texts: similarity %v, want near 0", s)
	}
	if Similarity(a, Sign(other)) != Similarity(Sign(other), a) {
		t.Errorf("similarity is not symmetric")
	}
}

func TestSignFoldsCaseAndPunctuation(t *testing.T) {
	loud := strings.ToUpper(story)
	spaced := strings.Join(strings.Fields(story), "   \n\n ")
	for name, v := range map[string]string{"capitals": loud, "re-wrapped": spaced} {
		if s := Similarity(Sign(story), Sign(v)); s != 1 {
			t.Errorf("%s: similarity %v, want 1", name, s)
		}
	}
}

func TestSignShortText(t *testing.T) {
	for _, text := range []string{
		"",
		"   \n\t ",
		"Landmark Fair Rents Act approved after marathon debate",
		"!!! ??? ... --- ",
		strings.Repeat("rent ", 5),
	} {
		sig := Sign(text)
		if sig != nil {
			t.Errorf("Sign(%q) = %d values, want nil", text, len(sig))
		}
		if sig.Bands() != nil {
			t.Errorf("Sign(%q) has band keys", text)
		}
		if s := Similarity(sig, sig); s != 0 {
			t.Errorf("short text similar to itself: %v", s)
		}
	}
	// A text repeating one phrase has few distinct shingles however long.
	if sig := Sign(strings.Repeat("the rent cap ", 500)); sig != nil {
		t.Errorf("repeated phrase signed")
	}
}

func TestSignOtherScriptsAndInvalidUTF8(t *testing.T) {
	texts := []string{
		"Les locataires de tout le pays verront la hausse de leur loyer plafonnée par la loi sur les loyers équitables, adoptée par le parlement à une large majorité.",
		"Арендаторы по всей стране увидят ограничение роста арендной платы по новому закону, который парламент принял большинством голосов после долгих дебатов.",
		"全国の借家人は、議会が長い討論の末に可決した公正家賃法によって家賃の値上げが制限されることになる。",
	}
	for _, text := range texts {
		sig := Sign(text)
		if !sig.Valid() {
			t.Errorf("no signature for %.20q", text)
			continue
		}
		if s := Similarity(sig, Sign(story)); s > 0.1 {
			t.Errorf("%.20q similar to the English story: %v", text, s)
		}
	}
	bad := story + "\xff\xfe\xc3" + strings.Repeat("\x80", 10)
	if s := Similarity(Sign(story), Sign(bad)); s < 0.9 {
		t.Errorf("invalid bytes appended: similarity %v", s)
	}
}

func TestSignHugeTextIsCapped(t *testing.T) {
	var b strings.Builder
	for i := 0; b.Len() < 1<<20; i++ {
		fmt.Fprintf(&b, "paragraph %d of a very long text about item %d. ", i, i*7)
	}
	huge := b.String()
	if len(words(huge)) != MaxWords {
		t.Fatalf("words not capped at %d", MaxWords)
	}
	// Only the first MaxWords words count, so a different tail changes
	// nothing.
	if s := Similarity(Sign(huge), Sign(huge+" an ending nobody reads")); s != 1 {
		t.Errorf("tail beyond MaxWords changed the signature: %v", s)
	}
}

// TestSignStable pins the signature of a fixed text. Signatures are stored:
// if this fails, the words, shingles or hashes changed, and SignatureVersion
// must be raised so stored signatures are refused and signed again.
func TestSignStable(t *testing.T) {
	data, err := Sign(story).MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	h := fnv.New64a()
	h.Write(data)
	const want = 0x5bd7c2a2dc8f7361 // computed once, when SignatureVersion 1 was set
	if got := h.Sum64(); got != want {
		t.Errorf("signature of the story hashes to %#x, want %#x: raise SignatureVersion", got, uint64(want))
	}
}

func TestMarshalRoundTrip(t *testing.T) {
	sig := Sign(story)
	data, err := sig.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var back Signature
	if err := back.UnmarshalBinary(data); err != nil {
		t.Fatal(err)
	}
	if Similarity(sig, back) != 1 {
		t.Errorf("round trip changed the signature")
	}
	if data, _ := Signature(nil).MarshalBinary(); data != nil {
		t.Errorf("nil signature encodes as %x", data)
	}
	if err := back.UnmarshalBinary(nil); err != nil || back != nil {
		t.Errorf("empty data: %v, %v", back, err)
	}
	old := bytes.Clone(data)
	old[0] = SignatureVersion + 1
	if err := back.UnmarshalBinary(old); !errors.Is(err, ErrSignature) {
		t.Errorf("other version: err %v", err)
	}
	if err := back.UnmarshalBinary(data[:len(data)-1]); !errors.Is(err, ErrSignature) {
		t.Errorf("truncated: err %v", err)
	}
	if _, err := (Signature{1, 2, 3}).MarshalBinary(); err == nil {
		t.Errorf("short signature encoded")
	}
}

func TestIndex(t *testing.T) {
	ix := NewIndex()
	edited := "A wire story, republished with a new first line. " + story
	ix.Add(1, Sign(other))
	ix.Add(2, Sign(story))
	ix.Add(3, nil) // too short: not indexed
	if ix.Len() != 2 {
		t.Fatalf("Len %d, want 2", ix.Len())
	}
	id, s, ok := ix.Match(Sign(edited))
	if !ok || id != 2 || s < Threshold {
		t.Fatalf("Match(edited) = %d, %v, %v; want 2", id, s, ok)
	}
	if _, _, ok := ix.Match(nil); ok {
		t.Errorf("nil signature matched")
	}
	// A copy added later loses to the earlier one on equal similarity.
	ix.Add(0, Sign(story))
	ix.Add(5, Sign(story))
	if id, _, _ := ix.Match(Sign(story)); id != 0 {
		t.Errorf("equal copies: matched %d, want the lowest id 0", id)
	}
	if c := ix.Candidates(Sign(story)); len(c) != 3 || c[0] != 0 || c[1] != 2 || c[2] != 5 {
		t.Errorf("Candidates = %v, want [0 2 5]", c)
	}
	ix.Remove(0)
	ix.Remove(5)
	ix.Remove(42) // absent: nothing happens
	// Replacing id 2's text removes its old band keys.
	ix.Add(2, Sign(other))
	if _, _, ok := ix.Match(Sign(story)); ok {
		t.Errorf("replaced text still matched")
	}
	ix.Remove(1)
	ix.Remove(2)
	if ix.Len() != 0 || len(ix.buckets) != 0 {
		t.Errorf("after removing all: %d signatures, %d buckets", ix.Len(), len(ix.buckets))
	}
}

// TestIndexCandidatesDoNotGrow checks that a lookup's candidates are the
// similar texts, not all of them: thousands of distinct texts indexed
// leave the candidates of a new text few.
func TestIndexCandidatesDoNotGrow(t *testing.T) {
	ix := NewIndex()
	for i := range 3000 {
		ix.Add(int64(i), Sign(fmt.Sprintf("Report %d: the council of town %d voted %d to %d on "+
			"the budget for road %d, and the mayor said item %d would wait until spring %d.",
			i, i*3, i%50, i%7, i*11, i*13, 2000+i)))
	}
	if n := len(ix.Candidates(Sign(story))); n > 30 {
		t.Errorf("%d candidates for an unrelated text among 3000", n)
	}
}

func TestIndexConcurrent(t *testing.T) {
	ix := NewIndex()
	sig := Sign(story)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				id := int64(g*100 + i)
				ix.Add(id, sig)
				ix.Match(sig)
				ix.Candidates(sig)
				if i%2 == 0 {
					ix.Remove(id)
				}
			}
		}()
	}
	wg.Wait()
	if ix.Len() != 100 {
		t.Errorf("Len %d, want 100", ix.Len())
	}
}
