package postgres

import (
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/newsdesk/newsdesk/internal/store"
)

// The driver's errors for a server that cannot serve are classified as
// unavailability by the backend-neutral store.IsUnavailable, which
// knows them without importing pgx: a closed connection by its text, a
// server error by its SQLSTATE. A pgx upgrade that changes either fails
// here.
func TestDriverErrorsAreUnavailable(t *testing.T) {
	for _, err := range []error{
		fmt.Errorf("postgres: add comment: %w", pgconn.ErrConnClosed),
		fmt.Errorf("postgres: list: %w", &pgconn.PgError{Code: "57P01", Message: "terminating connection due to administrator command"}),
		&pgconn.PgError{Code: "57P03", Message: "the database system is starting up"},
	} {
		if !store.IsUnavailable(err) {
			t.Errorf("IsUnavailable(%v) = false", err)
		}
	}
	if err := fmt.Errorf("q: %w", &pgconn.PgError{Code: "23505"}); store.IsUnavailable(err) {
		t.Errorf("a unique violation is classified as unavailable: %v", err)
	}
}
