package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSources_ImportKeepsFoldersAndSkipsWhatFails(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, ".xml") {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Feed %s</title><link>http://127.0.0.1/</link></channel></rss>`, r.URL.Path)
	}))
	defer srv.Close()
	opmlFile := filepath.Join(t.TempDir(), "subs.opml")
	doc := fmt.Sprintf(`<?xml version="1.0"?><opml version="2.0"><head><title>Mine</title></head><body>
<outline text="World"><outline type="rss" text="Wire" xmlUrl="%[1]s/wire.xml"/><outline type="rss" text="Gone" xmlUrl="%[1]s/gone"/></outline>
<outline text="Sport"><outline type="rss" text="Scores" xmlUrl="%[1]s/scores.xml"/></outline>
</body></opml>`, srv.URL)
	if err := os.WriteFile(opmlFile, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"NEWSDESK_DATA": t.TempDir(), "NEWSDESK_ALLOW_PRIVATE": "127.0.0.1/32"}
	code, out, errOut := runCLI(t, env, "sources", "import", opmlFile)
	if code != 0 || !strings.Contains(out, "2 added, 0 already subscribed, 1 skipped") || !strings.Contains(errOut, "skipped "+srv.URL+"/gone") {
		t.Fatalf("import: exit %d\n%s\n%s", code, out, errOut)
	}
	// Added lines come in the file's order, whatever order the checks ended in.
	if i, j := strings.Index(out, "wire.xml"), strings.Index(out, "scores.xml"); i < 0 || j < i {
		t.Errorf("added lines out of file order:\n%s", out)
	}
	code, out, _ = runCLI(t, env, "sources", "import", opmlFile)
	if code != 0 || !strings.Contains(out, "0 added, 2 already subscribed, 1 skipped") {
		t.Errorf("second import: exit %d\n%s", code, out)
	}
	_, out, _ = runCLI(t, env, "sources", "list", "--json")
	var listed []struct {
		Name     string `json:"name"`
		Category string `json:"category"`
	}
	if err := json.Unmarshal([]byte(out), &listed); err != nil || len(listed) != 2 {
		t.Fatalf("list: %v %q", err, out)
	}
	cats := map[string]string{}
	for _, s := range listed {
		cats[s.Name] = s.Category
	}
	if cats["Wire"] != "World" || cats["Scores"] != "Sport" {
		t.Errorf("categories after import: %v", cats)
	}
	if code, _, errOut := runCLI(t, env, "sources", "import", "--workers", "0", opmlFile); code != 2 || !strings.Contains(errOut, "--workers") {
		t.Errorf("--workers 0: exit %d %q", code, errOut)
	}
}
