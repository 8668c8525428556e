package admin_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime/metrics"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/newsdesk/newsdesk/internal/admin"
	"github.com/newsdesk/newsdesk/internal/auth"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/site"
	"github.com/newsdesk/newsdesk/internal/store"
	"github.com/newsdesk/newsdesk/internal/store/storetest"
)

// benchSite is the admin handler over a real SQLite store and a real
// auth.Manager with the production hashing parameters, called directly
// (no loopback connection) so the figures are the handler's own.
type benchSite struct {
	b   *testing.B
	h   http.Handler
	st  store.Store
	mgr *auth.Manager
}

// newBenchSite builds the admin area. The throttle allows a million
// failures per key so the wrong-password benchmark measures refusals,
// not locks; every other option is the production default, including
// MaxConcurrentHashes when maxHashes is 0.
func newBenchSite(b *testing.B, maxHashes int) *benchSite {
	b.Helper()
	st := storetest.NewSQLiteCopy(b)
	mgr, err := auth.NewManager(st, auth.Options{MaxConcurrentHashes: maxHashes,
		Throttle: auth.ThrottleOptions{MaxFailures: 1_000_000}})
	if err != nil {
		b.Fatal(err)
	}
	h, err := admin.New(admin.Options{
		Store: st, Auth: mgr,
		Site: site.Settings{Name: "The Harbor Gazette", Location: time.UTC, BaseURL: "https://news.example.org"},
		ArticlePath: func(a model.Article) string {
			return "/" + a.PublishedAt.Format("2006/01/02") + "/" + a.Slug + "/"
		},
	})
	if err != nil {
		b.Fatal(err)
	}
	return &benchSite{b: b, h: h, st: st, mgr: mgr}
}

// serve runs one request through the handler from clientIP, with the
// session cookie c when it is not nil.
func (s *benchSite) serve(req *http.Request, clientIP string, c *http.Cookie) *httptest.ResponseRecorder {
	req.RemoteAddr = clientIP + ":40000"
	if c != nil {
		req.AddCookie(c)
	}
	w := httptest.NewRecorder()
	s.h.ServeHTTP(w, req)
	return w
}

func loginPost(email, password string) *http.Request {
	req := httptest.NewRequest(http.MethodPost, "/admin/login",
		strings.NewReader(url.Values{"email": {email}, "password": {password}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return req
}

// signIn signs email in through the login form and returns the session
// cookie.
func (s *benchSite) signIn(email, password string) *http.Cookie {
	s.b.Helper()
	w := s.serve(loginPost(email, password), "192.0.2.1", nil)
	if w.Code != http.StatusSeeOther {
		s.b.Fatalf("sign-in: status %d", w.Code)
	}
	for _, c := range w.Result().Cookies() {
		if c.Name == auth.SessionCookieName && c.Value != "" {
			return &http.Cookie{Name: c.Name, Value: c.Value}
		}
	}
	s.b.Fatal("sign-in set no session cookie")
	return nil
}

// csrf reads the form token of c's session from the dashboard.
func (s *benchSite) csrf(c *http.Cookie) string {
	s.b.Helper()
	w := s.serve(httptest.NewRequest(http.MethodGet, "/admin/", nil), "192.0.2.1", c)
	if w.Code != http.StatusOK {
		s.b.Fatalf("dashboard: status %d", w.Code)
	}
	doc, err := goquery.NewDocumentFromReader(w.Body)
	if err != nil {
		s.b.Fatal(err)
	}
	v, ok := doc.Find(`input[name="csrf"]`).Attr("value")
	if !ok || v == "" {
		s.b.Fatal("no csrf field on the dashboard")
	}
	return v
}

// clientIP is a distinct documentation address for each i, so no one
// client address gathers every failure.
func clientIP(i int) string {
	return fmt.Sprintf("198.51.%d.%d", (i/250)%250, i%250+1)
}

// BenchmarkSignIn compares a sign-in (an argon2id hash with m=19 MiB,
// t=2, p=1, then a new session) with the login page (the reference) and
// a signed-in page view, all through the admin handler.
//
//	go test ./internal/admin -run '^$' -bench SignIn -benchtime 2s -count 3
func BenchmarkSignIn(b *testing.B) {
	s := newBenchSite(b, 0)
	const email = "ed@newsroom.example"
	if _, err := s.mgr.CreateUser(b.Context(), email, "Ed Itor", model.RoleEditor, password); err != nil {
		b.Fatal(err)
	}
	// Wrong passwords go to accounts of their own, as a guesser's would
	// spread, and to existing ones (an unknown email costs the same hash).
	const wrongAccounts = 8
	for i := range wrongAccounts {
		if _, err := s.mgr.CreateUser(b.Context(), fmt.Sprintf("writer%d@newsroom.example", i), "Writer",
			model.RoleAuthor, password); err != nil {
			b.Fatal(err)
		}
	}
	session := s.signIn(email, password)

	b.Run("LoginPage", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if w := s.serve(httptest.NewRequest(http.MethodGet, "/admin/login", nil), "192.0.2.1", nil); w.Code != http.StatusOK {
				b.Fatalf("login page: status %d", w.Code)
			}
		}
	})
	b.Run("SignIn", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if w := s.serve(loginPost(email, password), "192.0.2.1", nil); w.Code != http.StatusSeeOther {
				b.Fatalf("sign-in: status %d", w.Code)
			}
		}
	})
	b.Run("WrongPassword", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			req := loginPost(fmt.Sprintf("writer%d@newsroom.example", i%wrongAccounts), "not the password at all")
			if w := s.serve(req, clientIP(i), nil); w.Code != http.StatusUnauthorized {
				b.Fatalf("wrong password: status %d", w.Code)
			}
			i++
		}
	})
	b.Run("Dashboard", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if w := s.serve(httptest.NewRequest(http.MethodGet, "/admin/", nil), "192.0.2.1", session); w.Code != http.StatusOK {
				b.Fatalf("dashboard: status %d", w.Code)
			}
		}
	})
}

// BenchmarkSignInParallel signs in from many goroutines at once (8 per
// core) to show the ceiling MaxConcurrentHashes sets: past it sign-ins
// queue for a hashing slot, so throughput is that of the slots and the
// memory hashing holds is at most 19 MiB per slot. "signins/s" is the
// throughput, "MiB-peak-heap" the largest heap sampled meanwhile (live
// objects and garbage not yet collected). 16 slots stand for a server
// without the bound: every waiting sign-in hashes at once.
//
//	go test ./internal/admin -run '^$' -bench SignInParallel -benchtime 3s -count 3
func BenchmarkSignInParallel(b *testing.B) {
	for _, slots := range []int{1, 0, 16} {
		name := fmt.Sprintf("MaxConcurrentHashes=%d", slots)
		if slots == 0 {
			name = "MaxConcurrentHashes=default"
		}
		b.Run(name, func(b *testing.B) {
			s := newBenchSite(b, slots)
			const email = "ed@newsroom.example"
			if _, err := s.mgr.CreateUser(b.Context(), email, "Ed Itor", model.RoleEditor, password); err != nil {
				b.Fatal(err)
			}
			var failed atomic.Int64
			b.ReportAllocs()
			b.SetParallelism(8)
			peak := sampleHeap()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if w := s.serve(loginPost(email, password), "192.0.2.1", nil); w.Code != http.StatusSeeOther {
						failed.Add(1)
					}
				}
			})
			elapsed := b.Elapsed()
			b.ReportMetric(float64(peak())/(1<<20), "MiB-peak-heap")
			if n := failed.Load(); n > 0 {
				b.Fatalf("%d sign-ins failed", n)
			}
			b.ReportMetric(float64(b.N)/elapsed.Seconds(), "signins/s")
		})
	}
}

// sampleHeap samples the heap's size every millisecond until the
// function it returns is called, which returns the largest sample.
func sampleHeap() func() uint64 {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	stop, done := make(chan struct{}), make(chan uint64)
	go func() {
		var peak uint64
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(sample)
			peak = max(peak, sample[0].Value.Uint64())
			select {
			case <-stop:
				done <- peak
				return
			case <-tick.C:
			}
		}
	}()
	return func() uint64 {
		close(stop)
		return <-done
	}
}
