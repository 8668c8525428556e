package desk_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/desk"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
	"github.com/newsdesk/newsdesk/internal/store/storetest"
)

// publishTimes wraps a real store to note when each scheduled article
// became public: the moment the store's PublishDue returned it, whose
// transaction had committed by then. The difference from the article's
// due time is its publication lag.
type publishTimes struct {
	desk.PublishStore
	mu   sync.Mutex
	lags []time.Duration
	left int           // articles of the round still to publish
	done chan struct{} // closed when left reaches 0
}

func (p *publishTimes) PublishDue(ctx context.Context, now time.Time, limit int) ([]model.DeskArticle, error) {
	got, err := p.PublishStore.PublishDue(ctx, now, limit)
	at := time.Now()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, d := range got {
		p.lags = append(p.lags, at.Sub(d.PublishAt))
		if p.left--; p.left == 0 {
			close(p.done)
		}
	}
	return got, err
}

// expect starts a round of n articles.
func (p *publishTimes) expect(n int) <-chan struct{} {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.left, p.done = n, make(chan struct{})
	return p.done
}

// longMarkdown is a news article of about 5 KB in Markdown: paragraphs
// with emphasis and links, a heading and a list every tenth.
func longMarkdown() string {
	var b strings.Builder
	for i := range 40 {
		if i%10 == 0 {
			fmt.Fprintf(&b, "## Part %d\n\n- the quay\n- the lighthouse\n\n", i/10+1)
		}
		fmt.Fprintf(&b, "The harbor master said on day %d that the **north quay** would reopen, "+
			"[the notice](https://harbor.example/notices/%d) says.\n\n", i, i)
	}
	return b.String()
}

// BenchmarkPublishLag measures how late scheduled articles become
// public with a Publisher running on the real clock (MaxWait at its
// 30 s default, kicked after each scheduling as the desk does): 20
// articles due at the same instant 300 ms ahead ("Together"), or 20 due
// 50 ms apart ("Spread50ms"). One op is one round of 20; the metrics
// are the median and the largest lag of all the rounds' articles. The
// reference, "SaveArticles", is one aggregated article saved on the
// same kind of store in the same run. PostgreSQL is skipped when the
// server is unreachable.
//
//	go test ./internal/desk -run '^$' -bench PublishLag -benchtime 10x -count 3
func BenchmarkPublishLag(b *testing.B) {
	backends := []struct {
		name string
		open func(testing.TB) store.Store
	}{{"sqlite", storetest.NewSQLiteCopy}, {"postgres", storetest.NewPostgres}}
	for _, be := range backends {
		b.Run(be.name, func(b *testing.B) {
			b.Run("SaveArticles", func(b *testing.B) { benchSaveArticle(b, be.open(b)) })
			b.Run("Together", func(b *testing.B) { benchPublishLag(b, be.open(b), 0) })
			b.Run("Spread50ms", func(b *testing.B) { benchPublishLag(b, be.open(b), 50*time.Millisecond) })
		})
	}
}

// benchSaveArticle saves one aggregated article per op, as ingest does
// for a feed with one new item: the reference for the publisher's
// store work.
func benchSaveArticle(b *testing.B, st store.Store) {
	ctx := b.Context()
	src, err := st.AddSource(ctx, model.Source{FeedURL: "https://wire.example/feed.xml", Name: "Wire"})
	if err != nil {
		b.Fatal(err)
	}
	body := desk.Render(longMarkdown(), nil) // as the desk articles below
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		i++
		_, err := st.SaveArticles(ctx, src.ID, []model.Article{{
			GUID: fmt.Sprintf("wire-%d", i), URL: fmt.Sprintf("https://wire.example/harbor-%d", i),
			Title: fmt.Sprintf("Harbor reopens, day %d", i), Excerpt: "The harbor reopened.",
			ContentHTML: body.HTML, ContentText: body.Text, PublishedAt: time.Now().Add(-time.Minute),
			Kind: model.KindAggregated,
		}})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// benchPublishLag schedules rounds of 20 articles, the first due
// 300 ms after it was stored and each next one gap later, and waits for
// the publisher to make them all public.
func benchPublishLag(b *testing.B, st store.Store, gap time.Duration) {
	const perRound = 20
	ctx, cancel := context.WithCancel(b.Context())
	defer cancel()
	u, err := st.AddUser(ctx, model.User{Email: "scheduler-bench@example.com", Role: model.RoleAuthor})
	if err != nil {
		b.Fatal(err)
	}
	md := longMarkdown()
	r := desk.Render(md, nil)
	times := &publishTimes{PublishStore: st}
	p := desk.NewPublisher(times, desk.PublisherOptions{})
	var wg sync.WaitGroup
	wg.Go(func() { p.Run(ctx) })
	defer wg.Wait()
	defer cancel()

	round := 0
	for b.Loop() {
		round++
		done := times.expect(perRound)
		due := time.Now().Add(300 * time.Millisecond)
		var slugs []string
		for i := range perRound {
			slug := fmt.Sprintf("harbor-%d-%d", round, i)
			slugs = append(slugs, slug)
			_, err := st.CreateDeskArticle(ctx, model.DeskArticle{
				DeskFields: model.DeskFields{Title: fmt.Sprintf("Harbor reopens, part %d of round %d", i, round),
					Slug: slug, Body: md, Credit: "Harbor desk"},
				AuthorID: u.ID, Status: model.DeskScheduled, PublishAt: due.Add(time.Duration(i) * gap),
				BodyHTML: r.HTML, BodyText: r.Text,
			}, store.DeskChange{UserID: u.ID, Note: "scheduled"})
			if err != nil {
				b.Fatal(err)
			}
			p.Kick()
		}
		if late := time.Since(due); late > 0 {
			b.Fatalf("storing the round took past its due time by %v: make the lead time longer", late)
		}
		select {
		case <-done:
		case <-time.After(time.Minute):
			b.Fatal("the round was not published within a minute")
		}
		// Public indeed: the last article of the round reads back.
		a, err := st.GetArticleBySlug(ctx, slugs[perRound-1])
		if err != nil || a.Kind != model.KindOriginal {
			b.Fatalf("round %d's last article reads back as %+v, %v", round, a, err)
		}
	}
	b.StopTimer()
	times.mu.Lock()
	lags := slices.Clone(times.lags)
	times.mu.Unlock()
	slices.Sort(lags)
	if len(lags) > 0 {
		b.ReportMetric(float64(lags[len(lags)/2])/1e6, "ms-median-lag")
		b.ReportMetric(float64(lags[len(lags)-1])/1e6, "ms-max-lag")
	}
}
