package web

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/internal/site"
	"github.com/newsdesk/newsdesk/internal/store/storetest"
)

func TestRecoverPanics_LoggedFramed500(t *testing.T) {
	var logs bytes.Buffer
	s, err := newServer(Options{
		Site:   site.Defaults(),
		Store:  storetest.NewSQLiteCopy(t),
		Logger: slog.New(slog.NewTextHandler(&logs, nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	h := s.withMiddleware(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		panic("secret internal detail")
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	if rec.Code != http.StatusInternalServerError {
		t.Errorf("status = %d, want 500", rec.Code)
	}
	body := rec.Body.String()
	if strings.Contains(body, "secret internal detail") || !strings.Contains(body, "Something went wrong") {
		t.Errorf("500 page = %q", body)
	}
	if rec.Header().Get("Content-Security-Policy") == "" {
		t.Error("500 page lacks security headers")
	}
	if !strings.Contains(logs.String(), "secret internal detail") {
		t.Errorf("panic not logged: %q", logs.String())
	}
}
