package admin_test

import (
	"net/http"
	"os"
	"testing"

	"github.com/newsdesk/newsdesk/internal/model"
)

// TestUpload_LeavesNoSpooledFiles posts forms whose files are too big to
// hold in memory, so the server spools them to temporary files: a refused
// photo, a refused form token and an oversized body all leave the
// temporary directory as they found it.
func TestUpload_LeavesNoSpooledFiles(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	f := newFixture(t)
	c, _ := f.signIn(model.RoleAuthor, "Ana")
	big := upload{"photo", "big.jpg", "image/jpeg", append([]byte("\xff\xd8\xff"), make([]byte, 12<<20)...)}
	for _, fields := range []map[string]string{{"csrf": f.csrf(c)}, {"csrf": "forged"}} {
		resp, _ := f.postMultipart("/admin/media", c, fields, big)
		if resp.StatusCode != http.StatusUnprocessableEntity && resp.StatusCode != http.StatusForbidden {
			t.Fatalf("a 12 MB non-photo: status %d, want 422 or 403", resp.StatusCode)
		}
	}
	left, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range left {
		t.Errorf("left behind in the temporary directory: %s", e.Name())
	}
}
