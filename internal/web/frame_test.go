package web_test

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/internal/web"
)

func TestFrame_HeaderOnEveryPage(t *testing.T) {
	f := newFixture(t)
	src := f.addSource("Harbor Wire")
	arts := f.save(src.ID, article("Ferry schedule changes", "Local News", published))
	pages := []struct {
		path   string
		status int
	}{
		{"/", http.StatusOK},
		{"/category/local-news", http.StatusOK},
		{"/source/" + strconv.FormatInt(src.ID, 10), http.StatusOK},
		{"/2024/06/21/" + arts[0].Slug + "/", http.StatusOK},
		{"/search?q=ferry", http.StatusOK},
		{"/about", http.StatusOK},
		{"/no/such/page", http.StatusNotFound},
		{"/category/nowhere", http.StatusNotFound},
	}
	for _, p := range pages {
		t.Run(p.path, func(t *testing.T) {
			doc := f.page(p.path, p.status)
			header := doc.Find("body > header")
			// 02:30 UTC on June 22 is the evening of Friday, June 21 in New York.
			if got := texts(header.Find("time")); !slices.Equal(got, []string{"Friday, June 21, 2024"}) {
				t.Errorf("header date = %q", got)
			}
			if got := attrs(header.Find("time"), "datetime"); !slices.Equal(got, []string{"2024-06-21"}) {
				t.Errorf("header date datetime = %q", got)
			}
			home := header.Find(`a[href="/"].site-name`)
			if home.Text() != "The Harbor Gazette" {
				t.Errorf("site name link = %q", home.Text())
			}
			if !strings.Contains(header.Text(), "News from the waterfront") {
				t.Error("tagline missing")
			}
			tel := header.Find(`a[href^="tel:"]`)
			if href, _ := tel.Attr("href"); href != "tel:+15550100199" || !strings.Contains(tel.Text(), "+1 (555) 010-0199") {
				t.Errorf("phone link = %q %q", href, tel.Text())
			}
			nav := header.Find(`nav[aria-label="Sections"] a[href="/category/local-news"]`)
			if nav.Text() != "Local News" {
				t.Errorf("section nav = %q", texts(header.Find(`nav[aria-label="Sections"] a`)))
			}
			if doc.Find("main#main").Length() != 1 || doc.Find(`a.skip-link[href="#main"]`).Length() != 1 {
				t.Error("main landmark or skip link missing")
			}
			footer := doc.Find("body > footer")
			if !strings.Contains(footer.Text(), "© 2024 Harbor Media Ltd") {
				t.Errorf("footer = %q", footer.Text())
			}
			for _, href := range []string{"/about", "/contact", "/privacy", "/feeds"} {
				if footer.Find(`a[href="`+href+`"]`).Length() != 1 {
					t.Errorf("footer link %s missing", href)
				}
			}
		})
	}
}

func TestFrame_SearchFormDefaults(t *testing.T) {
	f := newFixture(t)
	src := f.addSource("Harbor Wire")
	f.save(src.ID, article("Ferry schedule changes", "Local News", published))
	form := f.page("/", http.StatusOK).Find(`header form[role="search"]`)
	if action, _ := form.Attr("action"); action != "/search" {
		t.Errorf("form action = %q", action)
	}
	if method, _ := form.Attr("method"); method != "get" {
		t.Errorf("form method = %q", method)
	}
	q := form.Find(`input[name="q"]`)
	id, _ := q.Attr("id")
	if id == "" || form.Find(`label[for="`+id+`"]`).Length() != 1 {
		t.Error("search input has no label")
	}
	panel := form.Find("details")
	if panel.Find("summary").Text() != "Generic filters" {
		t.Errorf("filters summary = %q", panel.Find("summary").Text())
	}
	if _, open := panel.Attr("open"); open {
		t.Error("filters panel open with default filters")
	}
	checks := []struct {
		label, name, value string
		checked            bool
	}{
		{"Exact matches only", "exact", "1", false},
		{"Search in title", "in", "title", true},
		{"Search in content", "in", "content", true},
		{"Search in excerpt", "in", "excerpt", true},
	}
	for _, c := range checks {
		box := panel.Find(`label:contains("` + c.label + `") input[type="checkbox"]`)
		if box.Length() != 1 {
			t.Errorf("checkbox %q missing", c.label)
			continue
		}
		name, _ := box.Attr("name")
		value, _ := box.Attr("value")
		_, checked := box.Attr("checked")
		if name != c.name || value != c.value || checked != c.checked {
			t.Errorf("%q: name=%q value=%q checked=%v", c.label, name, value, checked)
		}
	}
	selects := map[string][]string{
		"category": {"", "local-news"},
		"source":   {"", strconv.FormatInt(src.ID, 10)},
		"from":     {"", "24h", "7d", "30d"},
	}
	for name, want := range selects {
		sel := panel.Find(`select[name="` + name + `"]`)
		id, _ := sel.Attr("id")
		if id == "" || panel.Find(`label[for="`+id+`"]`).Length() != 1 {
			t.Errorf("select %s has no label", name)
		}
		if got := attrs(sel.Find("option"), "value"); !slices.Equal(got, want) {
			t.Errorf("select %s options = %q, want %q", name, got, want)
		}
	}
}

func TestFrame_SearchFormKeepsURLValues(t *testing.T) {
	f := newFixture(t)
	src := f.addSource("Harbor Wire")
	f.save(src.ID, article("Ferry schedule changes", "Local News", published))
	id := strconv.FormatInt(src.ID, 10)
	doc := f.page("/search?q=ferry+times&exact=1&in=title,excerpt&category=local-news&source="+id+"&from=7d", http.StatusOK)
	form := doc.Find(`header form[role="search"]`)
	if v, _ := form.Find(`input[name="q"]`).Attr("value"); v != "ferry times" {
		t.Errorf("q = %q", v)
	}
	// The results page lists the filters beside the results, so the
	// header's panel stays closed there; elsewhere it opens to show them.
	if _, open := form.Find("details").Attr("open"); open || doc.Find("main form.refine").Length() != 1 {
		t.Error("the header's filters panel is open beside the results page's filters")
	}
	prompt := f.page("/search?category=local-news", http.StatusOK).Find(`header form[role="search"] details`)
	if _, open := prompt.Attr("open"); !open {
		t.Error("filters panel closed although filters are set")
	}
	checked := attrs(form.Find(`input[type="checkbox"][checked]`), "value")
	if !slices.Equal(checked, []string{"1", "title", "excerpt"}) {
		t.Errorf("checked boxes = %q", checked)
	}
	for name, want := range map[string]string{"category": "local-news", "source": id, "from": "7d"} {
		got := attrs(form.Find(`select[name="`+name+`"] option[selected]`), "value")
		if !slices.Equal(got, []string{want}) {
			t.Errorf("%s selected = %q, want %q", name, got, want)
		}
	}
}

func TestFrame_InfoPagesFromSettings(t *testing.T) {
	f := newFixture(t)
	src := f.addSource("Harbor Wire")
	f.save(src.ID, article("Ferry schedule changes", "Local News", published))
	about := f.page("/about", http.StatusOK).Find("main")
	if !strings.Contains(about.Find("h1").Text(), "The Harbor Gazette") || !strings.Contains(about.Text(), "1 source") {
		t.Errorf("about page = %q", about.Text())
	}
	contact := f.page("/contact", http.StatusOK).Find("main")
	if href, _ := contact.Find(`a[href^="tel:"]`).Attr("href"); href != "tel:+15550100199" {
		t.Errorf("contact phone = %q", href)
	}
	privacy := f.page("/privacy", http.StatusOK).Find("main h1")
	if privacy.Text() != "Privacy" {
		t.Errorf("privacy heading = %q", privacy.Text())
	}
	feeds := f.page("/feeds", http.StatusOK).Find("main")
	if feeds.Find(`a[href="https://harbor-wire.example.com/feed.xml"]`).Length() != 1 {
		t.Errorf("feeds page lacks the source's feed link: %q", feeds.Text())
	}
	if feeds.Find(`a[href="/category/local-news"]`).Length() != 1 {
		t.Error("feeds page lacks the section")
	}
}

func TestFrame_PhoneHrefKeepsDigitsAndPlus(t *testing.T) {
	tests := []struct{ phone, want string }{
		{"+1 555 0100", "tel:+15550100"},
		{"(555) 010-0100 ext. 7", "tel:55501001007"},
		{"0800 + 123", "tel:0800123"},
		{`+1 555 <b onclick="x">0100</b>`, "tel:+15550100"},
	}
	for _, tc := range tests {
		f := newFixture(t, func(o *web.Options) { o.Site.Phone = tc.phone })
		doc := f.page("/contact", http.StatusOK)
		if got := attrs(doc.Find(`a[href^="tel:"]`), "href"); !slices.Equal(got, []string{tc.want, tc.want}) {
			t.Errorf("phone %q: hrefs = %q, want %q in header and contact page", tc.phone, got, tc.want)
		}
		if got := doc.Find(`header a[href^="tel:"]`).Text(); !strings.Contains(got, tc.phone) {
			t.Errorf("phone %q shown as %q", tc.phone, got)
		}
		// Written literally, not as &#43;, for tools that scan the source.
		body := f.get("/contact").body
		if !strings.Contains(body, `href="`+tc.want+`"`) {
			t.Errorf("phone %q: raw href not in the page", tc.phone)
		}
		if strings.Contains(body, "<b onclick") {
			t.Errorf("phone %q reached the page as markup", tc.phone)
		}
	}
}
