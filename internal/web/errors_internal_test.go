package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
)

// A store call cut short because the reader disconnected is not a server
// failure: it must not be logged as an error (a load test or a busy day
// would fill the log), while a real failure still is.
func TestFail_ClientGoneIsNotAnError(t *testing.T) {
	var logged bytes.Buffer
	s := &server{log: slog.New(slog.NewTextHandler(&logged, &slog.HandlerOptions{Level: slog.LevelInfo}))}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := httptest.NewRequest(http.MethodGet, "/api/v1/articles", nil).WithContext(ctx)
	s.fail(httptest.NewRecorder(), r, fmt.Errorf("sqlite: list articles: %w", context.Canceled))
	if logged.Len() != 0 {
		t.Fatalf("a disconnected client was logged: %s", logged.String())
	}

	r = httptest.NewRequest(http.MethodGet, "/api/v1/articles", nil)
	w := httptest.NewRecorder()
	s.fail(w, r, errors.New("disk on fire"))
	if w.Code != http.StatusInternalServerError || !bytes.Contains(logged.Bytes(), []byte("disk on fire")) {
		t.Fatalf("a real failure: status %d, log %q", w.Code, logged.String())
	}

	// A cancellation that is not the request's own (a timeout inside the
	// handler while the client still waits) is a failure.
	logged.Reset()
	r = httptest.NewRequest(http.MethodGet, "/api/v1/articles", nil)
	s.fail(httptest.NewRecorder(), r, fmt.Errorf("query: %w", context.DeadlineExceeded))
	if logged.Len() == 0 {
		t.Fatal("an internal timeout with the client still there was not logged")
	}
}
