package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
)

// The content hash is the SHA-256 of the text lowercased with its
// whitespace collapsed to single spaces: the same story with other
// spacing or case hashes the same, other words do not.
func TestContentHash(t *testing.T) {
	reference := func(s string) string {
		sum := sha256.Sum256([]byte(strings.Join(strings.Fields(strings.ToLower(s)), " ")))
		return hex.EncodeToString(sum[:16])
	}
	long := strings.Repeat("Ferry ÉTÉ timetable\n\n", 700) // crosses the hashing block
	for _, s := range []string{"", "  ", "One two", " one\u00a0 TWO\n", "Ünïcode\tÇASE", "bad \xff byte", long} {
		if got, want := contentHash(s), reference(s); got != want {
			t.Errorf("contentHash(%.30q) = %s, want %s", s, got, want)
		}
	}
	if contentHash("The Ferry  sails") != contentHash("the ferry\nsails ") {
		t.Error("case and spacing changed the hash")
	}
	if contentHash("the ferry sails") == contentHash("the ferry sank") {
		t.Error("different words hashed the same")
	}
}
