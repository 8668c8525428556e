package extract

import (
	"archive/tar"
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ulikunitz/xz"

	"github.com/newsdesk/newsdesk/internal/fetch"
)

// showMisses lists every corpus field that does not match, for working
// on the extractor: go test -run Corpus -v ./internal/extract/ -args -corpus.misses
var showMisses = flag.Bool("corpus.misses", false, "log every corpus field that does not match")

// postlightCase is one line of the Postlight corpus' cases.jsonl.
type postlightCase struct {
	Site    string `json:"site"`
	Fixture string `json:"fixture"`
	URL     string `json:"url"`
	Expect  struct {
		Title         *string `json:"title"`
		Author        *string `json:"author"`
		DatePublished *string `json:"date_published"`
		LeadImageURL  *string `json:"lead_image_url"`
		Content       *string `json:"content_first13"`
	} `json:"expect"`
	ContentWords int `json:"content_words"`
}

// postlightFields are the scored fields, in the order they are reported.
var postlightFields = []string{"title", "author", "date", "lead image", "content first words"}

// postlightFloor is the share of expectations per field that must keep
// matching. It sits a few points under what the extractor reaches, so a
// regression fails the test; the figures themselves are logged.
var postlightFloor = map[string]float64{
	"title": 0.73, "author": 0.71, "date": 0.61, "lead image": 0.92, "content first words": 0.54,
}

// TestPostlightCorpus measures the extractor on the per-site fixtures of
// Postlight Parser (../shared/corpus/postlight from the repository root):
// title, author, publication date, lead image and the first words of the
// text, each an exact match after collapsing whitespace.
func TestPostlightCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("corpus measurement skipped in -short mode")
	}
	root, err := repoRoot()
	if err != nil {
		t.Skipf("corpus: %v", err)
	}
	dir := filepath.Join(root, "..", "shared", "corpus", "postlight")
	cases, err := readPostlightCases(filepath.Join(dir, "cases.jsonl"))
	if err != nil {
		t.Skipf("corpus not present: %v", err)
	}
	files, err := readTarXZ(filepath.Join(dir, "fixtures.tar.xz"))
	if err != nil {
		t.Fatalf("unpack fixtures: %v", err)
	}
	pass, total := map[string]int{}, map[string]int{}
	failed := 0
	for _, c := range cases {
		page, ok := files[filepath.Clean(c.Fixture)]
		if !ok {
			t.Errorf("%s: fixture %s missing from the archive", c.Site, c.Fixture)
			continue
		}
		got, err := postlightExtract(page, c.URL)
		if err != nil {
			failed++
			t.Logf("%s: %v", c.Site, err)
		}
		for _, f := range postlightFields {
			want, have, ok := postlightField(c, got, f)
			if !ok {
				continue
			}
			total[f]++
			if err == nil && want == have {
				pass[f]++
			} else if *showMisses {
				t.Logf("%s %s:\n  want %q\n  got  %q", c.Site, f, want, have)
			}
		}
	}
	if len(cases) == 0 {
		t.Fatal("corpus holds no cases")
	}
	t.Logf("postlight corpus: %d cases, %d failed to extract", len(cases), failed)
	for _, f := range postlightFields {
		t.Logf("%-20s %3d / %3d (%.1f%%)", f, pass[f], total[f], 100*float64(pass[f])/float64(max(total[f], 1)))
		if float64(pass[f]) < postlightFloor[f]*float64(total[f]) {
			t.Errorf("%s matches on %d of %d cases, below the floor of %.0f%%", f, pass[f], total[f], 100*postlightFloor[f])
		}
	}
	if failed*10 > len(cases) {
		t.Errorf("%d of %d cases failed to extract (more than 10%%)", failed, len(cases))
	}
}

// postlightExtract decodes a saved page as the fetcher decodes a fetched
// one, then extracts it; a panic is a test failure reported as an error.
// The fixtures are stored in UTF-8 whatever charset their markup still
// declares (five Japanese pages say Shift_JIS or EUC-JP), so they are
// read as a server stating that encoding would serve them.
func postlightExtract(page []byte, pageURL string) (r Result, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("Article panicked: %v", p)
		}
	}()
	resp := fetch.Response{Body: page, ContentType: "text/html; charset=utf-8"}
	return Article(resp.HTMLUTF8(), pageURL)
}

// postlightField returns the expected and extracted values of one field,
// normalized for comparison; ok is false when the case sets no
// expectation for it.
func postlightField(c postlightCase, got Result, field string) (want, have string, ok bool) {
	e := c.Expect
	switch field {
	case "title":
		if e.Title == nil {
			return "", "", false
		}
		return collapse(*e.Title), collapse(got.Title), true
	case "author":
		if e.Author == nil {
			return "", "", false
		}
		return collapse(*e.Author), collapse(got.Author), true
	case "date":
		if e.DatePublished == nil {
			return "", "", false
		}
		wt, err := time.Parse(time.RFC3339, *e.DatePublished)
		if err != nil {
			return *e.DatePublished, "", true
		}
		have := ""
		if !got.PublishedAt.IsZero() {
			have = got.PublishedAt.UTC().Format(time.RFC3339Nano)
		}
		return wt.UTC().Format(time.RFC3339Nano), have, true
	case "lead image":
		if e.LeadImageURL == nil {
			return "", "", false
		}
		return resolveAgainst(c.URL, *e.LeadImageURL), resolveAgainst(c.URL, got.LeadImage), true
	case "content first words":
		if e.Content == nil {
			return "", "", false
		}
		n := c.ContentWords
		if n <= 0 {
			n = len(strings.Fields(*e.Content))
		}
		return collapse(*e.Content), firstWords(got.ContentText, n), true
	}
	return "", "", false
}

func firstWords(text string, n int) string {
	w := strings.Fields(text)
	return strings.Join(w[:min(n, len(w))], " ")
}

func resolveAgainst(base, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	b, err1 := url.Parse(base)
	r, err2 := url.Parse(ref)
	if err1 != nil || err2 != nil {
		return ref
	}
	return b.ResolveReference(r).String()
}

func readPostlightCases(path string) ([]postlightCase, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []postlightCase
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
	for line := 1; sc.Scan(); line++ {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var c postlightCase
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			return nil, fmt.Errorf("%s line %d: %w", path, line, err)
		}
		out = append(out, c)
	}
	return out, sc.Err()
}

// readTarXZ returns the regular files of a .tar.xz archive by their
// cleaned paths, without writing anything to disk.
func readTarXZ(path string) (map[string][]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	xr, err := xz.NewReader(bufio.NewReader(f))
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{}
	tr := tar.NewReader(xr)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return files, nil
		}
		if err != nil {
			return nil, err
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", h.Name, err)
		}
		files[filepath.Clean(h.Name)] = data
	}
}
