package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/newsdesk/newsdesk/internal/store"
)

// httpError is a failure a reader should hear about: its message is
// written for them and shown as is. Any other error is an internal one,
// logged in full and answered with a bare 500.
type httpError struct {
	status int
	msg    string
}

func (e *httpError) Error() string { return e.msg }

var errNotFound = &httpError{http.StatusNotFound, "We could not find that page."}

// badRequest reports a client mistake with a message for the reader.
func badRequest(format string, args ...any) error {
	return &httpError{http.StatusBadRequest, fmt.Sprintf(format, args...)}
}

// classify maps an error to the status and the message readers see.
// Store errors callers branch on become 4xx; anything unknown is a 500
// whose details stay in the log.
func classify(err error) (int, string) {
	var he *httpError
	switch {
	case errors.As(err, &he):
		return he.status, he.msg
	case errors.Is(err, store.ErrNotFound):
		return errNotFound.status, errNotFound.msg
	case errors.Is(err, store.ErrBadCursor):
		return http.StatusBadRequest, "That page link is not valid; start again from the first page."
	}
	if status, msg, ok := classifyUnavailable(err); ok {
		return status, msg
	}
	return http.StatusInternalServerError, "Something went wrong on our side. Please try again in a moment."
}

// isAPI reports whether a request belongs to the JSON API, so that even
// its 404s answer in JSON.
func isAPI(r *http.Request) bool {
	return strings.HasPrefix(r.URL.Path, "/api/")
}

// page adapts a page handler that returns an error.
func (s *server) page(h func(http.ResponseWriter, *http.Request) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.fail(w, r, err)
		}
	}
}

// fail answers a failed request in the form the client expects.
func (s *server) fail(w http.ResponseWriter, r *http.Request, err error) {
	if clientGone(r, err) {
		// The reader closed the connection (a tab closed, a load tester
		// stopping): nothing failed on our side and nobody is left to
		// read an answer.
		s.log.Debug("web: client went away", "method", r.Method, "path", r.URL.Path)
		return
	}
	status, msg := classify(err)
	if status == http.StatusServiceUnavailable {
		// The database is away (health.go): say when to come back, and
		// log the outage once rather than every reader it turns away.
		w.Header().Set("Retry-After", strconv.Itoa(retryAfter))
		s.health.outage(err)
	} else if status >= 500 {
		s.log.Error("web: request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	if isAPI(r) {
		writeJSON(w, status, map[string]string{"error": apiMessage(err, status, msg)})
		return
	}
	s.renderError(w, r, status, msg)
}

// clientGone reports whether err is only the echo of the request's own
// context ending because the client disconnected.
func clientGone(r *http.Request, err error) bool {
	return r.Context().Err() != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded))
}

// apiMessage words an error for API clients: the messages written for
// them pass as they are, the ones written for readers become terse.
func apiMessage(err error, status int, msg string) string {
	var he *httpError
	switch {
	case status == http.StatusServiceUnavailable:
		return "database unavailable; retry shortly"
	case status >= 500:
		return "internal error"
	case errors.As(err, &he) && he != errNotFound:
		return msg
	case status == http.StatusNotFound:
		return "not found"
	case errors.Is(err, store.ErrBadCursor):
		return "invalid cursor"
	}
	return msg
}

// writeJSON writes v as the response body.
func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		body = []byte(`{"error":"internal error"}`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(append(body, '\n'))
}
