package web

import (
	"errors"
	"net/http"
	"runtime/debug"
)

// contentSecurityPolicy lets pages run only our own scripts and styles.
// Lead images stay on their publishers' servers, so images may come from
// anywhere over http(s); nothing else leaves the site.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; " +
	"img-src 'self' https: http: data:; font-src 'self'; connect-src 'self'; " +
	"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// withMiddleware wraps the routes: panics become a logged 500 page,
// responses get ETags, Cache-Control and gzip (httpcache.go), every
// response carries the security headers, and cross-origin
// state-changing requests are refused before they reach a handler.
func (s *server) withMiddleware(mux http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, &httpError{http.StatusForbidden, "This request came from another site and was refused."})
	}))
	// httpCache sits inside recoverPanics: a panic drops what it held,
	// and the 500 page goes out clean. The render cache, when on, stands
	// in front of httpCache and keeps what it made (rendercache.go).
	h := s.httpCache(securityHeaders(cop.Handler(mux)))
	if s.rc != nil {
		h = s.renderCached(h)
	}
	return s.recoverPanics(h)
}

// securityHeaders sets the headers every response carries.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		// Older browsers ignore frame-ancestors; this says the same to them.
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

// recoverPanics turns a panicking handler into a logged 500 so one bad
// page never takes the server down or shows a stack trace to a reader.
func (s *server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if err, ok := v.(error); ok && errors.Is(err, http.ErrAbortHandler) {
				panic(v) // the server's own signal to drop the connection
			}
			s.log.Error("web: panic serving request", "method", r.Method, "path", r.URL.Path,
				"panic", v, "stack", string(debug.Stack()))
			s.fail(w, r, errors.New("panic"))
		}()
		next.ServeHTTP(w, r)
	})
}
