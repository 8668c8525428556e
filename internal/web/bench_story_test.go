package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
	"github.com/newsdesk/newsdesk/internal/web"
)

// benchStorySite serves the benchmark site with its article 1000 in
// story 1 among size articles from outlets outlets, a tenth of them
// copies of article 1000's text, all tagged with three entities. It
// returns the site, the article's permalink and the store.
func benchStorySite(b *testing.B, size, outlets int) (string, string, store.Store) {
	b.Helper()
	siteURL, st := benchStore(b)
	ctx := context.Background()
	a, err := st.GetArticleBySlug(ctx, "harbour-story-1000-makes-the-news")
	if err != nil {
		b.Fatal(err)
	}
	tags := []store.EntityMention{
		{Name: "Lunmere", Kind: model.EntityPlace, Count: 3},
		{Name: "Harbour Council", Kind: model.EntityOrg, Count: 2},
		{Name: "Zofia Castellvi", Kind: model.EntityPerson, Count: 1},
	}
	batch := []store.StoryAssignment{{ArticleID: a.ID, StoryID: 1, Entities: tags}}
	body := strings.Repeat("<p>Outlets report the harbour budget.</p>", 20)
	for o := range outlets {
		src, err := st.AddSource(ctx, model.Source{FeedURL: fmt.Sprintf("https://outlet%d.example/feed", o), Name: fmt.Sprintf("Outlet %d", o)})
		if err != nil {
			b.Fatal(err)
		}
		var arts []model.Article
		for i := o; i < size-1; i += outlets {
			arts = append(arts, model.Article{
				GUID: fmt.Sprint("o", i), URL: fmt.Sprintf("https://outlet%d.example/%d", o, i),
				Title:   fmt.Sprintf("Outlet %d on the harbour budget, part %d", o, i),
				Excerpt: "The budget", ContentHTML: body, ContentText: body,
				PublishedAt: a.PublishedAt.Add(time.Duration(i+1) * time.Minute), Category: "World",
			})
		}
		res, err := st.SaveArticles(ctx, src.ID, arts)
		if err != nil {
			b.Fatal(err)
		}
		for j, id := range res.IDs {
			as := store.StoryAssignment{ArticleID: id, StoryID: 1, Entities: tags}
			if j%10 == 0 {
				as.DupOf = a.ID
			}
			batch = append(batch, as)
		}
	}
	if err := st.ApplyClustering(ctx, batch); err != nil {
		b.Fatal(err)
	}
	return siteURL, web.Permalink(a, testSettings().Location), st
}

// BenchmarkArticlePage_InStory serves an article of a story that 12
// outlets cover with 40 articles: the article page's coverage, copies
// and entity tags on top of BenchmarkArticlePage.
func BenchmarkArticlePage_InStory(b *testing.B) {
	siteURL, path, _ := benchStorySite(b, 40, 12)
	hammer(b, siteURL+path)
}

// BenchmarkArticlePage_InBigStory is the same in a story of 500
// articles from 50 outlets, the most a story lists.
func BenchmarkArticlePage_InBigStory(b *testing.B) {
	siteURL, path, _ := benchStorySite(b, store.MaxStoryArticles, 50)
	hammer(b, siteURL+path)
}

// BenchmarkStoryPage serves the full coverage of a 40-article story.
func BenchmarkStoryPage(b *testing.B) {
	siteURL, _, _ := benchStorySite(b, 40, 12)
	hammer(b, siteURL+"/story/1")
}

// BenchmarkStoryPage_Big serves the full coverage of a story of 500
// articles from 50 outlets, a tenth of them copies of one report.
func BenchmarkStoryPage_Big(b *testing.B) {
	siteURL, _, _ := benchStorySite(b, store.MaxStoryArticles, 50)
	hammer(b, siteURL+"/story/1")
}

// BenchmarkHomePage serves the front page with one story at the top.
func BenchmarkHomePage(b *testing.B) {
	siteURL, _, _ := benchStorySite(b, 40, 12)
	hammer(b, siteURL+"/")
}
