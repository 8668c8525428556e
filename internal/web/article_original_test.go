package web_test

import (
	"strings"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/desk"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
	"github.com/newsdesk/newsdesk/internal/web"
)

// publishOriginal publishes a newsroom article through the desk store,
// written from the aggregated article basedOn.
func (f *fixture) publishOriginal(basedOn model.Article, pub time.Time) model.DeskArticle {
	f.t.Helper()
	r := desk.Render("The quay wall was **rebuilt** in granite.", nil)
	d, err := f.store.CreateDeskArticle(f.t.Context(), model.DeskArticle{
		DeskFields: model.DeskFields{
			Title: "Quay wall rebuilt", Slug: "quay-wall-rebuilt", Excerpt: "The wall stands again.",
			Body: "The quay wall was **rebuilt** in granite.", Category: "World", Tags: []string{"storms", "harbor works"},
			Byline: "Ana Reyes", ImageURL: "/media/7/1200.jpg", ImageCaption: "The new wall at dawn.",
			ImageCredit: "Jo Lens", Credit: "Wire Agency", CreditURL: "https://wire.example/quay", BasedOn: basedOn.ID,
		},
		Status: model.DeskPublished, PublishAt: pub, BodyHTML: r.HTML, BodyText: r.Text,
	}, store.DeskChange{Note: "published", At: pub})
	if err != nil {
		f.t.Fatal(err)
	}
	return d
}

func TestArticle_OriginalShowsItsCredits(t *testing.T) {
	f := newFixture(t)
	src := f.addSource("Harbor Times")
	pub := time.Date(2024, 6, 22, 14, 0, 0, 0, time.UTC)
	agg := f.save(src.ID, article("Quay damaged in storm", "World", pub.Add(-3*time.Hour)))[0]
	d := f.publishOriginal(agg, pub)
	a, err := f.store.GetArticle(t.Context(), d.ArticleID)
	if err != nil {
		t.Fatal(err)
	}
	doc := f.page(web.Permalink(a, testSettings().Location), 200)
	page := doc.Find("article.story")
	if src, _ := page.Find("figure.lead-photo img").Attr("src"); src != "/media/7/1200.jpg" {
		t.Errorf("lead photo = %q", src)
	}
	if got := strings.Join(strings.Fields(page.Find("figure.lead-photo figcaption").Text()), " "); got != "The new wall at dawn. Photo Credit: Jo Lens" {
		t.Errorf("caption = %q", got)
	}
	credit := page.Find("p.credit a")
	if href, _ := credit.Attr("href"); href != "https://wire.example/quay" || credit.Text() != "Wire Agency" ||
		!strings.HasPrefix(strings.TrimSpace(page.Find("p.credit").Text()), "Credit: ") {
		t.Errorf("credit line = %q -> %q", page.Find("p.credit").Text(), href)
	}
	based := page.Find("p.based-on a")
	if href, _ := based.Attr("href"); href != web.Permalink(agg, testSettings().Location) || based.Text() != "Harbor Times" ||
		!strings.Contains(page.Find("p.based-on").Text(), "Based on reporting by") {
		t.Errorf("based-on line = %q -> %q", page.Find("p.based-on").Text(), href)
	}
	if got := texts(page.Find("p.tags .tag")); strings.Join(got, "|") != "storms|harbor works" {
		t.Errorf("tags = %v", got)
	}
	if page.Find(".story-byline .author, .byline .author").Text() != "Ana Reyes" {
		t.Errorf("byline = %q", page.Find(".byline").Text())
	}
	if page.Find(".updated").Length() != 0 {
		t.Error("an article never edited says it was updated")
	}
	if !strings.Contains(page.Find(".story-body").Text(), "rebuilt in granite") {
		t.Error("the body is missing")
	}

	// Edited after publication: the page says when.
	d.Title = "Quay wall rebuilt in granite"
	if _, err := f.store.SaveDeskArticle(t.Context(), d, store.DeskChange{Note: "saved", At: pub.Add(2 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	doc = f.page(web.Permalink(a, testSettings().Location), 200)
	if got := doc.Find(".updated time").AttrOr("datetime", ""); !strings.HasPrefix(got, "2024-06-22T") {
		t.Errorf("updated time = %q", got)
	}
	if doc.Find("h1").Text() != "Quay wall rebuilt in granite" {
		t.Errorf("headline after the edit = %q", doc.Find("h1").Text())
	}
}
