package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/newsdesk/newsdesk/internal/desk"
	"github.com/newsdesk/newsdesk/internal/media"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
	"github.com/newsdesk/newsdesk/internal/web"
)

const base = "https://news.example.org"

// metaOf returns the content of the head's meta elements with that
// property (Open Graph) or name (Twitter), in page order.
func metaOf(doc *goquery.Document, key string) []string {
	return attrs(doc.Find(`head meta[property="`+key+`"], head meta[name="`+key+`"]`), "content")
}

// oneMeta checks a head meta element occurs once with the wanted value.
func oneMeta(t *testing.T, doc *goquery.Document, key, want string) {
	t.Helper()
	if got := metaOf(doc, key); len(got) != 1 || got[0] != want {
		t.Errorf("%s = %q, want once %q", key, got, want)
	}
}

// ldDocs decodes every JSON-LD block of the page by its @type.
func ldDocs(t *testing.T, doc *goquery.Document) map[string]map[string]any {
	t.Helper()
	out := map[string]map[string]any{}
	doc.Find(`script[type="application/ld+json"]`).Each(func(_ int, s *goquery.Selection) {
		var v map[string]any
		if err := json.Unmarshal([]byte(s.Text()), &v); err != nil {
			t.Fatalf("JSON-LD does not parse: %v\n%s", err, s.Text())
		}
		if v["@context"] != "https://schema.org" {
			t.Errorf("@context = %v", v["@context"])
		}
		typ, _ := v["@type"].(string)
		if _, dup := out[typ]; dup {
			t.Errorf("two %s documents", typ)
		}
		out[typ] = v
	})
	return out
}

// ldField walks a decoded JSON document: ldField(v, "image", "url").
func ldField(v any, path ...string) any {
	for _, p := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[p]
	}
	return v
}

// saveImage stores a desk photo with two variants and returns it.
func (f *fixture) saveImage() model.Image {
	f.t.Helper()
	img, _, err := f.store.SaveImage(f.t.Context(), model.Image{
		SHA256: strings.Repeat("ab", 32), ContentType: "image/jpeg", Width: 2400, Height: 1350,
		SourceFormat: "jpeg", SourceBytes: 1000, Filename: "wall.jpg",
		Variants: []model.ImageVariant{{Width: 600, Height: 338, Data: []byte{1}}, {Width: 1200, Height: 675, Data: []byte{2}}},
	})
	if err != nil {
		f.t.Fatal(err)
	}
	return img
}

// publishWithPhoto publishes an original written from basedOn whose lead
// photo is img's 1200-pixel variant, and edits it two hours later.
func (f *fixture) publishWithPhoto(basedOn model.Article, img model.Image, pub time.Time) model.Article {
	f.t.Helper()
	r := desk.Render("The quay wall was rebuilt.", nil)
	d, err := f.store.CreateDeskArticle(f.t.Context(), model.DeskArticle{
		DeskFields: model.DeskFields{
			Title: "Quay wall rebuilt", Slug: "quay-wall-rebuilt", Excerpt: "The wall stands again.",
			Body: "The quay wall was rebuilt.", Category: "World", Tags: []string{"storms", "harbor works"},
			Byline: "Ana Reyes and Bo Lind", ImageURL: media.URL(img.ID, 1200, "jpg"), ImageCaption: "The new wall at dawn.",
			ImageCredit: "Jo Lens", BasedOn: basedOn.ID,
		},
		Status: model.DeskPublished, PublishAt: pub, BodyHTML: r.HTML, BodyText: r.Text,
	}, store.DeskChange{Note: "published", At: pub})
	if err != nil {
		f.t.Fatal(err)
	}
	if _, err := f.store.SaveDeskArticle(f.t.Context(), d, store.DeskChange{Note: "saved", At: pub.Add(2 * time.Hour)}); err != nil {
		f.t.Fatal(err)
	}
	a, err := f.store.GetArticle(f.t.Context(), d.ArticleID)
	if err != nil {
		f.t.Fatal(err)
	}
	return a
}

func TestMeta_OriginalArticle(t *testing.T) {
	f := newFixture(t)
	src := f.addSource("Harbor Times")
	pub := time.Date(2024, 6, 21, 18, 0, 0, 0, time.UTC)
	agg := f.save(src.ID, article("Quay damaged in storm", "World", pub.Add(-3*time.Hour)))[0]
	img := f.saveImage()
	a := f.publishWithPhoto(agg, img, pub)
	if a.UpdatedAt.IsZero() {
		t.Fatal("the edited original has no UpdatedAt")
	}
	path := web.Permalink(a, newYork)
	doc := f.page(path, http.StatusOK)
	self := base + path
	photo := base + media.URL(img.ID, 1200, "jpg")

	if href, _ := doc.Find(`head link[rel="canonical"]`).Attr("href"); href != self {
		t.Errorf("canonical = %q, want %q", href, self)
	}
	oneMeta(t, doc, "og:type", "article")
	oneMeta(t, doc, "og:title", a.Title)
	oneMeta(t, doc, "og:description", "The wall stands again.")
	oneMeta(t, doc, "og:url", self)
	oneMeta(t, doc, "og:site_name", "The Harbor Gazette")
	oneMeta(t, doc, "og:image", photo)
	oneMeta(t, doc, "og:image:width", "1200")
	oneMeta(t, doc, "og:image:height", "675")
	oneMeta(t, doc, "og:image:alt", "The new wall at dawn.")
	oneMeta(t, doc, "article:published_time", "2024-06-21T14:00:00-04:00")
	oneMeta(t, doc, "article:modified_time", "2024-06-21T16:00:00-04:00")
	oneMeta(t, doc, "article:section", "World")
	if got := metaOf(doc, "article:tag"); !slices.Equal(got, []string{"storms", "harbor works"}) {
		t.Errorf("article:tag = %q", got)
	}
	oneMeta(t, doc, "twitter:card", "summary_large_image")
	oneMeta(t, doc, "twitter:title", a.Title)
	oneMeta(t, doc, "twitter:description", "The wall stands again.")
	oneMeta(t, doc, "twitter:image", photo)

	ld := ldDocs(t, doc)
	na := ld["NewsArticle"]
	if na == nil {
		t.Fatalf("no NewsArticle among %v", ld)
	}
	want := map[string]any{
		"headline":         a.Title,
		"description":      "The wall stands again.",
		"mainEntityOfPage": self,
		"isBasedOn":        base + web.Permalink(agg, newYork),
		"articleSection":   "World",
	}
	for k, v := range want {
		if na[k] != v {
			t.Errorf("NewsArticle.%s = %v, want %v", k, na[k], v)
		}
	}
	for k, v := range map[string]time.Time{"datePublished": pub, "dateModified": pub.Add(2 * time.Hour)} {
		s, _ := na[k].(string)
		got, err := time.Parse(time.RFC3339, s)
		if err != nil || !got.Equal(v) {
			t.Errorf("NewsArticle.%s = %q (%v), want %v in RFC 3339", k, s, err, v)
		}
	}
	for k, v := range map[string]any{"@type": "ImageObject", "url": photo, "width": 1200.0, "height": 675.0, "creditText": "Jo Lens"} {
		if got := ldField(na, "image", k); got != v {
			t.Errorf("NewsArticle.image.%s = %v, want %v", k, got, v)
		}
	}
	authors, _ := na["author"].([]any)
	var names []string
	for _, au := range authors {
		if ldField(au, "@type") != "Person" {
			t.Errorf("author %v is not a Person", au)
		}
		n, _ := ldField(au, "name").(string)
		names = append(names, n)
	}
	if !slices.Equal(names, []string{"Ana Reyes", "Bo Lind"}) {
		t.Errorf("authors = %q", names)
	}
	if ldField(na, "publisher", "@type") != "Organization" || ldField(na, "publisher", "name") != "The Harbor Gazette" {
		t.Errorf("publisher = %v", na["publisher"])
	}
	logo, _ := ldField(na, "publisher", "logo", "url").(string)
	if ldField(na, "publisher", "logo", "@type") != "ImageObject" || !strings.HasPrefix(logo, base+"/static/") {
		t.Errorf("publisher logo = %v", ldField(na, "publisher", "logo"))
	} else if r := f.get(strings.TrimPrefix(logo, base)); r.status != http.StatusOK || !strings.Contains(r.body, "<svg") {
		t.Errorf("publisher logo %s = %d", logo, r.status)
	}

	// Breadcrumbs: in the data and on the page.
	items, _ := ldField(ld["BreadcrumbList"], "itemListElement").([]any)
	var trail []string
	for i, it := range items {
		if ldField(it, "position") != float64(i+1) || ldField(it, "@type") != "ListItem" {
			t.Errorf("breadcrumb %d = %v", i, it)
		}
		trail = append(trail, ldField(it, "name").(string)+" "+ldField(it, "item").(string))
	}
	if want := []string{"Home " + base + "/", "World " + base + "/category/world", a.Title + " " + self}; !slices.Equal(trail, want) {
		t.Errorf("BreadcrumbList = %q, want %q", trail, want)
	}
	nav := doc.Find(`main nav.breadcrumbs[aria-label="Breadcrumb"]`)
	if got := texts(nav.Find("li")); !slices.Equal(got, []string{"Home", "World", a.Title}) {
		t.Errorf("breadcrumb nav = %q", got)
	}
	if got := attrs(nav.Find("a"), "href"); !slices.Equal(got, []string{"/", "/category/world"}) {
		t.Errorf("breadcrumb links = %q", got)
	}
	if cur, _ := nav.Find("li").Last().Attr("aria-current"); cur != "page" {
		t.Error("the last breadcrumb is not marked as the current page")
	}
}

func TestMeta_AggregatedArticle(t *testing.T) {
	f := newFixture(t)
	a := seedArticle(f) // an outside photo, bylined "Sam Reporter"
	doc := f.page(web.Permalink(a, newYork), http.StatusOK)
	oneMeta(t, doc, "og:image", "https://img.example.com/storm.jpg")
	for _, key := range []string{"og:image:width", "og:image:height", "article:modified_time", "article:tag"} {
		if got := metaOf(doc, key); len(got) != 0 {
			t.Errorf("%s = %q for an article that has none", key, got)
		}
	}
	oneMeta(t, doc, "article:published_time", "2024-06-21T10:00:00-04:00")
	na := ldDocs(t, doc)["NewsArticle"]
	if na["isBasedOn"] != a.URL {
		t.Errorf("isBasedOn = %v, want the original %s", na["isBasedOn"], a.URL)
	}
	if na["dateModified"] != na["datePublished"] {
		t.Errorf("dateModified %v of an article never edited, want datePublished %v", na["dateModified"], na["datePublished"])
	}
	if got := ldField(na, "image", "creditText"); got != "Jane Doe / Harbor Photos" {
		t.Errorf("creditText = %v", got)
	}
	if got := ldField(na, "image", "width"); got != nil {
		t.Errorf("width %v of a picture of unknown size", got)
	}
	authors, _ := na["author"].([]any)
	if len(authors) != 1 || ldField(authors[0], "@type") != "Person" || ldField(authors[0], "name") != "Sam Reporter" {
		t.Errorf("author = %v", authors)
	}

	// Without a byline the outlet is the author.
	src := f.addSource("Coast Wire")
	b := f.save(src.ID, article("Ferry schedule changes", "", published))[0]
	doc = f.page(web.Permalink(b, newYork), http.StatusOK)
	ld := ldDocs(t, doc)
	authors, _ = ld["NewsArticle"]["author"].([]any)
	if len(authors) != 1 || ldField(authors[0], "@type") != "Organization" || ldField(authors[0], "name") != "Coast Wire" {
		t.Errorf("author without byline = %v", authors)
	}
	oneMeta(t, doc, "twitter:card", "summary")
	if got := metaOf(doc, "article:section"); len(got) != 0 {
		t.Errorf("article:section = %q without a category", got)
	}
	if got := texts(doc.Find("nav.breadcrumbs li")); !slices.Equal(got, []string{"Home", "Ferry schedule changes"}) {
		t.Errorf("breadcrumbs without a category = %q", got)
	}
	if n := len(ldField(ld["BreadcrumbList"], "itemListElement").([]any)); n != 2 {
		t.Errorf("BreadcrumbList has %d items, want 2", n)
	}
}

func TestMeta_HostileTitleStaysData(t *testing.T) {
	f := newFixture(t)
	src := f.addSource("Harbor Wire")
	title := `</script><script>alert(1)</script> "quoted" & 'single' <!-- \u2028`
	a := article(title, "Weather", published)
	a.Byline = `Eve "</script>" Doe`
	a.Excerpt = `</script><img src=x onerror=alert(2)>`
	// The body is stored sanitized; only the fields above are hostile.
	a.ContentHTML, a.ContentText = "<p>Quiet body.</p>", "Quiet body."
	a = f.save(src.ID, a)[0]
	r := f.get(web.Permalink(a, newYork))
	if r.status != http.StatusOK {
		t.Fatalf("status %d", r.status)
	}
	for _, bad := range []string{"<script>alert(1)", "<img src=x", `"quoted"`} {
		if strings.Contains(r.body, bad) {
			t.Errorf("page carries %q unescaped", bad)
		}
	}
	// json.Marshal's escapes are what keep the title inside the block.
	if !strings.Contains(r.body, `"headline":"\u003c/script\u003e\u003cscript\u003ealert(1)`) {
		t.Error("the JSON-LD headline is not written with \\u003c escapes")
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(r.body))
	if err != nil {
		t.Fatal(err)
	}
	// Only the site's script file and the two data blocks are scripts.
	if n := doc.Find("script").Length(); n != 3 {
		t.Errorf("%d script elements, want site.js and two JSON-LD blocks", n)
	}
	if n := doc.Find("script:not([src]):not([type])").Length(); n != 0 {
		t.Errorf("%d executable inline scripts", n)
	}
	oneMeta(t, doc, "og:title", title)
	oneMeta(t, doc, "twitter:title", title)
	oneMeta(t, doc, "og:description", a.Excerpt)
	ld := ldDocs(t, doc)
	na := ld["NewsArticle"]
	if na["headline"] != title || na["description"] != a.Excerpt {
		t.Errorf("headline %q, description %q: the data changed on the way", na["headline"], na["description"])
	}
	if got := ldField(na["author"].([]any)[0], "name"); got != `Eve "</script>" Doe` {
		t.Errorf("author = %v", got)
	}
	if n := len(ldField(ld["BreadcrumbList"], "itemListElement").([]any)); n != 3 {
		t.Errorf("BreadcrumbList has %d items", n)
	}
	// The title reaches the share links intact through their encoding.
	href, _ := doc.Find("a.share-reddit").Attr("href")
	q, err := url.ParseQuery(strings.TrimPrefix(href, "https://www.reddit.com/submit?"))
	if err != nil || q.Get("title") != title || q.Get("url") != base+web.Permalink(a, newYork) {
		t.Errorf("reddit link %q decodes to %v (%v)", href, q, err)
	}
}

func TestMeta_HomeIsASearchableWebSite(t *testing.T) {
	f := newFixture(t)
	seedArticle(f)
	doc := f.page("/", http.StatusOK)
	oneMeta(t, doc, "og:type", "website")
	oneMeta(t, doc, "og:url", base+"/")
	oneMeta(t, doc, "og:description", "News from the waterfront")
	oneMeta(t, doc, "twitter:title", "The Harbor Gazette")
	ws := ldDocs(t, doc)["WebSite"]
	if ws["name"] != "The Harbor Gazette" || ws["url"] != base+"/" {
		t.Errorf("WebSite = %v", ws)
	}
	act := ldField(ws, "potentialAction")
	tpl, _ := ldField(act, "target", "urlTemplate").(string)
	if ldField(act, "@type") != "SearchAction" || tpl != base+"/search?q={search_term_string}" ||
		ldField(act, "query-input") != "required name=search_term_string" {
		t.Errorf("SearchAction = %v", act)
	}
	// The template names a page that searches.
	search := strings.Replace(strings.TrimPrefix(tpl, base), "{search_term_string}", "storm", 1)
	if got := texts(f.page(search, http.StatusOK).Find("main h2 a, main h3 a")); !slices.Contains(got, "Storm hits the coast") {
		t.Errorf("search from the template found %q", got)
	}
	if doc.Find("nav.breadcrumbs").Length() != 0 {
		t.Error("the home page has breadcrumbs")
	}
}

func TestMeta_ListAndStoryPagesAreWebsites(t *testing.T) {
	f := newFixture(t)
	seedArticle(f)
	doc := f.page("/category/weather", http.StatusOK)
	oneMeta(t, doc, "og:type", "website")
	oneMeta(t, doc, "og:url", base+"/category/weather")
	oneMeta(t, doc, "twitter:card", "summary")
	if got := metaOf(doc, "article:published_time"); len(got) != 0 {
		t.Errorf("a category page has article:published_time %q", got)
	}
	if n := doc.Find(`script[type="application/ld+json"]`).Length(); n != 0 {
		t.Errorf("a category page has %d JSON-LD blocks", n)
	}

	// A story page previews as a website with its lead's photo.
	g := newFixture(t)
	w := seedStoryWorld(g)
	doc = g.page("/story/1", http.StatusOK)
	oneMeta(t, doc, "og:type", "website")
	oneMeta(t, doc, "og:url", base+"/story/1")
	oneMeta(t, doc, "og:image", w.lead.ImageURL)
	oneMeta(t, doc, "twitter:card", "summary_large_image")
	oneMeta(t, doc, "twitter:image", w.lead.ImageURL)
	if got := metaOf(doc, "article:section"); len(got) != 0 {
		t.Errorf("a story page has article:section %q", got)
	}
}
