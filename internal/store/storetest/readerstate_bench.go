package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// BenchReaderState measures what reading apps ask of a newsroom of
// 100,000 articles (50 sources, 10 sections, fetched over 60 days) for an
// account with a 30-day unread window, 500 stars, 2,000 explicit marks
// and a few per-source horizons: the unread counts, a page of unread
// items, every unread item (with and without their listing fields, as
// Fever's unread_item_ids reads them), the starred items, marking a
// source read and marking 50 items. Each backend's BenchmarkReaderState
// runs it: -bench ReaderState -benchtime 20x; building the store takes
// a while.
func BenchReaderState(b *testing.B, st store.Store) {
	ctx := context.Background()
	ru, ids, srcIDs := readerBenchWorld(b, st)
	run := func(name string, fn func() int) {
		b.Run(name, func(b *testing.B) {
			n := 0
			for b.Loop() {
				n = fn()
			}
			b.ReportMetric(float64(n), "rows")
		})
	}
	must := func(n int, err error) int {
		if err != nil {
			b.Fatal(err)
		}
		return n
	}
	now := time.Now()
	yes := true
	sources := len(srcIDs)
	run("UnreadCounts", func() int {
		c, err := st.ReaderUnreadCounts(ctx, ru)
		n := 0
		for _, x := range c {
			n += x.Unread
		}
		return must(n, err)
	})
	run("Total", func() int { return must(st.ReaderTotal(ctx)) })
	items := func(q store.ReaderQuery) func() int {
		return func() int {
			it, err := st.ReaderItems(ctx, q)
			return must(len(it), err)
		}
	}
	run("UnreadPage1000", items(store.ReaderQuery{User: ru, Unread: true, Limit: 1000}))
	run("UnreadAll", items(store.ReaderQuery{User: ru, Unread: true, Limit: store.MaxReaderLimit}))
	run("UnreadAllIDsOnly", items(store.ReaderQuery{User: ru, Unread: true, Limit: store.MaxReaderLimit, IDsOnly: true}))
	run("UnreadOldestFirst1000", items(store.ReaderQuery{User: ru, Unread: true, Oldest: true, Limit: 1000}))
	run("Starred", items(store.ReaderQuery{User: ru, Starred: true, Limit: 1000}))
	run("Contents50", items(store.ReaderQuery{User: ru, IDs: ids[len(ids)-50:], Limit: 50, Bodies: true}))
	k := 0
	run("MarkSourceRead", func() int {
		k++
		err := st.ReaderMarkRead(ctx, ru.ID, store.ReaderScope{Source: true, SourceID: srcIDs[k%sources]}, now.Add(-time.Duration(k)*time.Second))
		return must(1, err)
	})
	run("Mark50Read", func() int {
		k++
		return must(st.ReaderSetState(ctx, ru, ids[len(ids)-50-k%1000:len(ids)-k%1000], store.ReaderChange{Read: &yes}))
	})
}

// readerBenchWorld fills st with the benchmark's newsroom and account.
func readerBenchWorld(tb testing.TB, st store.Store) (store.ReaderUser, []int64, []int64) {
	ctx := context.Background()
	now := time.Now().Truncate(time.Second)
	const total, sources = 100_000, 50
	var srcIDs []int64
	for i := range sources {
		src, err := st.AddSource(ctx, model.Source{FeedURL: fmt.Sprintf("https://s%d.example/rss", i)})
		if err != nil {
			tb.Fatal(err)
		}
		srcIDs = append(srcIDs, src.ID)
	}
	per := total / sources
	var ids []int64
	for s, sid := range srcIDs {
		for start := 0; start < per; start += 500 {
			arts := make([]model.Article, 500)
			for i := range arts {
				n := s*per + start + i
				at := now.Add(-60 * 24 * time.Hour).Add(time.Duration(n) * (60 * 24 * time.Hour / total))
				arts[i] = model.Article{GUID: fmt.Sprint(n), URL: fmt.Sprintf("https://s%d.example/%d", s, n),
					Title: fmt.Sprintf("Report %d", n), ContentHTML: "<p>Body</p>", ContentText: "Body",
					Category: fmt.Sprintf("Section %d", n%10), PublishedAt: at, FetchedAt: at}
			}
			res, err := st.SaveArticles(ctx, sid, arts)
			if err != nil {
				tb.Fatal(err)
			}
			ids = append(ids, res.IDs...)
		}
	}
	u, err := st.AddUser(ctx, model.User{Email: "bench@example.com", Name: "Bench", Role: model.RoleAuthor})
	if err != nil {
		tb.Fatal(err)
	}
	ru := store.ReaderUser{ID: u.ID, Floor: now.Add(-30 * 24 * time.Hour)}
	yes, no := true, false
	for i := 0; i < 2500; i += 50 {
		c := store.ReaderChange{Read: &yes}
		switch {
		case i < 500:
			c = store.ReaderChange{Starred: &yes}
		case i%100 == 0:
			c = store.ReaderChange{Read: &no}
		}
		batch := make([]int64, 50)
		for j := range batch {
			batch[j] = ids[(i+j)*37%len(ids)]
		}
		if _, err := st.ReaderSetState(ctx, ru, batch, c); err != nil {
			tb.Fatal(err)
		}
	}
	for _, sid := range srcIDs[:5] {
		if err := st.ReaderMarkRead(ctx, u.ID, store.ReaderScope{Source: true, SourceID: sid}, now.Add(-10*24*time.Hour)); err != nil {
			tb.Fatal(err)
		}
	}
	return ru, ids, srcIDs
}
