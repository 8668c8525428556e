package neardup

import (
	"strings"
	"testing"
)

// FuzzSign checks that any text signs without panic into either nothing or
// a full signature, that signing is deterministic, and that a signature is
// wholly similar to itself and round-trips through its encoding.
func FuzzSign(f *testing.F) {
	f.Add(story)
	f.Add("")
	f.Add("\xff\xfe word word word")
	f.Add(strings.Repeat("Ünïcödé ß ﬁ 東京 ", 20))
	f.Fuzz(func(t *testing.T, text string) {
		sig := Sign(text)
		if sig == nil {
			return
		}
		if !sig.Valid() {
			t.Fatalf("signature of %d values", len(sig))
		}
		if s := Similarity(sig, Sign(text)); s != 1 {
			t.Fatalf("signing twice gives similarity %v", s)
		}
		if len(sig.Bands()) != NumBands {
			t.Fatalf("%d band keys", len(sig.Bands()))
		}
		data, err := sig.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var back Signature
		if err := back.UnmarshalBinary(data); err != nil || Similarity(sig, back) != 1 {
			t.Fatalf("round trip: %v", err)
		}
	})
}
