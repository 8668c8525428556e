package store

import (
	"errors"
	"io"
	"net"
	"strings"
	"syscall"
)

// ErrUnavailable marks a failure to reach the database at all (refused
// or reset connections, a server shutting down or restarting), as
// opposed to a query that failed. Callers answer it with "try again
// shortly" (HTTP 503 with Retry-After), never as a bug: the request was
// fine and the same one succeeds once the database is back.
var ErrUnavailable = errors.New("store: database unavailable")

// IsUnavailable reports whether err says the database could not be
// reached, whichever backend returned it. It is the one place that
// classifies: ErrUnavailable itself; network failures on the way to the
// server (refused, reset, broken pipe, unreachable, timed out dialling
// or reading); a connection that ended in the middle of an answer or
// that an earlier failure closed (pgx's "conn closed"); and
// the SQLSTATEs a PostgreSQL server sends while it cannot serve:
// class 08 (connection exception), 57P01–57P03 (shut down by the
// administrator, crashed, starting up) and 53300 (too many
// connections). Query errors (syntax, constraints, a missing row), a
// cancelled request and a closed store are not unavailability.
func IsUnavailable(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, ErrUnavailable) || errors.Is(err, io.ErrUnexpectedEOF) {
		return true
	}
	for _, errno := range []syscall.Errno{syscall.ECONNREFUSED, syscall.ECONNRESET, syscall.ECONNABORTED,
		syscall.EPIPE, syscall.EHOSTUNREACH, syscall.ENETUNREACH, syscall.ETIMEDOUT} {
		if errors.Is(err, errno) {
			return true
		}
	}
	if connClosed(err) {
		return true
	}
	var op *net.OpError
	if errors.As(err, &op) {
		// Dialling, reading from or writing to the database server.
		return true
	}
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return true
	}
	// pgx's server errors carry their SQLSTATE; reading it through this
	// method keeps the driver out of the backend-neutral package.
	var coded interface{ SQLState() string }
	if errors.As(err, &coded) {
		code := coded.SQLState()
		return strings.HasPrefix(code, "08") || code == "57P01" || code == "57P02" || code == "57P03" || code == "53300"
	}
	return false
}

// connClosed finds pgx's pgconn.ErrConnClosed ("conn closed": a pooled
// connection that died under an earlier query, which the pool drops
// after this failure) in err's chain. It is matched by its text to keep
// the driver out of this package; a test in internal/store/postgres
// pins the text against the driver's own value.
func connClosed(err error) bool {
	for err != nil {
		if err.Error() == "conn closed" {
			return true
		}
		if multi, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range multi.Unwrap() {
				if connClosed(e) {
					return true
				}
			}
			return false
		}
		err = errors.Unwrap(err)
	}
	return false
}
