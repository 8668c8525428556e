package desk_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/desk"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
	"github.com/newsdesk/newsdesk/internal/store/storetest"
)

type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

var due = time.Date(2024, 6, 22, 15, 0, 0, 0, time.UTC)

// schedule stores an article to publish itself at due.
func schedule(t *testing.T, st store.Store, slug string) model.DeskArticle {
	t.Helper()
	u, err := st.AddUser(t.Context(), model.User{Email: slug + "@example.com", Role: model.RoleAuthor})
	if err != nil {
		t.Fatal(err)
	}
	r := desk.Render("The **harbor** reopened at dawn.", nil)
	d, err := st.CreateDeskArticle(t.Context(), model.DeskArticle{
		DeskFields: model.DeskFields{Title: "Harbor reopens", Slug: slug, Body: "The **harbor** reopened at dawn.",
			Credit: "Wire", CreditURL: "https://wire.example/harbor"},
		AuthorID: u.ID, Status: model.DeskScheduled, PublishAt: due, BodyHTML: r.HTML, BodyText: r.Text,
	}, store.DeskChange{UserID: u.ID, Note: "scheduled", At: due.Add(-time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestPublisher_PublishesAtItsTimeNotBefore(t *testing.T) {
	st := storetest.NewSQLiteCopy(t)
	ctx := t.Context()
	d := schedule(t, st, "harbor-reopens")
	clk := &fakeClock{t: due.Add(-time.Minute)}
	p := desk.NewPublisher(st, desk.PublisherOptions{Now: clk.Now})
	if n, err := p.PublishDue(ctx); n != 0 || err != nil {
		t.Fatalf("a minute early: published %d, %v", n, err)
	}
	if _, err := st.GetArticleBySlug(ctx, "harbor-reopens"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("public before its time: %v", err)
	}
	clk.Set(due)
	if n, err := p.PublishDue(ctx); n != 1 || err != nil {
		t.Fatalf("at its time: published %d, %v", n, err)
	}
	a, err := st.GetArticleBySlug(ctx, "harbor-reopens")
	if err != nil || !a.PublishedAt.Equal(due) || a.ContentHTML != "<p>The <strong>harbor</strong> reopened at dawn.</p>" || a.Credit != "Wire" {
		t.Fatalf("public article = %+v, %v", a, err)
	}
	got, err := st.GetDeskArticle(ctx, d.ID)
	if err != nil || got.Status != model.DeskPublished || got.ArticleID != a.ID {
		t.Fatalf("desk article = %+v, %v", got, err)
	}
	log, _, err := st.ListAudit(ctx, store.AuditFilter{ActionPrefix: "article.publish"})
	if err != nil || len(log) != 1 || log[0].Actor != "scheduler" || log[0].TargetID != d.ID || log[0].TargetType != "desk_article" {
		t.Fatalf("audit = %+v, %v", log, err)
	}
}

func TestPublisher_RunWakesWhenKicked(t *testing.T) {
	st := storetest.NewSQLiteCopy(t)
	clk := &fakeClock{t: due.Add(-time.Hour)}
	published := make(chan int, 4)
	// MaxWait is long: only the kick can wake the publisher in time.
	p := desk.NewPublisher(st, desk.PublisherOptions{Now: clk.Now, MaxWait: time.Hour,
		Published: func(n int) { published <- n }})
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() { defer close(done); p.Run(ctx) }()
	defer func() { cancel(); <-done }()
	schedule(t, st, "kicked")
	clk.Set(due)
	p.Kick()
	select {
	case n := <-published:
		if n != 1 {
			t.Fatalf("published %d", n)
		}
	case <-time.After(time.Minute):
		t.Fatal("the kicked publisher did not publish the due article")
	}
	if _, err := st.GetArticleBySlug(t.Context(), "kicked"); err != nil {
		t.Fatal(err)
	}
}

// Two publishers on one PostgreSQL database, racing for the same due
// articles: each article is published once, with one revision saying so.
func TestPublisher_TwoPublishersPublishEachOnce(t *testing.T) {
	st := storetest.NewPostgres(t)
	ctx := t.Context()
	var ids []int64
	for _, slug := range []string{"one", "two", "three", "four", "five", "six"} {
		ids = append(ids, schedule(t, st, slug).ID)
	}
	clk := &fakeClock{t: due}
	var wg sync.WaitGroup
	counts := make([]int, 2)
	for i := range counts {
		p := desk.NewPublisher(st, desk.PublisherOptions{Now: clk.Now})
		wg.Go(func() {
			n, err := p.PublishDue(ctx)
			if err != nil {
				t.Error(err)
			}
			counts[i] = n
		})
	}
	wg.Wait()
	if counts[0]+counts[1] != len(ids) {
		t.Fatalf("publishers published %v, want %d in all", counts, len(ids))
	}
	list, _, err := st.ListArticles(ctx, store.ArticleFilter{Limit: 100})
	if err != nil || len(list) != len(ids) {
		t.Fatalf("%d public articles, want %d (%v)", len(list), len(ids), err)
	}
	for _, id := range ids {
		revs, err := st.ListDeskRevisions(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		published := 0
		for _, r := range revs {
			if r.Status == model.DeskPublished {
				published++
			}
		}
		if published != 1 {
			t.Errorf("desk article %d has %d published revisions, want 1", id, published)
		}
	}
	log, _, err := st.ListAudit(ctx, store.AuditFilter{ActionPrefix: "article.publish", Limit: 100})
	if err != nil || len(log) != len(ids) {
		t.Fatalf("%d audit entries, want %d (%v)", len(log), len(ids), err)
	}
}
