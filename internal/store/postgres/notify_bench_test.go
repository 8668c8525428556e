package postgres_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store/postgres"
	"github.com/newsdesk/newsdesk/internal/store/storetest"
)

// BenchmarkChangeNotify is what migration 0016's notification costs a
// writer: the same writes with the trigger and with it dropped, in
// schemas of their own, with a subscriber listening (as a second server
// would) and, with the trigger, without one. "setting" is a one-row transaction, where the notification's
// share is largest; "batch" saves 50 articles in one transaction (one
// notification for about a hundred log rows).
func BenchmarkChangeNotify(b *testing.B) {
	for _, c := range []struct{ on, listen bool }{{true, true}, {true, false}, {false, true}} {
		on := c.on
		b.Run(fmt.Sprintf("trigger=%v/listener=%v", on, c.listen), func(b *testing.B) {
			dsn := storetest.WithSearchPath(storetest.PostgresDSN(), storetest.NewPostgresSchema(b))
			st, err := postgres.Open(b.Context(), dsn)
			if err != nil {
				b.Fatal(err)
			}
			defer st.Close()
			if !on {
				conn, err := pgx.Connect(b.Context(), dsn)
				if err != nil {
					b.Fatal(err)
				}
				_, err = conn.Exec(b.Context(), `DROP TRIGGER change_log_notify ON change_log`)
				conn.Close(b.Context())
				if err != nil {
					b.Fatal(err)
				}
			}
			if c.listen {
				wake := st.SubscribeChanges(b.Context())
				go func() {
					for range wake {
					}
				}()
			}
			b.Run("setting", func(b *testing.B) {
				i := 0
				for b.Loop() {
					i++
					if err := st.SetSettings(b.Context(), map[string]string{"site_name": fmt.Sprint("Site ", i)}); err != nil {
						b.Fatal(err)
					}
				}
			})
			src, err := st.AddSource(b.Context(), model.Source{FeedURL: "https://bench.example/feed", Name: "Bench"})
			if err != nil {
				b.Fatal(err)
			}
			n := 0 // across the runs b.Run makes
			b.Run("batch", func(b *testing.B) {
				for b.Loop() {
					arts := make([]model.Article, 50)
					for j := range arts {
						n++
						arts[j] = model.Article{GUID: fmt.Sprint("g", n), URL: fmt.Sprint("https://bench.example/", n),
							Title: fmt.Sprint("Bench story ", n), ContentText: "Words about the harbour.", PublishedAt: time.Now()}
					}
					if _, err := st.SaveArticles(b.Context(), src.ID, arts); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}
