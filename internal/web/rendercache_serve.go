package web

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/newsdesk/newsdesk/internal/auth"
)

// renderCached is the render cache's middleware (rendercache.go), in
// front of httpCache: a hit is answered here; a miss runs the rest of the
// chain once for everyone asking, as a plain GET, and keeps the result
// when httpCache found it public. Any other method runs as usual, but
// its response waits until the watcher has read the change log, so the
// writes it made are gone from the cache before the client can ask
// again.
func (s *server) renderCached(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			sw := &syncWriter{ResponseWriter: w, sync: func() { s.watch.sync(r.Context()) }}
			next.ServeHTTP(sw, r)
			sw.before()
			return
		}
		s.watch.fresh()
		key, ok := cacheKey(r)
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		e, wait, lead := s.rc.begin(key)
		if e != nil {
			s.rc.metrics.hits.Add(1)
			serveEntry(w, r, e)
			return
		}
		if wait != nil {
			wait.waiters.Add(1)
			select {
			case <-wait.done:
			case <-r.Context().Done():
				return
			}
			if wait.entry != nil {
				serveEntry(w, r, wait.entry)
				return
			}
			next.ServeHTTP(w, r) // not kept: this reader's own answer
			return
		}
		ended := false
		defer func() {
			if !ended { // the fill panicked: release the waiters
				s.rc.end(key, lead, nil)
			}
		}()
		rec := s.fill(next, r)
		s.rc.metrics.fills.Add(1)
		kept := s.entryOf(key, rec)
		s.rc.end(key, lead, kept)
		ended = true
		if kept != nil {
			serveEntry(w, r, kept)
			return
		}
		rec.replay(w, r)
	})
}

// cacheKey is what a response is kept under: the path and the query with
// its parameters sorted, the same for GET and HEAD. Requests the cache
// leaves alone get ok=false: signed-in staff (their pages are theirs, and
// no reader must get them), requests with credentials (the reader APIs),
// searches (each is new, and the rate limiter stands in front of them),
// files with their own validators, and absurdly long addresses.
func cacheKey(r *http.Request) (string, bool) {
	p := r.URL.Path
	if r.Header.Get("Authorization") != "" || hasSession(r) {
		return "", false
	}
	for _, prefix := range []string{"/admin", "/search", "/api/v1/search", "/static/", "/media/",
		"/reader/", "/fever", "/accounts/", "/healthz", "/metrics"} {
		if strings.HasPrefix(p, prefix) {
			return "", false
		}
	}
	q := r.URL.RawQuery
	if q != "" {
		vals, err := url.ParseQuery(q)
		if err != nil {
			return "", false
		}
		q = vals.Encode() // sorted by key
	}
	key := p + "?" + q
	if len(key) > maxCacheKey {
		return "", false
	}
	return key, true
}

// hasSession reports whether the request carries a staff session cookie.
func hasSession(r *http.Request) bool {
	if len(r.Header["Cookie"]) == 0 {
		return false
	}
	for _, secure := range []bool{false, true} {
		if _, err := r.Cookie(auth.CookieName(secure)); err == nil {
			return true
		}
	}
	return false
}

// fill runs the chain for r as a GET that accepts only identity and
// asks for no validation, recording what it reads.
func (s *server) fill(next http.Handler, r *http.Request) *recorder {
	d := &deps{}
	fr := r.Clone(withDeps(r.Context(), d))
	fr.Method = http.MethodGet
	for _, k := range []string{"Accept-Encoding", "If-None-Match", "If-Modified-Since", "Range", "If-Range"} {
		fr.Header.Del(k)
	}
	rec := &recorder{header: http.Header{}, deps: d, started: s.now()}
	next.ServeHTTP(rec, fr)
	return rec
}

// entryOf makes an entry of a recorded response, or returns nil when it
// may not be kept.
func (s *server) entryOf(key string, rec *recorder) *rcEntry {
	h := rec.header
	if rec.status != http.StatusOK || h.Get("Set-Cookie") != "" || h.Get("Content-Encoding") != "" {
		return nil
	}
	etag := h.Get("ETag")
	if !strings.HasPrefix(etag, `"`) { // untagged by httpCache, or weak
		return nil
	}
	cc := strings.ToLower(h.Get("Cache-Control"))
	if cc == "" || strings.Contains(cc, "private") || strings.Contains(cc, "no-store") || strings.Contains(cc, "no-cache") {
		return nil
	}
	for _, v := range h.Values("Vary") {
		for _, f := range strings.Split(v, ",") {
			if f = strings.TrimSpace(f); f != "" && !strings.EqualFold(f, "Accept-Encoding") {
				return nil // varies by something the key does not hold
			}
		}
	}
	body := rec.body.Bytes()
	if int64(len(body)) > s.rc.budget/maxEntryShare {
		return nil
	}
	tags, lists := rec.deps.snapshot()
	e := &rcEntry{key: key, header: h.Clone(), body: bytes.Clone(body), etag: etag, tags: tags, lists: lists,
		expires: s.expiry(rec.started)}
	for _, k := range []string{"ETag", "Content-Length", "Last-Modified", "Date"} {
		e.header.Del(k)
	}
	addVary(e.header, "Accept-Encoding")
	if mod, ok := rec.deps.modTime(); ok {
		if lm, ok := s.watch.lastModified(mod, tags, lists); ok {
			e.lastMod, e.lmText = lm, lm.Format(http.TimeFormat)
		}
	}
	if len(body) >= minGzip {
		var buf bytes.Buffer
		compress(&buf, body, encGzip, true)
		e.gz = bytes.Clone(buf.Bytes())
		buf.Reset()
		compress(&buf, body, encBrotli, true)
		e.br = bytes.Clone(buf.Bytes())
	}
	e.size = int64(len(e.key)+len(e.body)+len(e.gz)+len(e.br)) + 512
	e.etagGz, e.etagBr = etag[:len(etag)-1]+`-gz"`, etag[:len(etag)-1]+`-br"`
	e.lenID = []string{strconv.Itoa(len(e.body))}
	e.lenGz, e.lenBr = []string{strconv.Itoa(len(e.gz))}, []string{strconv.Itoa(len(e.br))}
	return e
}

// expiry is when an entry filled at t goes: after the longest age, or at
// the next midnight of the site's time zone if that comes first, since
// every page's header shows today's date (and its footer the year).
func (s *server) expiry(t time.Time) time.Time {
	end := t.Add(s.rc.maxAge)
	loc := s.settings().Location
	if loc == nil {
		loc = time.UTC
	}
	local := t.In(loc)
	y, m, d := local.Date()
	if midnight := time.Date(y, m, d+1, 0, 0, 0, 0, local.Location()); midnight.Before(end) {
		return midnight
	}
	return end
}

// serveEntry answers r from e: 304 when the client's copy is current,
// else the representation it accepts best.
func serveEntry(w http.ResponseWriter, r *http.Request, e *rcEntry) {
	h := w.Header()
	for k, v := range e.header {
		h[k] = v
	}
	enc := ""
	if e.gz != nil {
		enc = chooseEncoding(r.Header.Values("Accept-Encoding"), true)
	}
	etag, body, length := e.etag, e.body, e.lenID
	switch enc {
	case encGzip:
		etag, body, length = e.etagGz, e.gz, e.lenGz
	case encBrotli:
		etag, body, length = e.etagBr, e.br, e.lenBr
	}
	h["Etag"] = []string{etag}
	if e.lmText != "" {
		h["Last-Modified"] = []string{e.lmText}
	}
	if notModified(r, etag, e.lastMod) {
		h.Del("Content-Type")
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if enc != "" {
		h["Content-Encoding"] = []string{enc}
	}
	h["Content-Length"] = length
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// notModified evaluates the request's validators: If-None-Match when
// there is one (RFC 9110 section 13.1.3: it takes precedence), else
// If-Modified-Since against a known Last-Modified.
func notModified(r *http.Request, etag string, lastMod time.Time) bool {
	if inm := r.Header.Values("If-None-Match"); len(inm) > 0 {
		return noneMatch(inm, etag)
	}
	ims := r.Header.Get("If-Modified-Since")
	if ims == "" || lastMod.IsZero() {
		return false
	}
	t, err := http.ParseTime(ims)
	return err == nil && !lastMod.After(t)
}

// recorder holds a fill's response.
type recorder struct {
	header  http.Header
	status  int
	body    bytes.Buffer
	deps    *deps
	started time.Time
}

func (rec *recorder) Header() http.Header { return rec.header }

func (rec *recorder) WriteHeader(status int) {
	if rec.status == 0 && status >= 200 {
		rec.status = status
	}
}

func (rec *recorder) Write(p []byte) (int, error) {
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	return rec.body.Write(p)
}

// replay sends a recorded response that could not be kept to the reader
// whose request made it, uncompressed.
func (rec *recorder) replay(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	for k, v := range rec.header {
		h[k] = v
	}
	status := rec.status
	if status == 0 {
		status = http.StatusOK
	}
	if status == http.StatusOK && h.Get("ETag") != "" && notModified(r, h.Get("ETag"), time.Time{}) {
		h.Del("Content-Type")
		h.Del("Content-Length")
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if status != http.StatusNotModified && status != http.StatusNoContent {
		h.Set("Content-Length", strconv.Itoa(rec.body.Len()))
	}
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(rec.body.Bytes())
	}
}

// syncWriter runs sync once, before the response's first byte.
type syncWriter struct {
	http.ResponseWriter
	sync   func()
	synced bool
}

func (sw *syncWriter) before() {
	if !sw.synced {
		sw.synced = true
		sw.sync()
	}
}

func (sw *syncWriter) WriteHeader(status int) {
	if status >= 200 {
		sw.before()
	}
	sw.ResponseWriter.WriteHeader(status)
}

func (sw *syncWriter) Write(p []byte) (int, error) {
	sw.before()
	return sw.ResponseWriter.Write(p)
}

func (sw *syncWriter) Flush() {
	sw.before()
	if f, ok := sw.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (sw *syncWriter) Unwrap() http.ResponseWriter { return sw.ResponseWriter }
