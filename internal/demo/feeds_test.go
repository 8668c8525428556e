package demo

import (
	"encoding/json"
	"encoding/xml"
	"html"
	"net/url"
	"strings"
	"testing"
	"time"
)

type parsedItem struct {
	title, link, body, image, credit string
	categories                       []string
	published                        time.Time
	imageLength                      int
}

type testRSS struct {
	Channel struct {
		Items []struct {
			Title       string   `xml:"title"`
			Link        string   `xml:"link"`
			PubDate     string   `xml:"pubDate"`
			Description string   `xml:"description"`
			Categories  []string `xml:"category"`
			Content     string   `xml:"http://purl.org/rss/1.0/modules/content/ encoded"`
			Media       struct {
				URL    string `xml:"url,attr"`
				Credit string `xml:"http://search.yahoo.com/mrss/ credit"`
			} `xml:"http://search.yahoo.com/mrss/ content"`
			Enclosure struct {
				URL    string `xml:"url,attr"`
				Length int    `xml:"length,attr"`
			} `xml:"enclosure"`
		} `xml:"item"`
	} `xml:"channel"`
}

func parseRSS(t *testing.T, body []byte) []parsedItem {
	t.Helper()
	var doc testRSS
	if err := xml.Unmarshal(body, &doc); err != nil {
		t.Fatalf("RSS does not parse: %v", err)
	}
	var out []parsedItem
	for _, it := range doc.Channel.Items {
		pub, err := time.Parse(time.RFC1123Z, it.PubDate)
		if err != nil {
			t.Errorf("pubDate %q: %v", it.PubDate, err)
		}
		p := parsedItem{title: it.Title, link: it.Link, body: it.Content, categories: it.Categories,
			published: pub, image: it.Media.URL, credit: it.Media.Credit, imageLength: it.Enclosure.Length}
		if p.image == "" {
			p.image = it.Enclosure.URL
		}
		if p.body == "" {
			p.body = it.Description
		}
		out = append(out, p)
	}
	return out
}

type testAtom struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	Base    string   `xml:"http://www.w3.org/XML/1998/namespace base,attr"`
	Entries []struct {
		Title     string `xml:"title"`
		Published string `xml:"published"`
		Links     []struct {
			Rel   string `xml:"rel,attr"`
			Href  string `xml:"href,attr"`
			Title string `xml:"title,attr"`
		} `xml:"link"`
		Categories []struct {
			Term string `xml:"term,attr"`
		} `xml:"category"`
		Summary string `xml:"summary"`
		Content string `xml:"content"`
	} `xml:"entry"`
}

func parseAtom(t *testing.T, body []byte, feedURL string) []parsedItem {
	t.Helper()
	var doc testAtom
	if err := xml.Unmarshal(body, &doc); err != nil {
		t.Fatalf("Atom does not parse: %v", err)
	}
	base, err := url.Parse(feedURL)
	if err != nil {
		t.Fatal(err)
	}
	if doc.Base != "" {
		if base, err = base.Parse(doc.Base); err != nil {
			t.Fatalf("xml:base %q: %v", doc.Base, err)
		}
	}
	resolve := func(ref string) string {
		u, err := base.Parse(ref)
		if err != nil {
			t.Errorf("link %q: %v", ref, err)
			return ref
		}
		return u.String()
	}
	var out []parsedItem
	for _, e := range doc.Entries {
		pub, err := time.Parse(time.RFC3339, e.Published)
		if err != nil {
			t.Errorf("published %q: %v", e.Published, err)
		}
		p := parsedItem{title: e.Title, body: e.Content, published: pub}
		if p.body == "" {
			p.body = e.Summary
		}
		for _, l := range e.Links {
			switch l.Rel {
			case "alternate":
				p.link = resolve(l.Href)
			case "enclosure":
				p.image, p.credit = resolve(l.Href), l.Title
			}
		}
		for _, c := range e.Categories {
			p.categories = append(p.categories, c.Term)
		}
		out = append(out, p)
	}
	return out
}

func parseJSONFeed(t *testing.T, body []byte) []parsedItem {
	t.Helper()
	var doc struct {
		Version string `json:"version"`
		Items   []struct {
			URL         string   `json:"url"`
			Title       string   `json:"title"`
			ContentHTML string   `json:"content_html"`
			Image       string   `json:"image"`
			Published   string   `json:"date_published"`
			Tags        []string `json:"tags"`
		} `json:"items"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Fatalf("JSON Feed does not parse: %v", err)
	}
	if doc.Version != "https://jsonfeed.org/version/1.1" {
		t.Errorf("version %q", doc.Version)
	}
	var out []parsedItem
	for _, it := range doc.Items {
		pub, err := time.Parse(time.RFC3339, it.Published)
		if err != nil {
			t.Errorf("date_published %q: %v", it.Published, err)
		}
		out = append(out, parsedItem{title: it.Title, link: it.URL, body: it.ContentHTML,
			image: it.Image, categories: it.Tags, published: pub})
	}
	return out
}

var feedMIMEs = map[string]string{
	"rss":  "application/rss+xml; charset=utf-8",
	"atom": "application/atom+xml; charset=utf-8",
	"json": "application/feed+json; charset=utf-8",
}

func TestFeeds_ParseAsTheirFormat(t *testing.T) {
	w := shared()
	srv := serve(t, w)
	byOutlet := articlesByOutlet(w)
	for _, o := range w.Outlets() {
		t.Run(o.Slug, func(t *testing.T) {
			feedURL := srv.URL + feedPathOf(w, o)
			resp := mustGet(t, srv, feedURL)
			if got := resp.header.Get("Content-Type"); got != feedMIMEs[o.Format] {
				t.Errorf("Content-Type %q, want %q", got, feedMIMEs[o.Format])
			}
			var items []parsedItem
			switch o.Format {
			case "rss":
				items = parseRSS(t, resp.body)
			case "atom":
				items = parseAtom(t, resp.body, feedURL)
			case "json":
				items = parseJSONFeed(t, resp.body)
			}
			checkItems(t, srv.URL, o, byOutlet[o.Slug], items)
		})
	}
}

// checkItems compares a parsed feed with the outlet's articles, newest
// first, and checks what each feed flavour promises.
func checkItems(t *testing.T, base string, o Outlet, want []Article, got []parsedItem) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d items, want %d", len(got), len(want))
	}
	special := 0
	for i, it := range got {
		a := want[i]
		if it.title != a.Title || it.link != base+a.Path || !it.published.Equal(a.Published) {
			t.Errorf("item %d = %q %s %v, want %q %s %v", i, it.title, it.link, it.published, a.Title, base+a.Path, a.Published)
		}
		if strings.ContainsAny(it.title, "&<\"") {
			special++
		}
		if o.Category == "" && (len(it.categories) != 1 || it.categories[0] != a.Category) {
			t.Errorf("item %d categories %v, want [%s]", i, it.categories, a.Category)
		}
		if o.Category != "" && len(it.categories) != 0 {
			t.Errorf("item %d of a default-category outlet carries categories %v", i, it.categories)
		}
		if o.FullContent && !strings.Contains(it.body, "<p>"+html.EscapeString(a.Paragraphs[len(a.Paragraphs)-1])+"</p>") {
			t.Errorf("item %d of a full-content feed lacks the last paragraph", i)
		}
		if !o.FullContent && strings.Contains(it.body, a.Paragraphs[len(a.Paragraphs)-1]) && len(a.Paragraphs) > 1 {
			t.Errorf("item %d of a summary feed carries the whole body", i)
		}
		if it.image != "" && it.image != base+a.ImagePath {
			t.Errorf("item %d image %q, want %q", i, it.image, base+a.ImagePath)
		}
		if it.credit != "" && it.credit != a.ImageCredit {
			t.Errorf("item %d credit %q, want %q", i, it.credit, a.ImageCredit)
		}
	}
	if special == 0 {
		t.Errorf("no item title with &, < or \" survived the round trip")
	}
}

func TestFeeds_FlavourDetails(t *testing.T) {
	w := shared()
	srv := serve(t, w)
	first := map[string]Article{}
	for _, a := range w.Articles() {
		if _, ok := first[a.Outlet]; !ok {
			first[a.Outlet] = a
		}
	}
	t.Run("media credit", func(t *testing.T) {
		items := parseRSS(t, mustGet(t, srv, srv.URL+"/harbor-ledger/feed.xml").body)
		if items[0].credit != first["harbor-ledger"].ImageCredit {
			t.Errorf("media:credit %q, want %q", items[0].credit, first["harbor-ledger"].ImageCredit)
		}
	})
	t.Run("enclosure length", func(t *testing.T) {
		items := parseRSS(t, mustGet(t, srv, srv.URL+"/northfield-wire/feed.xml").body)
		img := mustGet(t, srv, items[0].image).body
		if items[0].imageLength != len(img) {
			t.Errorf("enclosure length %d, image is %d bytes", items[0].imageLength, len(img))
		}
	})
	t.Run("relative links", func(t *testing.T) {
		body := string(mustGet(t, srv, srv.URL+"/copperline-times/atom.xml").body)
		if !strings.Contains(body, `xml:base="`+srv.URL+`/copperline-times/"`) {
			t.Error("no xml:base on the feed")
		}
		if strings.Contains(body, `href="`+srv.URL+first["copperline-times"].Path) {
			t.Error("entry links are absolute, want them relative to xml:base")
		}
	})
	t.Run("inline image in description", func(t *testing.T) {
		items := parseRSS(t, mustGet(t, srv, srv.URL+"/atlas-bulletin/syndication/latest.rss").body)
		if !strings.Contains(items[0].body, `<img src="`+srv.URL+first["atlas-bulletin"].ImagePath+`"`) {
			t.Errorf("description %q lacks the image", items[0].body)
		}
	})
}
