package extract

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const pageURL = "https://site.example.org/section/page.html"

func extractFile(t *testing.T, name string) Result {
	t.Helper()
	page, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	r, err := Article(page, pageURL)
	if err != nil {
		t.Fatalf("Article(%s): %v", name, err)
	}
	return r
}

func TestArticle_Metadata(t *testing.T) {
	tests := []struct {
		file string
		want Result
	}{
		{"jsonld-article.html", Result{
			Title:        "Ferry returns after two-year pause",
			Byline:       "Mara Quill, Tom Ledger",
			Author:       "Mara Quill, Tom Ledger",
			SiteName:     "The Harbour Gazette",
			PublishedAt:  time.Date(2024, 6, 22, 8, 30, 0, 0, time.UTC),
			LeadImage:    "https://cdn.gazette.example.com/ferry-1280.jpg",
			ImageCredit:  "Ines Harbour / Gazette",
			Excerpt:      "The harbour ferry is back on the water after two years of repairs.",
			Language:     "en-GB",
			CanonicalURL: "https://site.example.org/2024/06/22/ferry-returns/",
		}},
		{"opengraph-article.html", Result{
			Title:        "Le pont sera voté en juillet",
			Byline:       "Léa Pont",
			Author:       "Léa Pont",
			SiteName:     "Chronique du Nord",
			PublishedAt:  time.Date(2024, 6, 20, 5, 0, 0, 0, time.UTC),
			LeadImage:    "https://site.example.org/media/pont-1200x630.jpg",
			ImageCredit:  "Jean Lumière/Chronique",
			Excerpt:      "Le conseil municipal a repoussé au mois de juillet le vote sur la reconstruction du vieux pont, fermé à la circulation depuis le printemps. Les commerçants du quai demandent une solution provisoire pour les piétons.",
			Language:     "fr",
			CanonicalURL: "https://chronique.example.net/politique/pont",
		}},
		{"credit-element.html", Result{
			Title:       "Market hall opens its doors",
			LeadImage:   "https://site.example.org/img/market.jpg",
			ImageCredit: "Tom Ledger (Gazette)",
			Excerpt:     "The covered market hall opened on Friday with forty stalls selling fish, bread, cheese and vegetables from the valley farms. Traders said the first morning was busier than any market day in the old square.",
		}},
		{"meta-credit.html", Result{
			Title:       "Pegel sinkt",
			LeadImage:   "https://valley.example.com/flut.jpg",
			ImageCredit: "Jonas Fluss",
			Excerpt:     "Der Fluss geht zurück & die Straßen sind wieder frei.",
			Language:    "de",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got := extractFile(t, tt.file)
			got.ContentHTML, got.ContentText = "", ""
			if got != tt.want {
				t.Errorf("metadata\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestArticle_ContentIsSanitizedAndResolved(t *testing.T) {
	r := extractFile(t, "jsonld-article.html")
	for _, bad := range []string{"<script", "alert", "onclick", "javascript:", "tracker", "<h1", "Home</a>", "class="} {
		if strings.Contains(r.ContentHTML, bad) {
			t.Errorf("content holds %q:\n%s", bad, r.ContentHTML)
		}
	}
	for _, want := range []string{
		`<a href="https://site.example.org/timetable.html" rel="nofollow noopener noreferrer ugc">the new timetable</a>`,
		`<img src="https://site.example.org/img/ferry-640.jpg"`,
		"<p>Tickets are on sale",
	} {
		if !strings.Contains(r.ContentHTML, want) {
			t.Errorf("content lacks %q:\n%s", want, r.ContentHTML)
		}
	}
	if strings.Contains(r.ContentText, "<") || !strings.Contains(r.ContentText, "north pier to watch the first crossing.\n\nThe council") {
		t.Errorf("content text is not paragraphs of plain text:\n%s", r.ContentText)
	}
	if strings.Contains(r.ContentText, "© 2024") || strings.Contains(r.ContentText, "Sport") {
		t.Errorf("page chrome leaked into the article text:\n%s", r.ContentText)
	}
}

func TestArticle_NoContent(t *testing.T) {
	tests := []struct {
		name string
		page string
	}{
		{"empty", ""},
		{"blank", "  \n\t"},
		{"empty body", "<html><head><title>x</title></head><body></body></html>"},
		{"only scripts", "<html><body><script>var a = 1;</script><style>p{}</style></body></html>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Article([]byte(tt.page), pageURL)
			if !errors.Is(err, ErrNoContent) {
				t.Errorf("Article = %+v, %v; want ErrNoContent", r, err)
			}
		})
	}
}

func TestArticle_BadInputDoesNotPanic(t *testing.T) {
	inputs := []string{
		"\x00\x01\x02\xff\xfe",
		"<html><body>" + strings.Repeat("<div>", 5000) + "deep" + strings.Repeat("</div>", 5000),
		`<script type="application/ld+json">{"@type": "NewsArticle", "image": [[[{"@id": "x"}]]], "author": {"@id": "x"}}</script><p>text</p>`,
		`<script type="application/ld+json">not json at all</script><article><p>words words words</p></article>`,
		`<figure><img src="::"><figcaption>Photo:</figcaption></figure>`,
	}
	for _, in := range inputs {
		if _, err := Article([]byte(in), "::not a url"); err != nil && !strings.HasPrefix(err.Error(), "extract: ") {
			t.Errorf("error %q lacks the package prefix", err)
		}
	}
}

func TestResult_JSONKeys(t *testing.T) {
	b, err := json.Marshal(Result{Title: "t"})
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"title", "byline", "author", "site_name", "published_at", "lead_image", "image_credit",
		"excerpt", "content_html", "content_text", "language", "canonical_url"} {
		if _, ok := m[k]; !ok {
			t.Errorf("JSON lacks %q: %s", k, b)
		}
	}
	if m["published_at"] != nil {
		t.Errorf("unknown date should be null, got %v", m["published_at"])
	}
	if len(m) != 12 {
		t.Errorf("JSON has %d keys: %s", len(m), b)
	}
	dated, _ := json.Marshal(Result{PublishedAt: time.Date(2024, 6, 22, 8, 30, 0, 0, time.UTC)})
	if !strings.Contains(string(dated), `"published_at":"2024-06-22T08:30:00Z"`) {
		t.Errorf("date not in RFC 3339: %s", dated)
	}
}

func TestStripMarker(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Credit Ashraf Shazly/AFP", "Ashraf Shazly/AFP"},
		{"Photo credit: © Jane Doe", "Jane Doe"},
		{"Photograph: Jane Doe", "Jane Doe"},
		{"Photographer Jane Doe", "Photographer Jane Doe"},
		{"Jane Doe", "Jane Doe"},
		{"(c) Agency", "Agency"},
	}
	for _, tt := range tests {
		if got := stripMarker(tt.in); got != tt.want {
			t.Errorf("stripMarker(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCleanCredit(t *testing.T) {
	tests := []struct{ in, want string }{
		{" Jane Doe/AFP. ", "Jane Doe/AFP"},
		{"(Jane Doe)", "Jane Doe"},
		{"Jane Doe (AFP)", "Jane Doe (AFP)"},
		{"Jane Doe (AFP", "Jane Doe (AFP"},
		{"Jane Doe)", "Jane Doe"},
		{strings.Repeat("long caption ", 20), ""},
		{" .; ", ""},
	}
	for _, tt := range tests {
		if got := cleanCredit(tt.in); got != tt.want {
			t.Errorf("cleanCredit(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFigureCredit_OnlyTheLeadFigure(t *testing.T) {
	body := strings.Repeat("<p>The town council met on Tuesday evening to discuss the harbour, the bridge and the budget for the coming year.</p>", 4)
	tests := []struct {
		name, page, want string
	}{
		{"sidebar figure ignored",
			`<html><body><aside><figure><img src="/ad.jpg"><figcaption>Photo: Ad Agency</figcaption></figure></aside><div>` + body + `</div></body></html>`, ""},
		{"figure in article",
			`<html><body><article><figure><img src="/a.jpg"><figcaption>Boats. Credit: Port Authority</figcaption></figure>` + body + `</article></body></html>`, "Port Authority"},
		{"figure showing the og:image wins",
			`<html><head><meta property="og:image" content="/img/lead_1200x630.jpg"></head><body><article>` +
				`<figure><img src="/img/other.jpg"><figcaption>© First Figure</figcaption></figure>` + body +
				`<figure><img src="/img/lead.jpg"><figcaption>The lead. © Lead Photographer</figcaption></figure></article></body></html>`, "Lead Photographer"},
		{"caption without a credit",
			`<html><body><article><figure><img src="/a.jpg"><figcaption>Boats in the harbour at dawn</figcaption></figure>` + body + `</article></body></html>`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Article([]byte(tt.page), pageURL)
			if err != nil {
				t.Fatal(err)
			}
			if r.ImageCredit != tt.want {
				t.Errorf("ImageCredit = %q, want %q", r.ImageCredit, tt.want)
			}
		})
	}
}

func TestWithoutSiteName(t *testing.T) {
	tests := []struct{ title, site, want string }{
		{"Ferry returns | The Gazette", "The Gazette", "Ferry returns"},
		{"The Gazette - Ferry returns", "the gazette", "Ferry returns"},
		{"Ferry returns – Gazette", "Gazette", "Ferry returns"},
		{"Ferry returns to Gazette Bay", "Gazette", "Ferry returns to Gazette Bay"},
		{"The Gazette", "The Gazette", "The Gazette"},
		{"Ferry returns | The Gazette", "", "Ferry returns | The Gazette"},
		{"Ferry returns_Local_The Gazette", "The Gazette", "Ferry returns_Local"},
		{"Ferry returns：The Gazette", "The Gazette", "Ferry returns"},
	}
	for _, tt := range tests {
		if got := withoutSiteName(tt.title, siteMatcher(tt.site, nil)); got != tt.want {
			t.Errorf("withoutSiteName(%q, %q) = %q, want %q", tt.title, tt.site, got, tt.want)
		}
	}
}

func TestArticle_DateFallbacks(t *testing.T) {
	body := strings.Repeat("<p>The town council met on Tuesday evening to discuss the harbour, the bridge and the budget for the coming year.</p>", 4)
	want := time.Date(2024, 6, 21, 18, 0, 0, 0, time.UTC)
	tests := []struct{ name, head, article string }{
		{"meta value attribute", `<meta name="article:published_time" value="2024-06-21T18:00:00Z">`, ""},
		{"itemprop", "", `<span itemprop="datePublished" content="2024-06-21T20:00:00+02:00">Friday</span>`},
		{"time in article", "", `<time datetime="2024-06-21T18:00:00Z">21 June</time>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page := `<html><head><title>x</title>` + tt.head + `</head><body><article>` + tt.article + body + `</article></body></html>`
			r, err := Article([]byte(page), pageURL)
			if err != nil {
				t.Fatal(err)
			}
			if !r.PublishedAt.Equal(want) {
				t.Errorf("PublishedAt = %v, want %v", r.PublishedAt, want)
			}
		})
	}
}
