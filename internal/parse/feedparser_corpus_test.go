package parse

import (
	"archive/tar"
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/ulikunitz/xz"
)

// fpDeadline is how long one feed may take before it counts as a hang.
const fpDeadline = 10 * time.Second

// fpDocBase is where feedparser's own suite serves the feeds from; the
// document URL matters to the xml:base and relative-link cases.
const fpDocBase = "http://127.0.0.1:8097/tests/"

// fpCase is one line of cases.jsonl.
type fpCase struct {
	File    string            `json:"file"`
	Headers map[string]string `json:"headers"`
	Terms   []fpTerm          `json:"terms"`
}

// fpTerm is one assertion of a case: a bozo flag, a value at a path, or
// the length of a list at a path.
type fpTerm struct {
	Bozo *bool           `json:"bozo"`
	Path []any           `json:"path"`
	Len  []any           `json:"len"`
	Eq   json.RawMessage `json:"eq"`
}

// fpOutcome is what Parse made of one feed.
type fpOutcome struct {
	feed *Feed
	err  error
}

// TestFeedparserCorpus measures Parse against Python feedparser's test
// suite (../shared/corpus/feedparser from the repository root). Every feed
// must parse without panicking or hanging; the agreement with feedparser's
// expectations is logged as a table, not enforced, because the two models
// differ (see fpMapTerm for what is compared and how).
func TestFeedparserCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("corpus measurement skipped in -short mode")
	}
	dir := fpCorpusDir(t)
	files, err := fpUnpack(filepath.Join(dir, "feeds.tar.xz"))
	if err != nil {
		t.Fatalf("unpack feeds: %v", err)
	}
	cases, err := fpReadCases(filepath.Join(dir, "cases.jsonl"))
	if err != nil {
		t.Fatalf("read cases: %v", err)
	}
	// A case whose only header is Content-Type is fed through ParseHTTP
	// with that header; every other feed through Parse.
	contentTypes := map[string]string{}
	for _, c := range cases {
		if ct, ok := fpContentTypeOnly(c.Headers); ok {
			contentTypes[c.File] = ct
		}
	}
	outcomes := make(map[string]fpOutcome, len(files))
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		out, ok := fpParseGuarded(t, name, files[name], contentTypes[name])
		if ok {
			outcomes[name] = out
		}
	}
	var s fpScore
	for _, c := range cases {
		out, ok := outcomes[c.File]
		if !ok {
			continue // missing from the archive, or it panicked or hung
		}
		s.add(c, out)
	}
	s.log(t)
	if s.total().checksMapped == 0 {
		t.Fatal("no check could be mapped onto the model: the measurement is empty")
	}
}

// fpContentTypeOnly returns the Content-Type of a case that sends no other
// header (an empty one for a case without headers). Headers ParseHTTP does
// not receive (Content-Location, Content-Language...) make ok false.
func fpContentTypeOnly(headers map[string]string) (string, bool) {
	ct := ""
	for k, v := range headers {
		if !strings.EqualFold(k, "Content-Type") {
			return "", false
		}
		ct = v
	}
	return ct, true
}

// fpParseGuarded runs ParseHTTP on one feed in its own goroutine, failing
// the test on a panic or when the feed takes longer than fpDeadline.
func fpParseGuarded(t *testing.T, name string, data []byte, contentType string) (fpOutcome, bool) {
	t.Helper()
	done := make(chan fpOutcome, 1)
	panicked := make(chan any, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				panicked <- r
			}
		}()
		f, err := ParseHTTP(data, fpDocBase+name, contentType)
		done <- fpOutcome{feed: f, err: err}
	}()
	timer := time.NewTimer(fpDeadline)
	defer timer.Stop()
	select {
	case out := <-done:
		return out, true
	case r := <-panicked:
		t.Errorf("%s: Parse panicked: %v", name, r)
	case <-timer.C:
		t.Errorf("%s: Parse still running after %s", name, fpDeadline)
	}
	return fpOutcome{}, false
}

// fpCorpusDir finds the corpus next to the repository, or skips.
func fpCorpusDir(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("no go.mod above the working directory")
		}
		dir = parent
	}
	corpus := filepath.Join(dir, "..", "shared", "corpus", "feedparser")
	for _, f := range []string{"feeds.tar.xz", "cases.jsonl"} {
		if _, err := os.Stat(filepath.Join(corpus, f)); err != nil {
			t.Skipf("corpus not present at %s", corpus)
		}
	}
	return corpus
}

// fpUnpack reads every regular file of a .tar.xz into memory, keyed by
// its cleaned slash path; the feeds are small, so no disk is needed.
func fpUnpack(archive string) (map[string][]byte, error) {
	f, err := os.Open(archive)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	xr, err := xz.NewReader(f)
	if err != nil {
		return nil, err
	}
	tr := tar.NewReader(xr)
	files := make(map[string][]byte)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return files, nil
		}
		if err != nil {
			return nil, err
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		data, err := io.ReadAll(io.LimitReader(tr, 16<<20))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", h.Name, err)
		}
		files[path.Clean(strings.TrimPrefix(h.Name, "./"))] = data
	}
}

func fpReadCases(name string) ([]fpCase, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var cases []fpCase
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), 4<<20)
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var c fpCase
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			return nil, fmt.Errorf("line %d: %w", len(cases)+1, err)
		}
		cases = append(cases, c)
	}
	return cases, sc.Err()
}
