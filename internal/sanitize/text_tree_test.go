package sanitize

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// treeText is the reference Text is held to: the same rules, applied to
// the tree the HTML parser builds. Text reads tokens instead, which is
// cheaper; on what HTML returns (well-formed, balanced) the two agree.
func treeText(fragment string) string {
	if strings.TrimSpace(fragment) == "" {
		return ""
	}
	ctx := &html.Node{Type: html.ElementNode, DataAtom: atom.Body, Data: "body"}
	nodes, err := html.ParseFragment(strings.NewReader(fragment), ctx)
	if err != nil {
		return ""
	}
	var tb textBuilder
	var walk func(n *html.Node, pre bool)
	walk = func(n *html.Node, pre bool) {
		switch n.Type {
		case html.TextNode:
			tb.text(n.Data, pre)
			return
		case html.ElementNode, html.DocumentNode:
		default:
			return
		}
		if silent[n.DataAtom] {
			return
		}
		if n.DataAtom == atom.Br {
			tb.lineBreak()
			return
		}
		if n.DataAtom == atom.Td || n.DataAtom == atom.Th {
			tb.space = true
		}
		block := blocks[n.DataAtom]
		if block {
			tb.paraBreak()
		}
		pre = pre || n.DataAtom == atom.Pre
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, pre)
		}
		if block {
			tb.paraBreak()
		}
	}
	for _, n := range nodes {
		walk(n, false)
	}
	return tb.String()
}

var textAgreementSeeds = []string{
	"<p>One &amp; two</p><p>Three<br>four</p>",
	"<pre>\n  keep\n  lines</pre><p>after</p>",
	"<ul><li>a</li><li>b <b>bold</b></li></ul>",
	"<table><tr><td>a</td><td>b</td></tr></table>",
	"<p>x<script>alert(1)</script>y<style>p{}</style>z</p>",
	"<figure><img src=x><figcaption>Photo: Ann</figcaption></figure>",
	"<svg><text>hidden</text></svg>visible",
	"<p>unclosed <b>bold <i>both</p> after",
	"text\x00with nul",
	"<h2>Head</h2>body  text\twith   spaces",
}

func TestText_AgreesWithTreeOnSanitizedHTML(t *testing.T) {
	for _, in := range textAgreementSeeds {
		clean := HTML(in, nil)
		if got, want := Text(clean), treeText(clean); got != want {
			t.Errorf("Text(HTML(%q)):\n got %q\nwant %q", in, got, want)
		}
	}
}

func FuzzText_AgreesWithTree(f *testing.F) {
	for _, s := range textAgreementSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		clean := HTML(in, nil)
		if got, want := Text(clean), treeText(clean); got != want {
			t.Errorf("Text(HTML(%q)) = %q, tree reading %q", in, got, want)
		}
	})
}

// BenchmarkText_Tokens and BenchmarkText_Tree compare the two readings on
// a sanitized article of about 600 words.
func BenchmarkText_Tokens(b *testing.B) {
	article := HTML(strings.Repeat("<p>The council met on <b>Tuesday</b> to weigh the harbour budget &amp; the ferry timetable.</p>", 40), nil)
	for b.Loop() {
		Text(article)
	}
}

func BenchmarkText_Tree(b *testing.B) {
	article := HTML(strings.Repeat("<p>The council met on <b>Tuesday</b> to weigh the harbour budget &amp; the ferry timetable.</p>", 40), nil)
	for b.Loop() {
		treeText(article)
	}
}
