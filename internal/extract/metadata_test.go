package extract

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
)

// articleBody is enough text for readability to find an article.
var articleBody = strings.Repeat("<p>The harbour ferry returned to service on Saturday after two years of repairs, and the first crossing was full before dawn.</p>", 4)

func extractPage(t *testing.T, head, body, pageURL string) Result {
	t.Helper()
	page := "<!doctype html><html><head>" + head + "</head><body>" + body + "</body></html>"
	r, err := Article([]byte(page), pageURL)
	if err != nil {
		t.Fatalf("Article: %v", err)
	}
	return r
}

func TestArticle_Title(t *testing.T) {
	tests := []struct{ name, head, body, url, want string }{
		{"og:title with the site name trimmed",
			`<title>x</title><meta property="og:site_name" content="The Gazette"><meta property="og:title" content="Ferry returns | The Gazette">`,
			`<h1>Ferry is back</h1>`, pageURL, "Ferry returns"},
		{"meta value= attribute",
			`<title>Other words entirely</title><meta name="og:title" value="Ferry returns">`,
			``, pageURL, "Ferry returns"},
		{"host spells the site in the title",
			`<title>Ferry returns - Harbourgazette.com</title>`,
			``, "https://www.harbourgazette.com/a/1", "Ferry returns"},
		{"the desk the host's name leads",
			`<title>Ferry returns after two years | Harbourgazette Local</title>`,
			`<h1>Ferry returns after two years</h1>`, "https://www.harbourgazette.com/a/1", "Ferry returns after two years"},
		{"readability keeps a <title> whole when too little would stay",
			`<title>Ferry returns - Ships and Harbours Weekly</title>`,
			`<h1>Ferry returns</h1>`, pageURL, "Ferry returns - Ships and Harbours Weekly"},
		{"declared title wins over the visible headline",
			`<meta property="og:title" content="Ferry back">`,
			`<h1>Ferry back on the water</h1>`, pageURL, "Ferry back"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := extractPage(t, tt.head, "<article>"+tt.body+articleBody+"</article>", tt.url)
			if r.Title != tt.want {
				t.Errorf("Title = %q, want %q", r.Title, tt.want)
			}
		})
	}
}

func TestArticle_Byline(t *testing.T) {
	tests := []struct{ name, head, body, byline, author string }{
		{"meta author, label dropped from the name", `<meta name="author" content="By Mara Quill">`, ``,
			"By Mara Quill", "Mara Quill"},
		{"JSON-LD author first",
			`<meta name="author" content="Someone Else"><script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","author":[{"@type":"Person","name":"Mara Quill"},{"@type":"Person","name":"Tom Ledger"}]}</script>`,
			``, "Mara Quill, Tom Ledger", "Mara Quill, Tom Ledger"},
		{"the site as author is the stated byline but gives way to the byline's names",
			`<meta property="og:site_name" content="The Gazette"><meta name="author" content="The Gazette">`,
			`<h1>Ferry</h1><div class="byline">By <a href="/authors/mara-quill">Mara Quill</a>, Staff Writer. June 3, 2024</div>`,
			"The Gazette", "Mara Quill"},
		{"copyright holder as author gives way to article:author",
			`<meta name="copyright" content="(c) Harbour Media Group 2024"><meta name="author" content="Harbour Media Group"><meta property="article:author" content="Mara Quill">`,
			``, "Harbour Media Group", "Mara Quill"},
		{"article:author profile URL is not a name",
			`<meta property="article:author" content="https://social.example/mara">`,
			`<h1>Ferry</h1><p class="author">Mara Quill</p>`, "Mara Quill", "Mara Quill"},
		{"byline element as shown, and its names",
			``, `<h1>Ferry</h1><div class="byline">By <a href="/authors/mara-quill">Mara Quill</a>, Staff Writer. June 3, 2024</div>`,
			"By Mara Quill, Staff Writer. June 3, 2024", "Mara Quill"},
		{"names between label and date",
			``, `<h1>Ferry</h1><div class="article-byline"><span>By</span> <span itemprop="name">Mara Quill</span> and <span itemprop="name">Tom Ledger</span> <time>June 3, 2024</time></div>`,
			"Mara Quill", "Mara Quill and Tom Ledger"},
		{"date first, name after by",
			``, `<h1>Ferry</h1><p class="byline">June 3, 2024 at 9:00 AM by Mara Quill</p>`,
			"June 3, 2024 at 9:00 AM by Mara Quill", "Mara Quill"},
		{"handle glued to the name",
			``, `<h1>Ferry</h1><p class="byline">Mara Quill@maraquill</p>`, "Mara Quill@maraquill", "Mara Quill"},
		{"the first byline element is the stated one; the names are the one after the headline",
			``, `<aside><span class="byline">Teaser Writer</span></aside><h1>Ferry</h1><span class="byline">Mara Quill</span>`,
			"Teaser Writer", "Mara Quill"},
		{"a tag readability does not read",
			`<meta name="byl" content="By Mara Quill">`, ``, "By Mara Quill", "Mara Quill"},
		{"a date in the byline's place names no one",
			``, `<h1>Ferry</h1><p class="byline">Updated June 3, 2024</p>`, "Updated June 3, 2024", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := extractPage(t, "<title>Ferry</title>"+tt.head, "<article>"+tt.body+articleBody+"</article>", pageURL)
			if r.Byline != tt.byline {
				t.Errorf("Byline = %q, want %q", r.Byline, tt.byline)
			}
			if r.Author != tt.author {
				t.Errorf("Author = %q, want %q", r.Author, tt.author)
			}
		})
	}
}

func TestDomByline(t *testing.T) {
	tests := []struct{ body, want string }{
		{`<div id="authorization">Sign in | Register</div><h1>Ferry</h1>`, ""},
		{`<h1>Ferry</h1><div class="author-bio">Mara writes about ships.</div>`, ""},
		{`<h1>Ferry</h1><div class="c-byline">By <a href="/people/mara-quill">Mara Quill</a> Staff Writer</div>`, "Mara Quill"},
		{`<h1>Ferry</h1><span class="post-author vcard"><span class="fn">Mara Quill</span> <a class="twitter">@mq</a></span>`, "Mara Quill"},
		{`<h1>Ferry</h1><p rel="x"><a rel="author" href="/x">Mara Quill</a></p>`, "Mara Quill"},
		{`<nav><span class="byline">Menu Writer</span></nav><h1>Ferry</h1>`, ""},
	}
	for _, tt := range tests {
		doc, err := html.Parse(strings.NewReader("<html><body>" + tt.body + "</body></html>"))
		if err != nil {
			t.Fatal(err)
		}
		if got := domByline(doc); got != tt.want {
			t.Errorf("domByline(%s) = %q, want %q", tt.body, got, tt.want)
		}
	}
}

func TestChooseTitle(t *testing.T) {
	isSite := siteMatcher("Daily Paper", []string{"harbour", "harbourexample"})
	tests := []struct {
		name        string
		meta        pageMeta
		readability string
		want        string
	}{
		{"without a declared title, readability's reading of <title>, site trimmed",
			pageMeta{title: "Ferry returns after two years | Local | Daily Paper"},
			"Ferry returns after two years | Local", "Ferry returns after two years | Local"},
		{"the <title> itself when readability read nothing",
			pageMeta{title: "Ferry returns after two years – Daily Paper"},
			"", "Ferry returns after two years"},
		{"readability's pick among declared titles stands",
			pageMeta{tags: map[string][]string{"og:title": {"Ferry returns"}, "twitter:title": {"Ferry is back"}}},
			"Ferry is back", "Ferry is back"},
		{"a declared title readability did not see",
			pageMeta{title: "Old words", tags: map[string][]string{"og:title": {"Ferry returns | Daily Paper"}}},
			"Old words", "Ferry returns"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := chooseTitle(tt.meta, tt.readability, isSite); got != tt.want {
				t.Errorf("chooseTitle = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestWithoutSiteName_SiteLedSegment(t *testing.T) {
	isSite := siteMatcher("Daily Paper", []string{"harbour", "harbourexample"})
	tests := []struct{ in, want string }{
		{"Ferry returns after two years | Harbour News", "Ferry returns after two years"},
		{"Daily Paper Local: Ferry returns after two years", "Ferry returns after two years"},
		{"フェリーが二年ぶりに運航を再開しました：Harbour 港湾機構", "フェリーが二年ぶりに運航を再開しました"},
		// A segment led by the site's name is its desk only when short
		// and beside a longer headline.
		{"Ferry | Harbour News Tonight", "Ferry | Harbour News Tonight"},
		{"Ferry returns after two years | Harbour pilots strike again over pay", "Ferry returns after two years | Harbour pilots strike again over pay"},
		{"Ferry returns after two years | Local news", "Ferry returns after two years | Local news"},
	}
	for _, tt := range tests {
		if got := withoutSiteName(tt.in, isSite); got != tt.want {
			t.Errorf("withoutSiteName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestHiddenFromReaders(t *testing.T) {
	doc, err := html.Parse(strings.NewReader(`<html><body>
		<p class="visually-hidden">a</p><p hidden>b</p><p aria-hidden="true">c</p><p style="display: none">d</p>
		<p class="sr-only">e</p><p class="hero">shown</p><p style="color: red">shown</p></body></html>`))
	if err != nil {
		t.Fatal(err)
	}
	var shown []string
	walk(doc, func(n *html.Node) bool {
		if n.Type == html.ElementNode && n.Data == "p" && !hiddenFromReaders(n) {
			shown = append(shown, textOf(n))
		}
		return true
	})
	if got := strings.Join(shown, "|"); got != "shown|shown" {
		t.Errorf("shown paragraphs = %q, want %q", got, "shown|shown")
	}
}

func TestCleanByline(t *testing.T) {
	tests := []struct{ in, want string }{
		{"By Mara Quill", "Mara Quill"},
		{"by: Mara Quill", "Mara Quill"},
		{"ByMara Quill", "Mara Quill"},
		{"Byron Quill", "Byron Quill"},
		{"Par Léa Pont", "Léa Pont"},
		{"Mara Quill · The Gazette · Posted: Jun 3, 2024", "Mara Quill"},
		{"Mara Quill / Wire / Updated: June 3", "Mara Quill"},
		{"Mara Quill 5 min read", "Mara Quill"},
		{"Mara Quill Senior Politics Editor", "Mara Quill"},
		{"Mara Quill Twitter", "Mara Quill"},
		{"Mara Quill Mara Quill", "Mara Quill"},
		{"《KT》", "《KT》"},
		{"(Mara Quill", "Mara Quill"},
		{"Staff Editor", "Staff Editor"},
		{"https://social.example/mara", ""},
		{strings.Repeat("word ", 40), ""},
		{"— ·", ""},
	}
	for _, tt := range tests {
		if got := cleanByline(tt.in); got != tt.want {
			t.Errorf("cleanByline(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestArticle_PublishedAt(t *testing.T) {
	tests := []struct {
		name, head, body string
		want             time.Time
	}{
		{"zone abbreviation", `<meta name="date" content="Mon Jun 03 09:30:00 EDT 2024">`, ``,
			time.Date(2024, 6, 3, 13, 30, 0, 0, time.UTC)},
		{"three-digit offset", ``, `<span itemprop="datePublished" content="2024-06-03T09:30-500">June 3</span>`,
			time.Date(2024, 6, 3, 14, 30, 0, 0, time.UTC)},
		{"bare date gives way to the same day with a time", `<meta name="date" content="2024-06-03">`,
			`<time datetime="2024-06-03T09:30:00-04:00">June 3</time>`, time.Date(2024, 6, 3, 13, 30, 0, 0, time.UTC)},
		{"bare date kept when the time is another day", `<meta name="date" content="2024-06-03">`,
			`<time datetime="2024-05-01T09:30:00Z">May 1</time>`, time.Date(2024, 6, 3, 0, 0, 0, 0, time.UTC)},
		{"datetime outside the article", ``, `<div class="meta"><time datetime="2024-06-03T09:30:00Z">June 3</time></div>`,
			time.Date(2024, 6, 3, 9, 30, 0, 0, time.UTC)},
		{"update time is not the publication", ``, `<time class="updated" datetime="2024-06-05T09:30:00Z">June 5</time><span datetime="2024-06-03T09:30:00Z">June 3</span>`,
			time.Date(2024, 6, 3, 9, 30, 0, 0, time.UTC)},
		{"dates in navigation are other articles'", ``, `<nav><time datetime="2024-01-01T00:00:00Z">Jan 1</time></nav>`,
			time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := extractPage(t, "<title>Ferry</title>"+tt.head, tt.body+"<article>"+articleBody+"</article>", pageURL)
			if !r.PublishedAt.Equal(tt.want) {
				t.Errorf("PublishedAt = %v, want %v", r.PublishedAt, tt.want)
			}
		})
	}
}

func TestHostNames(t *testing.T) {
	tests := []struct {
		url  string
		want []string
	}{
		{"https://www.harbourgazette.com/a", []string{"harbourgazette", "harbourgazettecom"}},
		{"https://news.gazette.co.uk/a", []string{"gazette", "gazettecouk"}},
		{"http://fakehost/test/page.html", nil},
		{"https://ab.io/x", nil},
	}
	for _, tt := range tests {
		u, err := url.Parse(tt.url)
		if err != nil {
			t.Fatal(err)
		}
		got := hostNames(u)
		if strings.Join(got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("hostNames(%s) = %q, want %q", tt.url, got, tt.want)
		}
	}
}
