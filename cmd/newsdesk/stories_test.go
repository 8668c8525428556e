package main

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store/sqlite"
)

func TestStoriesEval(t *testing.T) {
	wire := "Lawmakers approved the harbour bridge budget on Tuesday after a long debate, " +
		"with the finance minister promising that tolls would stay at current levels until the " +
		"bridge is repaid and that work on the eastern approach would begin in the spring. " +
		"Opposition members said the costs had doubled since the plan was first announced."
	rows := []map[string]any{
		{"id": "a", "title": "Harbour bridge budget passes", "text": wire, "source": "wire", "published_at": "2026-11-20T08:00:00Z"},
		{"id": 7, "title": "Bridge money approved", "text": "From the wires. " + wire, "source": "paper", "published_at": "2026-11-20T09:00:00Z"},
		{"id": "c", "title": "Cat show draws record crowd", "text": "Hundreds of cats and their owners filled the town hall for the annual show, where a grey Persian took the top prize for the third year running and the judges praised the standard of the young entrants.", "source": "paper", "published_at": "2026-11-20T10:00:00Z"},
	}
	var in strings.Builder
	for _, r := range rows {
		b, _ := json.Marshal(r)
		in.Write(b)
		in.WriteByte('\n')
	}
	file := filepath.Join(t.TempDir(), "in.jsonl")
	if err := os.WriteFile(file, []byte(in.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := runCLI(t, nil, "stories", "eval", file)
	if code != 0 {
		t.Fatalf("stories eval exited %d: %s", code, stderr)
	}
	var got []map[string]any
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("output line %q: %v", sc.Text(), err)
		}
		got = append(got, m)
	}
	if len(got) != 3 || got[0]["id"] != "a" || got[1]["id"] != float64(7) || got[2]["id"] != "c" {
		t.Fatalf("output ids = %v, want a, 7, c in input order", got)
	}
	if got[0]["story"] != got[1]["story"] || got[0]["story"] == got[2]["story"] {
		t.Errorf("stories = %v, %v, %v: the copy must join the wire report's story, the cat show not", got[0]["story"], got[1]["story"], got[2]["story"])
	}
	if got[1]["near_dup_of"] != "a" {
		t.Errorf("near_dup_of = %v, want \"a\"", got[1]["near_dup_of"])
	}

	// Bad input: a clear error naming the line, nothing printed.
	bad := filepath.Join(t.TempDir(), "bad.jsonl")
	os.WriteFile(bad, []byte(in.String()+"{not json\n"), 0o600)
	code, out, stderr = runCLI(t, nil, "stories", "eval", bad)
	if code != 1 || out != "" || !strings.Contains(stderr, "line 4") {
		t.Errorf("bad line: exit %d, out %q, err %q; want 1, nothing, an error naming line 4", code, out, stderr)
	}
	if code, _, _ := runCLI(t, nil, "stories", "eval"); code != 2 {
		t.Errorf("eval without a file exited %d, want 2", code)
	}
	if code, _, _ := runCLI(t, nil, "stories", "bogus"); code != 2 {
		t.Errorf("unknown subcommand exited %d, want 2", code)
	}
	if code, _, stderr := runCLI(t, nil, "stories", "eval", filepath.Join(t.TempDir(), "missing.jsonl")); code != 1 || stderr == "" {
		t.Errorf("missing file exited %d (%q), want 1 with a reason", code, stderr)
	}
}

func TestStoriesCluster(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"NEWSDESK_DATA": dir}
	path := filepath.Join(dir, "newsdesk.db")
	ctx := t.Context()
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	when := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
	var ids []int64
	for i, name := range []string{"Wire", "Paper"} {
		src, err := st.AddSource(ctx, model.Source{FeedURL: "https://" + strings.ToLower(name) + ".example/feed", Name: name})
		if err != nil {
			t.Fatal(err)
		}
		res, err := st.SaveArticles(ctx, src.ID, []model.Article{{
			GUID: name, URL: "https://" + strings.ToLower(name) + ".example/a", Title: "Harbour bridge budget passes " + name,
			ContentText: strings.Repeat("Lawmakers approved the harbour bridge budget after a long debate on tolls. ", 6),
			PublishedAt: when.Add(time.Duration(i) * time.Hour),
		}})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, res.IDs...)
	}
	st.Close()
	code, out, stderr := runCLI(t, env, "stories", "cluster")
	if code != 0 || !strings.Contains(out, "clustered 2 articles") {
		t.Fatalf("stories cluster: exit %d, out %q, err %q", code, out, stderr)
	}
	st, err = sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	a, _ := st.GetArticle(ctx, ids[0])
	b, _ := st.GetArticle(ctx, ids[1])
	if a.StoryID == 0 || a.StoryID != b.StoryID {
		t.Errorf("stories %d and %d, want one story for both", a.StoryID, b.StoryID)
	}
	if code, out, _ := runCLI(t, env, "stories", "cluster"); code != 0 || !strings.Contains(out, "clustered 0 articles") {
		t.Errorf("a second run: exit %d, %q; want nothing left to cluster", code, out)
	}
}
