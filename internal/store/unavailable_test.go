package store_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"testing"

	"github.com/newsdesk/newsdesk/internal/store"
)

// sqlStateErr stands for a driver's server error, which reports its
// SQLSTATE through the same method pgconn.PgError has.
type sqlStateErr string

func (e sqlStateErr) Error() string    { return "server error " + string(e) }
func (e sqlStateErr) SQLState() string { return string(e) }

func TestIsUnavailable(t *testing.T) {
	// A real refused connection: a port that was just closed.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	_, refused := net.Dial("tcp", addr)
	if refused == nil {
		t.Fatal("dialling a closed port succeeded")
	}
	for _, c := range []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"sentinel", fmt.Errorf("list: %w", store.ErrUnavailable), true},
		{"refused", fmt.Errorf("postgres: ping: %w", refused), true},
		{"cut mid-answer", fmt.Errorf("read: %w", io.ErrUnexpectedEOF), true},
		{"admin shutdown", fmt.Errorf("q: %w", sqlStateErr("57P01")), true},
		{"starting up", sqlStateErr("57P03"), true},
		{"connection failure", sqlStateErr("08006"), true},
		{"too many connections", sqlStateErr("53300"), true},
		{"unique violation", sqlStateErr("23505"), false},
		{"syntax error", sqlStateErr("42601"), false},
		{"not found", store.ErrNotFound, false},
		{"bad cursor", store.ErrBadCursor, false},
		{"cancelled", context.Canceled, false},
		{"plain", errors.New("sql: database is closed"), false},
	} {
		if got := store.IsUnavailable(c.err); got != c.want {
			t.Errorf("%s: IsUnavailable(%v) = %v, want %v", c.name, c.err, got, c.want)
		}
	}
}
