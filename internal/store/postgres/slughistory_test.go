package postgres_test

import (
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/newsdesk/newsdesk/internal/store/postgres"
	"github.com/newsdesk/newsdesk/internal/store/storetest"
)

// TestSlugHistoryCascade deletes an article behind the store's back, as
// no store method deletes an original, and checks its former slugs go.
func TestSlugHistoryCascade(t *testing.T) {
	dsn := storetest.WithSearchPath(storetest.PostgresDSN(), storetest.NewPostgresSchema(t))
	st, err := postgres.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	conn, err := pgx.Connect(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(t.Context())
	storetest.SlugHistoryCascade(t, st, func(id int64) {
		if _, err := conn.Exec(t.Context(), `DELETE FROM articles WHERE id = $1`, id); err != nil {
			t.Fatalf("delete article %d: %v", id, err)
		}
	})
}
