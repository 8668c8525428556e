package parse

import (
	"errors"
	"strings"
	"testing"
)

func TestParse_RepairsWhatFeedReadersTolerate(t *testing.T) {
	const head = `<?xml version="1.0"?><rss version="2.0"><channel><title>Repairs</title>`
	tests := []struct {
		name, doc   string
		title, link string
	}{
		{"unescaped ampersand in a link, root end tag cut short",
			head + `<item><title>Q</title><link>https://x.example/?a=1&b=2</link></item></channel></rss`,
			"Q", "https://x.example/?a=1&b=2"},
		{"XHTML entity where XML defines none, root never closed",
			head + `<item><title>caf&eacute;&nbsp;bar</title><link>https://x.example/c</link></item></channel>`,
			"café bar", "https://x.example/c"},
		{"stray less-than sign in text",
			head + `<item><title>1 < 2 & 3 > 2</title><link>https://x.example/m</link></item></channel></rss>`,
			"1 < 2 & 3 > 2", "https://x.example/m"},
		{"end tag closing its parent before the child",
			head + `<item><title>Nested</title><link>https://x.example/n</link></channel></rss>`,
			"Nested", "https://x.example/n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Parse([]byte(tt.doc), "https://x.example/feed")
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if f.Title != "Repairs" || len(f.Items) != 1 {
				t.Fatalf("feed %q with %d items, want Repairs with 1", f.Title, len(f.Items))
			}
			if it := f.Items[0]; it.Title != tt.title || it.URL != tt.link {
				t.Errorf("item %q %q, want %q %q", it.Title, it.URL, tt.title, tt.link)
			}
		})
	}
}

func TestRepairXML(t *testing.T) {
	tests := []struct{ in, want string }{
		{`<r><a>x</b></a></r>`, `<r><a>x</a></r>`},
		{`<r><a><b>x</a></r>`, `<r><a><b>x</b></a></r>`},
		{`<r><a href="?a=1&b=2">x & y</a></r`, `<r><a href="?a=1&amp;b=2">x &amp; y</a></r>`},
		{`<r>a < b</r>`, `<r>a &lt; b</r>`},
		{`<r>&eacute;&amp;&bogus;</r>`, `<r>é&amp;&amp;bogus;</r>`},
		{"<r><![CDATA[<b>&</b>]]><e/>\n</r>", "<r><![CDATA[<b>&</b>]]><e/>\n</r>"},
		{`<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e "v&#38;">]><!-- c --><r>&e;</r>`, `<?xml version="1.0"?><!-- c --><r>v&amp;</r>`},
		{`<x:r xmlns:x="urn:x" x:a='1'>t</x:r>`, `<x:r xmlns:x="urn:x" x:a="1">t</x:r>`},
		{"<r>\x01ok\x0b</r>", "<r>ok</r>"},
		{`<r><a>x</a>`, `<r><a>x</a></r>`},
	}
	for _, tt := range tests {
		if got := string(repairXML([]byte(tt.in))); got != tt.want {
			t.Errorf("repairXML(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	for _, in := range []string{`<r><a>x`, `<r/><s/>`, `no markup`, `<r><![CDATA[x`} {
		if got := repairXML([]byte(in)); got != nil {
			t.Errorf("repairXML(%q) = %q, want nil: it cannot be mended without guessing", in, got)
		}
	}
}

func TestParse_TruncatedFeedRefused(t *testing.T) {
	docs := []string{
		`<rss version="2.0"><channel><title>x</title><item><title>y`,
		`<rss version="2.0"><channel><title>x</title><item><title>y</title></item>`,
		`<rss version="2.0"><channel><item><title><![CD`,
	}
	for _, doc := range docs {
		f, err := Parse([]byte(doc), "https://x.example/feed")
		if err == nil {
			t.Errorf("Parse(%q) = %+v, want an error", doc, f)
			continue
		}
		if errors.Is(err, ErrNotFeed) {
			t.Errorf("Parse(%q): %v; a broken feed is still a feed", doc, err)
		}
	}
}

func TestParse_DTDEntities(t *testing.T) {
	doc := `<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY site "tag:x.example,2024:">
  <!ENTITY copy "&#169; X">
]>
<rss version="2.0"><channel><title>&copy; 2024</title>
<item><guid isPermaLink="false">&site;post-1</guid><title>T</title></item></channel></rss>`
	f, err := Parse([]byte(doc), "https://x.example/feed")
	if err != nil {
		t.Fatal(err)
	}
	if f.Title != "© X 2024" {
		t.Errorf("title = %q", f.Title)
	}
	if len(f.Items) != 1 || f.Items[0].GUID != "tag:x.example,2024:post-1" {
		t.Errorf("items = %+v", f.Items)
	}
}

func TestParse_DTDEntityExpansionBounded(t *testing.T) {
	// A 1 KB entity referenced 200,000 times would expand to 200 MB.
	doc := `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY big "` + strings.Repeat("x", 1000) + `">]>` +
		`<rss version="2.0"><channel><title>Bomb</title><item><title>` + strings.Repeat("&big;", 200000) +
		`</title><link>https://x.example/b</link></item></channel></rss>`
	f, err := Parse([]byte(doc), "https://x.example/feed")
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Items) != 1 || len(f.Items[0].Title) > len(doc) {
		t.Errorf("%d items; the title grew past the document's %d bytes", len(f.Items), len(doc))
	}
}
