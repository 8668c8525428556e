package extract

import (
	"archive/tar"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	readability "codeberg.org/readeck/go-readability/v2"
	"github.com/ulikunitz/xz"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// corpusBase is the URL Mozilla's suite parses every page with.
const corpusBase = "http://fakehost/test/page.html"

// TestReadabilityCorpus measures the extractor on Mozilla Readability's
// test pages (../shared/corpus/readability from the repository root). It
// asserts that nothing panics, that at most 10% of the pages fail, and
// floors a few points under the figures reached (readabilityFloors), so a
// regression fails; the figures themselves are logged.
func TestReadabilityCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("corpus measurement skipped in -short mode")
	}
	dir := corpusPages(t)
	cases, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var s corpusScore
	for _, c := range cases {
		if c.IsDir() {
			s.add(t, scorePage(t, filepath.Join(dir, c.Name())))
		}
	}
	if s.pages == 0 {
		t.Fatal("corpus holds no pages")
	}
	s.log(t)
	if s.failed*10 > s.pages {
		t.Errorf("%d of %d pages failed to extract (more than 10%%)", s.failed, s.pages)
	}
	ok := float64(s.pages - s.failed)
	for _, f := range []struct {
		name       string
		got, floor float64
	}{
		{"mean text F1", s.f1Sum / float64(s.pages), readabilityFloors.f1},
		{"title share", float64(s.title) / ok, readabilityFloors.title},
		{"byline share (pages that expect one)", float64(s.bylineHit) / float64(max(s.bylineN, 1)), readabilityFloors.byline},
	} {
		if f.got < f.floor {
			t.Errorf("%s %.3f is below the floor of %.2f", f.name, f.got, f.floor)
		}
	}
}

// readabilityFloors sit under what the extractor reaches on the corpus.
var readabilityFloors = struct{ f1, title, byline float64 }{f1: 0.99, title: 0.93, byline: 0.96}

// corpusPages returns the unpacked test-pages folder, unpacking the
// archive into a temporary folder when only the archive is there.
func corpusPages(t *testing.T) string {
	t.Helper()
	root, err := repoRoot()
	if err != nil {
		t.Skipf("corpus: %v", err)
	}
	corpus := filepath.Join(root, "..", "shared", "corpus", "readability")
	if dir := filepath.Join(corpus, "test-pages"); isDir(dir) {
		return dir
	}
	archive := filepath.Join(corpus, "test-pages.tar.xz")
	if _, err := os.Stat(archive); err != nil {
		t.Skipf("corpus not present at %s", corpus)
	}
	tmp := t.TempDir()
	if err := untarXZ(archive, tmp); err != nil {
		t.Fatalf("unpack %s: %v", archive, err)
	}
	return filepath.Join(tmp, "test-pages")
}

// repoRoot walks up from the test's working directory to go.mod.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

func untarXZ(archive, dest string) error {
	f, err := os.Open(archive)
	if err != nil {
		return err
	}
	defer f.Close()
	xr, err := xz.NewReader(f)
	if err != nil {
		return err
	}
	tr := tar.NewReader(xr)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		name := filepath.Clean(h.Name)
		if filepath.IsAbs(name) || strings.HasPrefix(name, "..") {
			return fmt.Errorf("unsafe path %q in archive", h.Name)
		}
		target := filepath.Join(dest, name)
		switch h.Typeflag {
		case tar.TypeDir:
			err = os.MkdirAll(target, 0o755)
		case tar.TypeReg:
			err = writeFile(target, tr)
		}
		if err != nil {
			return err
		}
	}
}

func writeFile(path string, r io.Reader) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	out, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, r); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// expectedMeta is the part of expected-metadata.json we score.
type expectedMeta struct {
	Title         string  `json:"title"`
	Byline        *string `json:"byline"`
	SiteName      *string `json:"siteName"`
	Lang          *string `json:"lang"`
	Excerpt       *string `json:"excerpt"`
	PublishedTime *string `json:"publishedTime"`
}

// pageScore is one page's outcome.
type pageScore struct {
	name                   string
	err                    error
	f1                     float64
	baseF1                 float64 // readability alone, unsanitized: the reference
	title, byline, site    bool
	hasByline              bool  // the page expects a byline
	authorUnlabelled       bool  // Author matches the expected byline without its "By"
	lang, published, excpt *bool // nil when the expectation is not set
	misses                 []string
}

func scorePage(t *testing.T, dir string) (ps pageScore) {
	ps.name = filepath.Base(dir)
	source, err1 := os.ReadFile(filepath.Join(dir, "source.html"))
	expected, err2 := os.ReadFile(filepath.Join(dir, "expected.html"))
	metaJSON, err3 := os.ReadFile(filepath.Join(dir, "expected-metadata.json"))
	var want expectedMeta
	if err := errors.Join(err1, err2, err3, json.Unmarshal(metaJSON, &want)); err != nil {
		t.Fatalf("%s: %v", ps.name, err)
	}
	defer func() {
		if p := recover(); p != nil {
			t.Errorf("%s: Article panicked: %v", ps.name, p)
			ps.err = fmt.Errorf("panic: %v", p)
		}
	}()
	got, err := Article(source, corpusBase)
	if err != nil {
		ps.err = err
		return ps
	}
	ps.f1 = shingleF1(got.ContentText, htmlText(expected))
	ps.baseF1 = baselineF1(source, expected)
	ps.title = ps.check("title", want.Title, got.Title)
	ps.byline = ps.check("byline", deref(want.Byline), got.Byline)
	ps.hasByline = collapse(deref(want.Byline)) != ""
	ps.authorUnlabelled = collapse(got.Author) == collapse(bylineLabelWord.ReplaceAllString(collapse(deref(want.Byline)), ""))
	ps.site = ps.check("siteName", deref(want.SiteName), got.SiteName)
	if want.Lang != nil {
		ps.lang = ptr(got.Language == *want.Lang)
	}
	if want.Excerpt != nil {
		ps.excpt = ptr(collapse(got.Excerpt) == collapse(*want.Excerpt))
	}
	if want.PublishedTime != nil {
		wt, ok := parseDate(*want.PublishedTime)
		ps.published = ptr(ok && wt.Equal(got.PublishedAt))
	}
	return ps
}

// check compares an expected and an extracted text after collapsing
// whitespace, noting a mismatch for -corpus.misses.
func (ps *pageScore) check(field, want, got string) bool {
	if collapse(want) == collapse(got) {
		return true
	}
	ps.misses = append(ps.misses, fmt.Sprintf("%s:\n  want %q\n  got  %q", field, collapse(want), collapse(got)))
	return false
}

// corpusScore sums page outcomes.
type corpusScore struct {
	pages, failed, exact              int
	f1Sum, baseSum                    float64
	title, byline, site               int
	bylineHit, bylineN, authorLoose   int // over the pages that expect a byline
	lang, langN, pub, pubN, exc, excN int
	worst                             []pageScore
}

func (s *corpusScore) add(t *testing.T, ps pageScore) {
	s.pages++
	if ps.err != nil {
		s.failed++
		t.Logf("%s: %v", ps.name, ps.err)
		return
	}
	s.f1Sum += ps.f1
	s.baseSum += ps.baseF1
	if ps.f1 >= 0.99 {
		s.exact++
	}
	s.title += b2i(ps.title)
	s.byline += b2i(ps.byline)
	if ps.hasByline {
		s.bylineHit, s.bylineN = s.bylineHit+b2i(ps.byline), s.bylineN+1
		s.authorLoose += b2i(ps.authorUnlabelled)
	}
	if *showMisses {
		for _, m := range ps.misses {
			t.Logf("%s %s", ps.name, m)
		}
	}
	s.site += b2i(ps.site)
	s.lang, s.langN = count(s.lang, s.langN, ps.lang)
	s.pub, s.pubN = count(s.pub, s.pubN, ps.published)
	s.exc, s.excN = count(s.exc, s.excN, ps.excpt)
	s.worst = append(s.worst, ps)
}

func (s *corpusScore) log(t *testing.T) {
	ok := s.pages - s.failed
	t.Logf("readability corpus: %d pages, %d failed; text F1 over 4-word shingles: mean %.3f (failures count 0), %d pages >= 0.99",
		s.pages, s.failed, s.f1Sum/float64(s.pages), s.exact)
	t.Logf("reference, readability alone on the same pages: mean text F1 %.3f", s.baseSum/float64(max(ok, 1)))
	t.Logf("metadata matches: title %d/%d (%.1f%%), byline %d/%d (none expected and none found counts), siteName %d/%d, lang %d/%d, publishedTime %d/%d, excerpt %d/%d",
		s.title, ok, 100*float64(s.title)/float64(max(ok, 1)), s.byline, ok, s.site, ok, s.lang, s.langN, s.pub, s.pubN, s.exc, s.excN)
	t.Logf("byline exact on the pages that expect one: %d/%d (%.1f%%); the cleaned Author equals the expected byline without a leading By/Par/Written by on %d/%d",
		s.bylineHit, s.bylineN, 100*float64(s.bylineHit)/float64(max(s.bylineN, 1)), s.authorLoose, s.bylineN)
	sort.Slice(s.worst, func(i, j int) bool { return s.worst[i].f1 < s.worst[j].f1 })
	for _, ps := range s.worst[:min(5, len(s.worst))] {
		t.Logf("lowest F1: %s %.3f", ps.name, ps.f1)
	}
}

// baselineF1 scores go-readability's own text for the page, to tell
// what our sanitizing and text rendering cost from what the library does.
func baselineF1(source, expected []byte) float64 {
	base, _ := url.Parse(corpusBase)
	art, err := readability.FromReader(bytes.NewReader(source), base)
	if err != nil || art.Node == nil {
		return 0
	}
	var b strings.Builder
	if err := art.RenderHTML(&b); err != nil {
		return 0
	}
	return shingleF1(htmlText([]byte(b.String())), htmlText(expected))
}

// bylineLabelWord is the label readability keeps at the start of a
// byline it takes from the page text ("By Jane Doe"); Author drops it on
// purpose.
var bylineLabelWord = regexp.MustCompile(`(?i)^(?:written by|by|par)\s+`)

var wordRun = regexp.MustCompile(`[\p{L}\p{N}_]+`)

// shingleF1 compares the sets of 4-word shingles of two texts.
func shingleF1(got, want string) float64 {
	g, w := shingles(got), shingles(want)
	if len(g) == 0 && len(w) == 0 {
		return 1
	}
	common := 0
	for s := range g {
		if w[s] {
			common++
		}
	}
	if common == 0 {
		return 0
	}
	p, r := float64(common)/float64(len(g)), float64(common)/float64(len(w))
	return 2 * p * r / (p + r)
}

func shingles(text string) map[string]bool {
	words := wordRun.FindAllString(strings.ToLower(text), -1)
	out := make(map[string]bool)
	for i := 0; i+4 <= len(words); i++ {
		out[strings.Join(words[i:i+4], " ")] = true
	}
	if len(words) > 0 && len(words) < 4 {
		out[strings.Join(words, " ")] = true
	}
	return out
}

// htmlText is the text of an HTML document as a browser lays it out
// without styles: inline text runs together, block elements and <br>
// separate words. It is written apart from the code under test.
func htmlText(page []byte) string {
	doc, err := html.Parse(strings.NewReader(string(page)))
	if err != nil {
		return ""
	}
	var b strings.Builder
	var visit func(n *html.Node)
	visit = func(n *html.Node) {
		if n.Type == html.ElementNode && (n.DataAtom == atom.Script || n.DataAtom == atom.Style) {
			return
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		breaks := n.Type == html.ElementNode && (layoutBlocks[n.DataAtom] || n.Namespace == "math")
		if breaks {
			b.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			visit(c)
		}
		if breaks {
			b.WriteByte(' ')
		}
	}
	visit(doc)
	return b.String()
}

// layoutBlocks are the elements a browser lays out on lines of their own
// by default, plus table cells (which it separates).
var layoutBlocks = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Br: true, atom.H1: true, atom.H2: true, atom.H3: true,
	atom.H4: true, atom.H5: true, atom.H6: true, atom.Ul: true, atom.Ol: true, atom.Li: true,
	atom.Blockquote: true, atom.Pre: true, atom.Figure: true, atom.Figcaption: true,
	atom.Table: true, atom.Tr: true, atom.Td: true, atom.Th: true, atom.Section: true,
	atom.Article: true, atom.Header: true, atom.Footer: true, atom.Aside: true, atom.Nav: true,
	atom.Dl: true, atom.Dt: true, atom.Dd: true, atom.Hr: true, atom.Address: true, atom.Main: true,
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func ptr(b bool) *bool { return &b }

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func count(hits, n int, b *bool) (int, int) {
	if b == nil {
		return hits, n
	}
	return hits + b2i(*b), n + 1
}
