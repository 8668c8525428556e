package parse

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf16"
)

func parseFile(t *testing.T, name, feedURL string) *Feed {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	f, err := Parse(data, feedURL)
	if err != nil {
		t.Fatalf("Parse(%s): %v", name, err)
	}
	return f
}

func date(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestParse_RSS2(t *testing.T) {
	f := parseFile(t, "rss2.xml", "https://feeds.example.com/gazette")
	if f.Title != "The Harbour & Hills Gazette" || f.SiteURL != "https://gazette.example.com/" ||
		f.Language != "en-GB" || f.Format != "rss 2.0" {
		t.Errorf("feed header = %q %q %q %q", f.Title, f.SiteURL, f.Language, f.Format)
	}
	if len(f.Items) != 3 || len(f.Skipped) != 0 {
		t.Fatalf("items = %d, skipped = %v", len(f.Items), f.Skipped)
	}
	ferry := f.Items[0]
	want := Item{
		GUID:         "gazette-1001",
		URL:          "https://gazette.example.com/2024/06/22/ferry-returns/",
		Title:        "Ferry returns after two-year pause",
		ContentHTML:  `<p>The <a href="/timetable">ferry</a> is back on the water.</p><img src="/img/inline.jpg">`,
		SummaryHTML:  "<p>The ferry is back.</p>",
		Author:       "Mara Quill",
		Published:    date("2024-06-22T08:30:00Z"),
		Categories:   []string{"Transport", "Harbour"},
		ImageURL:     "https://cdn.gazette.example.com/ferry-1280.jpg",
		ImageCredit:  "Ines Harbour",
		ImageCaption: "The ferry leaving the north pier.",
	}
	if !reflect.DeepEqual(ferry, want) {
		t.Errorf("ferry item\n got %+v\nwant %+v", ferry, want)
	}

	market := f.Items[1]
	if market.URL != "https://gazette.example.com/market-hall.html" {
		t.Errorf("relative link resolved to %q", market.URL)
	}
	if market.Author != "Tom Ledger" {
		t.Errorf("author %q: the address must not be the byline", market.Author)
	}
	if market.ImageURL != "https://gazette.example.com/img/market.jpg" || market.ImageCredit != "Gazette staff" {
		t.Errorf("enclosure image = %q credit %q", market.ImageURL, market.ImageCredit)
	}

	note := f.Items[2]
	if note.URL != "https://gazette.example.com/notes/7" || note.GUID != note.URL {
		t.Errorf("permalink guid not used as link: url %q guid %q", note.URL, note.GUID)
	}
	if !note.Published.IsZero() {
		t.Errorf("undated item got date %v", note.Published)
	}
}

func TestParse_AtomXMLBase(t *testing.T) {
	f := parseFile(t, "atom.xml", "https://feeds.example.com/northfield")
	if f.Title != "Northfield Chronicle" || f.SiteURL != "https://northfield.example.net/" ||
		f.Language != "fr" || f.Format != "atom 1.0" {
		t.Errorf("feed header = %q %q %q %q", f.Title, f.SiteURL, f.Language, f.Format)
	}
	if len(f.Items) != 2 {
		t.Fatalf("items = %d", len(f.Items))
	}
	bridge, school := f.Items[0], f.Items[1]
	if bridge.URL != "https://northfield.example.net/blog/2024/bridge-vote" {
		t.Errorf("xml:base link = %q", bridge.URL)
	}
	if bridge.GUID != "tag:northfield.example.net,2024:bridge" || bridge.Author != "Léa Pont" {
		t.Errorf("guid %q author %q", bridge.GUID, bridge.Author)
	}
	if !bridge.Published.Equal(date("2024-06-22T06:00:00Z")) || !bridge.Updated.Equal(date("2024-06-22T08:00:00Z")) {
		t.Errorf("dates %v %v", bridge.Published, bridge.Updated)
	}
	if bridge.SummaryHTML != "The council postponed the vote." || !strings.Contains(bridge.ContentHTML, "<p>The council") {
		t.Errorf("summary %q content %q", bridge.SummaryHTML, bridge.ContentHTML)
	}
	if !reflect.DeepEqual(bridge.Categories, []string{"Politics"}) {
		t.Errorf("categories %v", bridge.Categories)
	}
	if school.URL != "https://archive.northfield.example.net/old/school" {
		t.Errorf("entry xml:base link = %q", school.URL)
	}
	if school.Author != "Chronicle Desk" {
		t.Errorf("entry did not inherit the feed author: %q", school.Author)
	}
	if !school.Published.Equal(date("2024-06-20T07:00:00Z")) {
		t.Errorf("published did not fall back to updated: %v", school.Published)
	}
	if school.ImageURL != "https://archive.northfield.example.net/old/school.png" {
		t.Errorf("enclosure link image = %q", school.ImageURL)
	}
}

func TestParse_JSONFeed(t *testing.T) {
	f := parseFile(t, "feed.json", "https://meridian.example.org/feed.json")
	if f.Title != "Meridian Wire" || f.Format != "json 1.1" || f.Language != "en-US" {
		t.Errorf("feed header = %q %q %q", f.Title, f.Format, f.Language)
	}
	if len(f.Items) != 2 {
		t.Fatalf("items = %d", len(f.Items))
	}
	solar, rail := f.Items[0], f.Items[1]
	if solar.Title != "Solar farm <approved>" {
		t.Errorf("plain-text title altered: %q", solar.Title)
	}
	if solar.Author != "Ada Byte, Lin Rowe" || solar.Language != "en-GB" {
		t.Errorf("author %q language %q", solar.Author, solar.Language)
	}
	if solar.SummaryHTML != "<p>Approval after a long debate &amp; a vote.</p>" {
		t.Errorf("summary not escaped to HTML: %q", solar.SummaryHTML)
	}
	if solar.ImageURL != "https://meridian.example.org/i/solar.jpg" {
		t.Errorf("image preferred over banner: %q", solar.ImageURL)
	}
	if rail.URL != "https://meridian.example.org/a/rail-strike" || rail.ImageURL != "https://meridian.example.org/i/rail.jpg" {
		t.Errorf("relative url %q image %q", rail.URL, rail.ImageURL)
	}
	if rail.ContentHTML != "<p>Unions and operators agreed.</p><p>Trains run &lt;normally&gt; tomorrow.</p>" {
		t.Errorf("content_text not turned into HTML: %q", rail.ContentHTML)
	}
	if rail.Author != "Meridian Staff" || !rail.Published.Equal(date("2024-06-21T20:00:00Z")) {
		t.Errorf("author %q published %v", rail.Author, rail.Published)
	}
}

func TestParse_RSS1RDF(t *testing.T) {
	f := parseFile(t, "rdf.xml", "https://valley.example.com/index.rdf")
	if f.Format != "rss 1.0" || f.Language != "de" || len(f.Items) != 1 {
		t.Fatalf("format %q language %q items %d", f.Format, f.Language, len(f.Items))
	}
	it := f.Items[0]
	if it.URL != "https://valley.example.com/flood" || it.Author != "Jonas Fluss" ||
		!it.Published.Equal(date("2024-06-19T04:00:00Z")) || !reflect.DeepEqual(it.Categories, []string{"Weather"}) {
		t.Errorf("rdf item = %+v", it)
	}
}

func TestParse_MediaSources(t *testing.T) {
	f := parseFile(t, "media-group.xml", "https://groups.example.com/feed")
	tests := []struct {
		image, credit, caption string
	}{
		{"https://groups.example.com/g-large.jpg", "Group Credit", "Group caption"},
		{"https://groups.example.com/thumb.jpg", "© Thumb Agency", ""},
		{"https://groups.example.com/cover.jpg", "", ""},
		{"https://groups.example.com/real.jpg", "", ""},
	}
	if len(f.Items) != len(tests) {
		t.Fatalf("items = %d", len(f.Items))
	}
	for i, tt := range tests {
		it := f.Items[i]
		if it.ImageURL != tt.image || it.ImageCredit != tt.credit || it.ImageCaption != tt.caption {
			t.Errorf("%s: image %q credit %q caption %q, want %q %q %q",
				it.Title, it.ImageURL, it.ImageCredit, it.ImageCaption, tt.image, tt.credit, tt.caption)
		}
	}
}

func TestParse_UnrepresentableItemSkipped(t *testing.T) {
	f := parseFile(t, "broken-item.xml", "https://mixed.example.com/rss")
	var urls []string
	for _, it := range f.Items {
		urls = append(urls, it.URL)
	}
	// The item with neither link nor title is kept: it has a summary, and
	// whether it can be stored is for the caller to decide.
	if want := []string{"https://mixed.example.com/good-1", "", "https://mixed.example.com/good-2"}; !reflect.DeepEqual(urls, want) {
		t.Errorf("kept %v, want %v", urls, want)
	}
	if f.Items[1].SummaryHTML != "Neither link nor title." {
		t.Errorf("link-less, title-less item summary = %q", f.Items[1].SummaryHTML)
	}
	if len(f.Skipped) != 2 {
		t.Fatalf("skipped = %q", f.Skipped)
	}
	for i, want := range []string{"item 2: link", "item 3: link"} {
		if !strings.HasPrefix(f.Skipped[i], want) {
			t.Errorf("skipped[%d] = %q, want prefix %q", i, f.Skipped[i], want)
		}
	}
}

func TestParse_NotAFeed(t *testing.T) {
	page, err := os.ReadFile("testdata/page.html")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		data    []byte
		notFeed bool
	}{
		{"html page", page, true},
		{"empty", nil, true},
		{"blank", []byte(" \n\t "), true},
		{"plain text", []byte("hello world"), true},
		{"json api answer", []byte(`{"id": 12, "title": {"rendered": "x"}}`), true},
		{"xml that is no feed", []byte(`<?xml version="1.0"?><note><to>you</to></note>`), true},
		{"truncated rss", []byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item><title>y`), false},
		{"broken json", []byte(`{"version": "https://jsonfeed.org/version/1.1", "items": [`), false},
		{"binary", []byte{0x00, 0xff, 0x13, 0x37, '<', 0x01}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Parse(tt.data, "https://example.com/feed")
			if err == nil {
				t.Fatalf("Parse = %+v, want an error", f)
			}
			if got := errors.Is(err, ErrNotFeed); got != tt.notFeed {
				t.Errorf("errors.Is(%v, ErrNotFeed) = %v, want %v", err, got, tt.notFeed)
			}
			if !strings.HasPrefix(err.Error(), "parse: ") {
				t.Errorf("error %q lacks the package prefix", err)
			}
		})
	}
}

func TestParse_LongLeadingComment(t *testing.T) {
	data := "<?xml version=\"1.0\"?>\n<!--" + strings.Repeat(" padding ", 1000) + "-->\n" +
		`<rss version="2.0"><channel><title>Late root</title><item><title>A</title><link>https://x.example/a</link></item></channel></rss>`
	f, err := Parse([]byte(data), "https://x.example/feed")
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if f.Title != "Late root" || len(f.Items) != 1 {
		t.Errorf("got %q with %d items", f.Title, len(f.Items))
	}
}

func TestParse_Latin1(t *testing.T) {
	data := []byte("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss version=\"2.0\"><channel><title>Caf\xe9</title>" +
		"<item><title>M\xfcnchen</title><link>https://x.example/m</link></item></channel></rss>")
	f, err := Parse(data, "https://x.example/feed")
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if f.Title != "Café" || f.Items[0].Title != "München" {
		t.Errorf("decoded %q / %q", f.Title, f.Items[0].Title)
	}
}

func TestParse_Charsets(t *testing.T) {
	const feed = `<?xml version="1.0" encoding="%s"?><rss version="2.0"><channel><title>Café</title>` +
		`<item><title>Straße</title><link>https://x.example/s</link></item></channel></rss>`
	encodeUTF16 := func(order binary.AppendByteOrder, bom []byte, s string) []byte {
		out := append([]byte(nil), bom...)
		for _, r := range utf16.Encode([]rune(s)) {
			out = order.AppendUint16(out, r)
		}
		return out
	}
	encodeUTF32 := func(order binary.AppendByteOrder, bom []byte, s string) []byte {
		out := append([]byte(nil), bom...)
		for _, r := range s {
			out = order.AppendUint32(out, uint32(r))
		}
		return out
	}
	latin1 := func(s string) []byte {
		var out []byte
		for _, r := range s {
			out = append(out, byte(r))
		}
		return out
	}
	tests := []struct {
		name string
		data []byte
	}{
		{"utf-16 big endian with bom", encodeUTF16(binary.BigEndian, []byte{0xfe, 0xff}, fmt.Sprintf(feed, "UTF-16"))},
		{"utf-16 little endian with bom", encodeUTF16(binary.LittleEndian, []byte{0xff, 0xfe}, fmt.Sprintf(feed, "utf-16"))},
		{"utf-16 little endian without bom", encodeUTF16(binary.LittleEndian, nil, fmt.Sprintf(feed, "utf-16"))},
		{"utf-32 big endian with bom", encodeUTF32(binary.BigEndian, []byte{0, 0, 0xfe, 0xff}, fmt.Sprintf(feed, "UTF-32"))},
		{"utf-32 little endian with bom", encodeUTF32(binary.LittleEndian, []byte{0xff, 0xfe, 0, 0}, fmt.Sprintf(feed, "utf-32"))},
		{"utf-32 big endian without bom", encodeUTF32(binary.BigEndian, nil, fmt.Sprintf(feed, "utf-32"))},
		{"latin-1 bytes declared as utf-8", latin1(fmt.Sprintf(feed, "utf-8"))},
		{"latin-1 bytes declared as such", latin1(fmt.Sprintf(feed, "ISO-8859-1"))},
		{"utf-8 with bom", append([]byte("\xef\xbb\xbf"), fmt.Sprintf(feed, "utf-8")...)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Parse(tt.data, "https://x.example/feed")
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if f.Title != "Café" || len(f.Items) != 1 || f.Items[0].Title != "Straße" {
				t.Errorf("decoded title %q, items %+v", f.Title, f.Items)
			}
		})
	}
}

func TestCleanTitle(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Tom &amp; Jerry", "Tom & Jerry"},
		{"  spaced \n\t out  ", "spaced out"},
		{"<b>Bold</b> move", "Bold move"},
		{"5 < 6 &amp; 7 > 3", "5 < 6 & 7 > 3"},
		{"Hi<script>alert(1)</script> there", "Hi there"},
		{"&#8220;Quoted&#8221;", "“Quoted”"},
		{"&lang;XHTML&rang;", "\u2329XHTML\u232a"},
		{"&amp;lang; stays", "&lang; stays"},
	}
	for _, tt := range tests {
		if got := cleanTitle(tt.in, false); got != tt.want {
			t.Errorf("cleanTitle(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParse_RSSTTL(t *testing.T) {
	tests := []struct {
		ttl  string
		want time.Duration
	}{
		{"<ttl>90</ttl>", 90 * time.Minute},
		{"<ttl> 5 </ttl>", 5 * time.Minute},
		{"<ttl>soon</ttl>", 0},
		{"<ttl>-3</ttl>", 0},
		{"", 0},
		{"<ttl>999999</ttl>", 7 * 24 * time.Hour},
	}
	for _, tt := range tests {
		data := `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>` + tt.ttl +
			`<item><title>x</title><link>https://x.example/1</link></item></channel></rss>`
		f, err := Parse([]byte(data), "https://x.example/feed")
		if err != nil {
			t.Fatal(err)
		}
		if f.TTL != tt.want {
			t.Errorf("%q: TTL = %v, want %v", tt.ttl, f.TTL, tt.want)
		}
	}
}

func TestParse_XHTMLAngleBrackets(t *testing.T) {
	doc := `<rss version="2.0"><channel><title>&lang;a&rang;</title><item><title>&lang;b&rang;</title>` +
		`<link>https://x.example/b</link><description>&lt;i&gt;&amp;lang;c&amp;rang;&lt;/i&gt;</description></item></channel></rss>`
	f, err := Parse([]byte(doc), "https://x.example/feed")
	if err != nil {
		t.Fatal(err)
	}
	if f.Title != "\u2329a\u232a" || len(f.Items) != 1 || f.Items[0].Title != "\u2329b\u232a" {
		t.Errorf("feed %q, items %+v", f.Title, f.Items)
	}
	if got := f.Items[0].SummaryHTML; got != "<i>&lang;c&rang;</i>" {
		t.Errorf("summary = %q: escaped entity text must stay as written", got)
	}
}

func TestParse_LanguageTag(t *testing.T) {
	doc := `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en_US"><title>L</title></feed>`
	f, err := Parse([]byte(doc), "https://x.example/feed")
	if err != nil {
		t.Fatal(err)
	}
	if f.Language != "en-US" {
		t.Errorf("language = %q, want en-US", f.Language)
	}
}

func TestParse_AtomDraftNamespace(t *testing.T) {
	for _, ns := range []string{"http://purl.org/pie/", "http://purl.org/echo/", "http://example.com/necho"} {
		doc := `<?xml version="1.0"?><!-- draft --><feed version="0.3" xmlns="` + ns + `" xmlns:dc="http://purl.org/dc/elements/1.1/">` +
			`<title>Draft</title><entry><title>E</title><link rel="alternate" href="https://x.example/e"/>` +
			`<modified>2003-12-31T10:14:55Z</modified></entry></feed>`
		f, err := Parse([]byte(doc), "https://x.example/feed")
		if err != nil {
			t.Fatalf("%s: %v", ns, err)
		}
		if f.Title != "Draft" || len(f.Items) != 1 || f.Items[0].URL != "https://x.example/e" ||
			!f.Items[0].Updated.Equal(date("2003-12-31T10:14:55Z")) {
			t.Errorf("%s: feed %q, items %+v", ns, f.Title, f.Items)
		}
	}
}

func TestParse_RSSExtensionsGofeedLeaves(t *testing.T) {
	doc := `<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/" xmlns:dcterms="http://purl.org/dc/terms/"
  xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel><title>X</title>
<item><title>A</title><link>https://x.example/a</link>
  <author>Ada Lovelace &lt;ada@x.example&gt;</author>
  <category>News</category><media:category>Science</media:category>
  <itunes:category text="Technology"><itunes:category text="Gadgets"/></itunes:category>
  <dcterms:issued>2003-12-31T10:14:55Z</dcterms:issued><dcterms:modified>2004-01-02</dcterms:modified>
</item>
<item><title>B</title><link>https://x.example/b</link><author>news@x.example (Grace Hopper)</author>
  <pubDate>Sat, 22 Jun 2024 09:30:00 +0000</pubDate><dcterms:issued>2003-12-31T10:14:55Z</dcterms:issued></item>
<item><title>C</title><link>https://x.example/c</link><author>news@x.example</author></item>
</channel></rss>`
	f, err := Parse([]byte(doc), "https://x.example/feed")
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Items) != 3 {
		t.Fatalf("items = %+v", f.Items)
	}
	a, b, c := f.Items[0], f.Items[1], f.Items[2]
	if a.Author != "Ada Lovelace" || b.Author != "Grace Hopper" || c.Author != "" {
		t.Errorf("authors %q %q %q, want the names beside the addresses and none for a bare address", a.Author, b.Author, c.Author)
	}
	if want := []string{"News", "Science", "Technology", "Gadgets"}; !reflect.DeepEqual(a.Categories, want) {
		t.Errorf("categories = %q, want %q", a.Categories, want)
	}
	if !a.Published.Equal(date("2003-12-31T10:14:55Z")) || !a.Updated.Equal(date("2004-01-02T00:00:00Z")) {
		t.Errorf("dcterms dates: published %v updated %v", a.Published, a.Updated)
	}
	if !b.Published.Equal(date("2024-06-22T09:30:00Z")) {
		t.Errorf("published = %v, want pubDate to win over dcterms:issued", b.Published)
	}
}

func TestNameBesideAddress(t *testing.T) {
	tests := map[string]string{
		"Ada Lovelace <ada@x.example>":     "Ada Lovelace",
		`"Ada" <ada@x.example>`:            "Ada",
		"ada@x.example (Ada Lovelace)":     "Ada Lovelace",
		"Ada Lovelace (ada@x.example)":     "Ada Lovelace",
		"ada@x.example":                    "",
		"Ada Lovelace":                     "Ada Lovelace",
		"Ada Lovelace (Science Desk)":      "Ada Lovelace (Science Desk)",
		"  ":                               "",
		"<ada@x.example>":                  "",
		"Ada &amp; Co &lt;a@x.example&gt;": "Ada & Co",
	}
	for in, want := range tests {
		if got := nameBesideAddress(in); got != want {
			t.Errorf("nameBesideAddress(%q) = %q, want %q", in, got, want)
		}
	}
}
