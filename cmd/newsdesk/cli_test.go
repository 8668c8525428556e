package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// runCLI runs one command line in-process with the given environment.
func runCLI(t *testing.T, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, stdio{
		in: strings.NewReader(""), out: &out, err: &errb,
		getenv: func(k string) string { return env[k] },
	})
	return code, out.String(), errb.String()
}

func TestRun_HelpAndVersion(t *testing.T) {
	code, out, _ := runCLI(t, nil, "help")
	if code != 0 {
		t.Fatalf("help exited %d", code)
	}
	for _, c := range commands() {
		if !strings.Contains(out, "newsdesk "+c.name) {
			t.Errorf("help does not list %q", c.name)
		}
	}
	code, out, _ = runCLI(t, nil, "version")
	if code != 0 || !strings.HasPrefix(out, "newsdesk ") {
		t.Errorf("version: %d %q", code, out)
	}
}

func TestRun_EveryCommandHasHelp(t *testing.T) {
	lines := [][]string{{"serve"}, {"demo"}, {"sources"}, {"sources", "add"}, {"sources", "list"},
		{"sources", "remove"}, {"sources", "import"}, {"sources", "export"}, {"fetch"}, {"extract"}, {"version"}, {"help"},
		{"users"}, {"users", "add"}, {"users", "list"}, {"comments"}, {"comments", "list"}, {"comments", "approve"},
		{"comments", "spam"}, {"comments", "trash"}}
	for _, l := range lines {
		args := append(append([]string{}, l...), "--help")
		code, out, errOut := runCLI(t, nil, args...)
		if code != 0 || !strings.Contains(out, "Usage") && !strings.Contains(out, "newsdesk") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, errOut)
		}
	}
}

func TestRun_BadArgumentsExit2WithOneLine(t *testing.T) {
	tests := []struct {
		env  map[string]string
		args []string
		want string
	}{
		{nil, []string{"frobnicate"}, "unknown command"},
		{nil, []string{"serve", "--no-such-flag"}, "no-such-flag"},
		{nil, []string{"serve", "--fetch-interval", "10s"}, "at least 1m"},
		{nil, []string{"serve", "--timezone", "Mars/Olympus"}, "unknown time zone"},
		{nil, []string{"serve", "--language", "klingon"}, "--language"},
		{nil, []string{"serve", "--search-half-life", "10m"}, "at least 1h"},
		{nil, []string{"serve", "--trusted-proxies", "10.0.0.0/8,proxy.example"}, "--trusted-proxies"},
		{nil, []string{"serve", "--share", "myspace"}, "unknown target"},
		{nil, []string{"serve", "--log-level", "loud"}, "log-level"},
		{nil, []string{"serve", "--render-cache", "-1"}, "--render-cache"},
		{nil, []string{"demo", "--render-cache", "2000000"}, "--render-cache"},
		{map[string]string{"NEWSDESK_RENDER_CACHE": "-5"}, []string{"serve"}, "--render-cache"},
		{nil, []string{"sources"}, "missing subcommand"},
		{nil, []string{"sources", "add"}, "missing URL"},
		{nil, []string{"sources", "remove", "abc"}, "positive number"},
		{nil, []string{"sources", "list", "extra"}, "unexpected argument"},
		{nil, []string{"fetch", "--source", "x1"}, "positive number"},
		{nil, []string{"fetch", "--allow-private", "localhost"}, "allow-private"},
		{nil, []string{"extract"}, "missing FILE_OR_URL"},
		{map[string]string{"NEWSDESK_WORKERS": "many"}, []string{"fetch"}, "NEWSDESK_WORKERS"},
		{nil, []string{"demo", "--seed", "one"}, "seed"},
	}
	for _, tt := range tests {
		args := append([]string{}, tt.args...)
		if tt.args[0] == "fetch" || len(tt.args) > 1 && tt.args[0] == "sources" {
			args = append(args, "--data", t.TempDir())
		}
		code, out, errOut := runCLI(t, tt.env, args...)
		if code != 2 {
			t.Errorf("%v: exit %d, want 2 (stderr %q)", tt.args, code, errOut)
			continue
		}
		if strings.Count(strings.TrimSpace(errOut), "\n") != 0 || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: stderr %q, want one line containing %q", tt.args, errOut, tt.want)
		}
		if out != "" {
			t.Errorf("%v: printed %q on stdout", tt.args, out)
		}
	}
}

const sampleRSS = `<?xml version="1.0"?><rss version="2.0"><channel><title>Loopback Gazette</title>
<link>http://127.0.0.1/</link>
<item><title>First story</title><link>http://127.0.0.1/first</link><guid>1</guid>
<description>A first story with enough words to be a summary of something.</description></item>
</channel></rss>`

func TestSources_AddListFetchRemove(t *testing.T) {
	var broken atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if broken.Load() {
			http.Error(w, "upstream down", http.StatusBadGateway)
			return
		}
		if r.URL.Path != "/feed.xml" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(sampleRSS))
	}))
	defer srv.Close()
	env := map[string]string{"NEWSDESK_DATA": t.TempDir(), "NEWSDESK_ALLOW_PRIVATE": "127.0.0.1/32"}

	if code, out, errOut := runCLI(t, env, "sources", "add", srv.URL+"/feed.xml", "--category", "World", "--extract", "never"); code != 0 || !strings.Contains(out, "added source 1") {
		t.Fatalf("add: %d %q %q", code, out, errOut)
	}
	if code, _, errOut := runCLI(t, env, "sources", "add", srv.URL+"/missing.xml"); code != 1 || !strings.Contains(errOut, "404") {
		t.Errorf("adding a 404: exit %d, stderr %q", code, errOut)
	}
	if code, out, errOut := runCLI(t, env, "fetch"); code != 0 || !strings.Contains(out, "1 new articles") {
		t.Fatalf("fetch: %d %q %q", code, out, errOut)
	}
	code, out, _ := runCLI(t, env, "sources", "list", "--json")
	var listed []struct {
		ID       int64  `json:"id"`
		Name     string `json:"name"`
		Category string `json:"category"`
		Articles int    `json:"articles"`
		Status   string `json:"status"`
	}
	if err := json.Unmarshal([]byte(out), &listed); code != 0 || err != nil {
		t.Fatalf("list --json: %d %v %q", code, err, out)
	}
	if len(listed) != 1 || listed[0].Name != "Loopback Gazette" || listed[0].Articles != 1 || listed[0].Status != "ok" || listed[0].Category != "World" {
		t.Errorf("listed %+v", listed)
	}
	if code, out, _ := runCLI(t, env, "sources", "list"); code != 0 || !strings.Contains(out, "Loopback Gazette") {
		t.Errorf("list table: %d %q", code, out)
	}
	if code, out, _ := runCLI(t, env, "sources", "export"); code != 0 || !strings.Contains(out, `xmlUrl="`+srv.URL+`/feed.xml"`) {
		t.Errorf("export: %d %q", code, out)
	}
	broken.Store(true)
	if code, out, _ := runCLI(t, env, "fetch", "--all"); code != 1 || !strings.Contains(out, "FAILED") {
		t.Errorf("fetch of a failing source: exit %d, stdout %q", code, out)
	}
	if _, out, _ := runCLI(t, env, "sources", "list"); !strings.Contains(out, "backing off until") || !strings.Contains(out, "502") {
		t.Errorf("sources list does not show the failure: %q", out)
	}
	if code, _, errOut := runCLI(t, env, "sources", "set", "1", "--interval", "30s"); code != 2 || !strings.Contains(errOut, "at least 1m") {
		t.Errorf("set --interval 30s: exit %d, stderr %q", code, errOut)
	}
	if code, _, errOut := runCLI(t, env, "sources", "set", "1", "--extract", "often"); code != 2 || !strings.Contains(errOut, "auto, always or never") {
		t.Errorf("set --extract often: exit %d, stderr %q", code, errOut)
	}
	if code, out, errOut := runCLI(t, env, "sources", "set", "1", "--interval", "30m"); code != 0 || !strings.Contains(out, "every 30m0s, extraction never") {
		t.Errorf("set --interval 30m: exit %d, %q %q", code, out, errOut)
	}
	_, out, _ = runCLI(t, env, "sources", "list", "--json")
	var opts []struct {
		Interval int64  `json:"interval_seconds"`
		Extract  string `json:"extract"`
	}
	if err := json.Unmarshal([]byte(out), &opts); err != nil || len(opts) != 1 || opts[0].Interval != 1800 || opts[0].Extract != "never" {
		t.Errorf("after set: %+v %v", opts, err)
	}
	if code, _, errOut := runCLI(t, env, "sources", "remove", "7"); code != 1 || !strings.Contains(errOut, "no source with ID 7") {
		t.Errorf("remove missing: %d %q", code, errOut)
	}
	if code, _, _ := runCLI(t, env, "sources", "remove", "1"); code != 0 {
		t.Errorf("remove: exit %d", code)
	}
	if _, out, _ := runCLI(t, env, "sources", "list", "--json"); strings.TrimSpace(out) != "[]" {
		t.Errorf("after remove: %q", out)
	}
}

func TestSources_PrivateAddressRefusedWithoutAllowList(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	env := map[string]string{"NEWSDESK_DATA": t.TempDir()}
	code, _, errOut := runCLI(t, env, "sources", "add", srv.URL+"/feed.xml")
	if code != 1 || !strings.Contains(errOut, "--allow-private") {
		t.Errorf("exit %d, stderr %q: want the private address refused with a hint", code, errOut)
	}
}
