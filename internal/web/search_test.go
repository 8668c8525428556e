package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/newsdesk/newsdesk/internal/model"
)

func TestSearch_EmptyQueryPrompts(t *testing.T) {
	f := newFixture(t)
	for _, path := range []string{"/search", "/search?q=", "/search?q=+++"} {
		doc := f.page(path, http.StatusOK)
		if doc.Find("main .notice").Length() != 1 || doc.Find("main article").Length() != 0 {
			t.Errorf("%s: want a prompt and no results", path)
		}
		if _, alert := doc.Find("main .notice").Attr("role"); alert {
			t.Errorf("%s: an empty search is not an error", path)
		}
	}
}

func TestSearch_FindsAllWordsWithDetails(t *testing.T) {
	f := newFixture(t)
	src := f.addSource("Harbor Wire")
	f.save(src.ID,
		article("Harbor bridge reopens", "Local", published),
		article("Bridge tolls rise", "Local", published.Add(-time.Hour)),
		article("Harbor festival", "Arts", published.Add(-2*time.Hour)))
	doc := f.page("/search?q=HARBOR+bridge", http.StatusOK)
	results := doc.Find("main .results article")
	if got := texts(results.Find("h3")); !slices.Equal(got, []string{"Harbor bridge reopens"}) {
		t.Fatalf("results = %q", got)
	}
	if !strings.Contains(doc.Find(".result-count").Text(), "1 result") {
		t.Errorf("count = %q", doc.Find(".result-count").Text())
	}
	if href, _ := results.Find("h3 a").Attr("href"); href != "/2024/06/21/harbor-bridge-reopens/" {
		t.Errorf("result link = %q", href)
	}
	if results.Find(".source").Text() != "Harbor Wire" || results.Find("time").Length() != 1 ||
		results.Find(".snippet").Text() != "Full text of Harbor bridge reopens." {
		t.Errorf("result details = %q", results.Text())
	}
	// The words found are marked in the headline and the snippet, as
	// written, whatever case the query used.
	if got := texts(results.Find("h3 mark")); !slices.Equal(got, []string{"Harbor", "bridge"}) {
		t.Errorf("headline marks = %q", got)
	}
	if got := texts(results.Find(".snippet mark")); !slices.Equal(got, []string{"Harbor", "bridge"}) {
		t.Errorf("snippet marks = %q", got)
	}
	doc = f.page("/search?q=nothing+matches", http.StatusOK)
	if doc.Find("main article").Length() != 0 || !strings.Contains(doc.Find(".result-count").Text(), "0 results") {
		t.Errorf("no-match page = %q", doc.Find("main").Text())
	}
}

func TestSearch_Pages(t *testing.T) {
	f := newFixture(t)
	src := f.addSource("Harbor Wire")
	var arts []model.Article
	for i := range 45 {
		arts = append(arts, article(fmt.Sprintf("Tide report %02d", i), "Local", published.Add(-time.Duration(i)*time.Minute)))
	}
	f.save(src.ID, arts...)
	seen := map[string]bool{}
	path := "/search?q=tide&exact=1"
	for page := 1; path != ""; page++ {
		doc := f.page(path, http.StatusOK)
		got := texts(doc.Find("main .results h3"))
		for _, title := range got {
			if seen[title] {
				t.Errorf("page %d repeats %q", page, title)
			}
			seen[title] = true
		}
		next, _ := doc.Find(`nav.pager a[rel="next"]`).Attr("href")
		if next != "" {
			u, err := url.Parse(next)
			if err != nil || u.Query().Get("exact") != "1" || u.Query().Get("page") != fmt.Sprint(page+1) {
				t.Errorf("next link %q lost the parameters", next)
			}
		}
		path = next
		if page > 5 {
			t.Fatal("pagination does not end")
		}
	}
	if len(seen) != 45 {
		t.Errorf("paged through %d results, want 45", len(seen))
	}
}

func TestSearch_RelevanceFirstUnlessNewest(t *testing.T) {
	f := newFixture(t)
	src := f.addSource("Harbor Wire")
	inText := article("Council budget vote", "Local", published)
	inText.Excerpt = "The council voted."
	inText.ContentText = "Among other things the council mentioned the ferry schedule once, " +
		"in a long session about roads, parks, schools, libraries and the budget."
	f.save(src.ID, inText, article("Ferry service resumes", "Local", published.Add(-24*time.Hour)))

	doc := f.page("/search?q=ferry", http.StatusOK)
	if got := texts(doc.Find("main .results h3")); !slices.Equal(got, []string{"Ferry service resumes", "Council budget vote"}) {
		t.Errorf("by relevance: %q, want the headline match first", got)
	}
	if cur := doc.Find(`.sort-choice a[aria-current]`).Text(); cur != "Relevance" {
		t.Errorf("current sort = %q", cur)
	}
	doc = f.page("/search?q=ferry&sort=newest", http.StatusOK)
	if got := texts(doc.Find("main .results h3")); !slices.Equal(got, []string{"Council budget vote", "Ferry service resumes"}) {
		t.Errorf("newest first: %q", got)
	}
	// The snippet shows the words around the match in the text.
	if got := doc.Find("main .results .snippet").First().Text(); !strings.Contains(got, "ferry schedule") {
		t.Errorf("snippet = %q", got)
	}
}

func TestSearch_HighlightIsEscaped(t *testing.T) {
	f := newFixture(t)
	src := f.addSource("Harbor Wire")
	a := article(`Tide <script>alert("x")</script> & tide tables`, "Local", published)
	a.ContentText = ""
	a.Excerpt = "Tide <b>tables</b> for the week"
	f.save(src.ID, a)
	r := f.get("/search?q=tide")
	if strings.Contains(r.body, "<script>alert") || strings.Contains(r.body, "<b>tables") {
		t.Fatal("markup from an article reached the results page unescaped")
	}
	doc := f.page("/search?q=tide", http.StatusOK)
	res := doc.Find("main .results article")
	if got := texts(res.Find("h3 mark")); !slices.Equal(got, []string{"Tide", "tide"}) {
		t.Errorf("headline marks = %q", got)
	}
	if got := res.Find("h3").Text(); strings.TrimSpace(got) != a.Title {
		t.Errorf("headline text = %q", got)
	}
	// Without text, the snippet comes from the excerpt.
	if got := res.Find(".snippet").Text(); got != a.Excerpt {
		t.Errorf("snippet = %q, want the excerpt", got)
	}
}

func TestSearch_FacetsAndShareableFilters(t *testing.T) {
	f := newFixture(t)
	wire := f.addSource("Harbor Wire")
	ledger := f.addSource("Valley Ledger")
	f.save(wire.ID,
		article("Harbor budget passes", "Politics", published),
		article("Harbor festival opens", "Arts", published.Add(-time.Hour)),
		article("Harbor choir sings", "Arts", published.Add(-2*time.Hour)))
	f.save(ledger.ID, article("Harbor tolls rise", "Politics", published.Add(-3*time.Hour)))
	wireID, ledgerID := fmt.Sprint(wire.ID), fmt.Sprint(ledger.ID)

	doc := f.page("/search?q=harbor&category=arts&sort=newest", http.StatusOK)
	if got := texts(doc.Find("main .results h3")); !slices.Equal(got, []string{"Harbor festival opens", "Harbor choir sings"}) {
		t.Fatalf("results = %q", got)
	}
	form := doc.Find("main form.refine")
	// Category counts leave out the category filter itself, so a reader
	// sees what ticking another would add; source counts apply it.
	cats := texts(form.Find(".facet-category label"))
	if !slices.Equal(cats, []string{"Arts (2)", "Politics (2)"}) {
		t.Errorf("category facets = %q", cats)
	}
	if got := attrs(form.Find(`input[name="category"][checked]`), "value"); !slices.Equal(got, []string{"arts"}) {
		t.Errorf("ticked categories = %q", got)
	}
	if srcs := texts(form.Find(".facet-source label")); !slices.Equal(srcs, []string{"Harbor Wire (2)"}) {
		t.Errorf("source facets = %q", srcs)
	}
	// The form keeps the query and the sort it does not show.
	hidden := map[string]string{}
	form.Find(`input[type="hidden"]`).Each(func(_ int, s *goquery.Selection) {
		name, _ := s.Attr("name")
		hidden[name], _ = s.Attr("value")
	})
	if hidden["q"] != "harbor" || hidden["sort"] != "newest" || len(hidden) != 2 {
		t.Errorf("hidden fields = %v", hidden)
	}

	// Ticking Politics too, as the form would send it: both sections.
	doc = f.page("/search?q=harbor&sort=newest&category=arts&category=politics&source="+ledgerID+"&source="+wireID, http.StatusOK)
	if got := doc.Find("main .results article").Length(); got != 4 {
		t.Errorf("two categories and two sources: %d results, want 4", got)
	}
	// The header's form carries every filter along when the query changes.
	header := doc.Find(`header form[role="search"]`)
	if got := attrs(header.Find(`select[name="category"] option[selected]`), "value"); !slices.Equal(got, []string{"arts"}) {
		t.Errorf("header category select = %q, want the first chosen", got)
	}
	if got := attrs(header.Find(`input[type="hidden"][name="category"]`), "value"); !slices.Equal(got, []string{"politics"}) {
		t.Errorf("header hidden categories = %q, want the others", got)
	}
	if got := attrs(header.Find(`input[type="hidden"][name="sort"]`), "value"); !slices.Equal(got, []string{"newest"}) {
		t.Errorf("header form sort = %q", got)
	}

	// The date and kind links change one thing and keep the rest.
	href, _ := doc.Find(`nav[aria-label="Date"] a:contains("Past week")`).Attr("href")
	u, err := url.Parse(href)
	if err != nil || u.Path != "/search" || u.Query().Get("from") != "7d" || u.Query().Get("q") != "harbor" ||
		!slices.Equal(u.Query()["category"], []string{"arts", "politics"}) || len(u.Query()["source"]) != 2 {
		t.Errorf("past-week link = %q", href)
	}
	doc = f.page(href, http.StatusOK)
	if cur := doc.Find(`nav[aria-label="Date"] a[aria-current]`).Text(); cur != "Past week" {
		t.Errorf("current date choice = %q", cur)
	}
	href, _ = doc.Find(`nav[aria-label="Kind"] a:contains("Our reporting")`).Attr("href")
	if doc = f.page(href, http.StatusOK); doc.Find("main .results article").Length() != 0 {
		t.Errorf("kind=original found aggregated articles")
	}
}

func TestSearch_KindFilter(t *testing.T) {
	f := newFixture(t)
	src := f.addSource("Harbor Wire")
	own := article("Harbor inquiry: what we found", "Local", published)
	own.Kind = model.KindOriginal
	f.save(src.ID, own, article("Harbor inquiry opens", "Local", published.Add(-time.Hour)))
	for kind, want := range map[string][]string{
		"original":   {"Harbor inquiry: what we found"},
		"aggregated": {"Harbor inquiry opens"},
		"":           {"Harbor inquiry: what we found", "Harbor inquiry opens"},
	} {
		doc := f.page("/search?q=harbor+inquiry&sort=newest&kind="+kind, http.StatusOK)
		if got := texts(doc.Find("main .results h3")); !slices.Equal(got, want) {
			t.Errorf("kind=%s: %q, want %q", kind, got, want)
		}
	}
}
