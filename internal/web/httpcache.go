package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// HTTP caching and compression, applied once to every response by
// httpCache rather than by each handler.
//
// Responses in a text format (HTML, CSS, JS, JSON, XML, feeds, SVG) are
// held in memory until the handler returns; pages, feeds and JSON are
// already rendered into a buffer before the first byte is written, so
// this costs one copy. Then:
//
//   - A 200 to GET or HEAD that is public (no Set-Cookie, no "private"
//     or "no-store" from the handler, not the admin area) gets a strong
//     ETag, a hash of its body, and If-None-Match is answered with 304.
//   - A response without its own Cache-Control gets one for its kind
//     (page, feed, API, 404, permanent redirect); anything else, errors
//     included, is "no-store".
//   - A body of minGzip bytes or more is compressed with brotli or gzip,
//     whichever the client weighs higher (brotli on a tie). The
//     compressed bytes are another representation, so their strong ETag
//     is the identity one with "-br" or "-gz" added (RFC 9110 section
//     8.8.3), and If-None-Match is compared with the tag of the
//     representation this request would get. Responses compressed here,
//     per request, use moderate levels; the render cache
//     (rendercache.go) compresses its entries once, harder.
//
// Other responses (images, ranges, a handler's own ETag, a 304) pass
// through untouched, as does a body larger than maxBuffered, which is
// streamed once it outgrows the buffer.
//
// Per-response data: article pages carry the comment form's token, a
// signed random nonce and issue time that differs on every view, so a
// plain body hash would never match. The token holds nothing about the
// reader and the comment store is built for readers sharing one (two
// comments posted with the same token are told apart by their contents),
// so a cached page may keep its token: the handler registers the token
// with markVolatile and the hash covers the body with every registered
// string left out. A 304 hands the reader back the token of their cached
// copy, so to keep that token well inside its 24-hour life the hash of a
// page with volatile parts also covers the hour it is served in: the tag
// changes every hour and a revalidated token is never more than an hour
// old. Public pages carry no CSP nonce (the admin area does, and is never
// tagged).

// Cache-Control of each kind of response, unless the handler set one.
// Pages and the API change when an article or comment arrives. A shared
// cache (a CDN) keeps them a minute (the API half of that), may serve
// them a few minutes stale while it revalidates, or a day stale while
// this server is down. A browser asks again on every visit (max-age=0):
// the ETag makes that a small 304, and a reader following a link to the
// front page, or an editor to the article just published, never gets a
// copy from a minute ago. Feed readers poll every quarter of an hour at
// best, so feeds may be kept five minutes anywhere.
const (
	cachePage     = "public, max-age=0, s-maxage=60, stale-while-revalidate=300, stale-if-error=86400"
	cacheFeed     = "public, max-age=300, stale-while-revalidate=600, stale-if-error=86400"
	cacheAPI      = "public, max-age=0, s-maxage=30, stale-while-revalidate=60"
	cacheNotFound = "public, max-age=30"
	cacheRedirect = "public, max-age=3600"
	cacheNone     = "no-store"
)

const (
	// minGzip is the smallest body worth compressing: below about a
	// kilobyte the gzip header and a packet's worth of savings cancel out.
	minGzip = 1024
	// maxBuffered bounds the memory one response may hold; a larger one
	// is streamed as it is, without ETag or compression.
	maxBuffered = 4 << 20
	// volatileWindow is how long a page's tag stays the same when it
	// has per-response parts (see above).
	volatileWindow = time.Hour
	// volatileMark stands for a volatile string in the hashed body.
	volatileMark = "\x00volatile\x00"
)

var cacheBufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// volatileKey is the context key of the response's cacheWriter.
type volatileKey struct{}

// markVolatile records a string of the response body that is different
// on every response (the comment form's token), so the ETag ignores it.
// It does nothing outside httpCache.
func markVolatile(ctx context.Context, s string) {
	if cw, ok := ctx.Value(volatileKey{}).(*cacheWriter); ok && s != "" {
		cw.volatile = append(cw.volatile, s)
	}
}

// httpCache is the middleware described at the top of this file.
func (s *server) httpCache(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cw := &cacheWriter{w: w, r: r, now: s.now, head: r.Method == http.MethodHead}
		inner := r.WithContext(context.WithValue(r.Context(), volatileKey{}, cw))
		if cw.head {
			// The handler renders the body it would send to a GET, so
			// the ETag and length of HEAD are those of GET.
			inner.Method = http.MethodGet
		}
		defer cw.release()
		next.ServeHTTP(cw, inner)
		cw.finish()
	})
}

// cacheWriter holds a text response until the handler is done.
type cacheWriter struct {
	w    http.ResponseWriter
	r    *http.Request
	now  func() time.Time
	head bool

	status      int
	wroteHeader bool
	buf         *bytes.Buffer // nil unless the response is held
	volatile    []string
}

func (cw *cacheWriter) Header() http.Header { return cw.w.Header() }

// Unwrap lets http.ResponseController reach the connection's writer.
func (cw *cacheWriter) Unwrap() http.ResponseWriter { return cw.w }

func (cw *cacheWriter) WriteHeader(status int) {
	if cw.wroteHeader {
		return
	}
	if status < 200 {
		cw.w.WriteHeader(status) // informational: not the response yet
		return
	}
	cw.wroteHeader, cw.status = true, status
	h := cw.w.Header()
	if compressible(h.Get("Content-Type")) && h.Get("ETag") == "" && h.Get("Content-Encoding") == "" &&
		status != http.StatusPartialContent && status != http.StatusNotModified && status != http.StatusNoContent {
		cw.buf = cacheBufPool.Get().(*bytes.Buffer)
		cw.buf.Reset()
		return
	}
	cw.setCacheControl(false)
	cw.w.WriteHeader(status)
}

func (cw *cacheWriter) Write(p []byte) (int, error) {
	if !cw.wroteHeader {
		if cw.w.Header().Get("Content-Type") == "" {
			cw.w.Header().Set("Content-Type", http.DetectContentType(p))
		}
		cw.WriteHeader(http.StatusOK)
	}
	if cw.buf == nil {
		if cw.head {
			return len(p), nil
		}
		return cw.w.Write(p)
	}
	if cw.buf.Len()+len(p) > maxBuffered {
		cw.spill()
		return cw.Write(p)
	}
	return cw.buf.Write(p)
}

// Flush sends what is held and streams the rest: a handler that flushes
// wants its bytes on the wire now.
func (cw *cacheWriter) Flush() {
	if !cw.wroteHeader {
		cw.WriteHeader(http.StatusOK)
	}
	cw.spill()
	if f, ok := cw.w.(http.Flusher); ok {
		f.Flush()
	}
}

// spill gives up holding the response: headers and held bytes go out
// as they are, without ETag or compression.
func (cw *cacheWriter) spill() {
	if cw.buf == nil {
		return
	}
	buf := cw.buf
	cw.buf = nil
	defer cacheBufPool.Put(buf)
	cw.w.Header().Del("Content-Length")
	cw.setCacheControl(false)
	cw.w.WriteHeader(cw.status)
	if !cw.head {
		cw.w.Write(buf.Bytes())
	}
}

func (cw *cacheWriter) release() {
	if cw.buf != nil && cw.buf.Cap() <= maxBuffered {
		cacheBufPool.Put(cw.buf)
	}
	cw.buf = nil
}

// finish sends a held response once the handler has returned.
func (cw *cacheWriter) finish() {
	if !cw.wroteHeader {
		cw.WriteHeader(http.StatusOK)
	}
	if cw.buf == nil {
		return
	}
	h := cw.w.Header()
	body := cw.buf.Bytes()
	tagged := cw.setCacheControl(true)
	addVary(h, "Accept-Encoding")
	enc := ""
	if len(body) >= minGzip {
		enc = chooseEncoding(cw.r.Header.Values("Accept-Encoding"), true)
	}
	if tagged {
		etag := `"` + cw.bodyTag(body) + encSuffix(enc) + `"`
		h.Set("ETag", etag)
		if noneMatch(cw.r.Header.Values("If-None-Match"), etag) {
			for _, k := range []string{"Content-Type", "Content-Length", "Content-Encoding"} {
				h.Del(k)
			}
			cw.w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	if enc != "" {
		zipped := cacheBufPool.Get().(*bytes.Buffer)
		zipped.Reset()
		defer cacheBufPool.Put(zipped)
		compress(zipped, body, enc, false)
		body = zipped.Bytes()
		h.Set("Content-Encoding", enc)
		h.Del("Accept-Ranges") // ranges would count the identity bytes
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	cw.w.WriteHeader(cw.status)
	if !cw.head {
		cw.w.Write(body)
	}
}

// setCacheControl gives the response the Cache-Control of its kind when
// the handler set none, and reports whether it may carry an ETag (held
// is whether the caller can compute one).
func (cw *cacheWriter) setCacheControl(held bool) (taggable bool) {
	h := cw.w.Header()
	get := cw.r.Method == http.MethodGet || cw.r.Method == http.MethodHead
	p := cw.r.URL.Path
	private := p == "/admin" || strings.HasPrefix(p, "/admin/") || h.Get("Set-Cookie") != ""
	cc := h.Get("Cache-Control")
	if cc == "" {
		cc = cacheNone
		if get && !private {
			switch cw.status {
			case http.StatusOK:
				cc = cachePage
				if strings.HasPrefix(p, "/api/") {
					cc = cacheAPI
				} else if isFeed(h.Get("Content-Type")) {
					cc = cacheFeed
				}
			case http.StatusNotFound, http.StatusGone:
				cc = cacheNotFound
			case http.StatusMovedPermanently, http.StatusPermanentRedirect:
				cc = cacheRedirect
			}
		}
		h.Set("Cache-Control", cc)
	}
	lc := strings.ToLower(cc)
	return held && get && !private && cw.status == http.StatusOK &&
		!strings.Contains(lc, "no-store") && !strings.Contains(lc, "private")
}

// bodyTag hashes the body with its volatile strings left out; the tag
// of a body that has some also names the hour (see the top of the file).
func (cw *cacheWriter) bodyTag(body []byte) string {
	sum := sha256.New()
	if len(cw.volatile) == 0 {
		sum.Write(body)
	} else {
		for _, v := range cw.volatile {
			body = bytes.ReplaceAll(body, []byte(v), []byte(volatileMark))
		}
		sum.Write(body)
		var window [8]byte
		binary.BigEndian.PutUint64(window[:], uint64(cw.now().UnixNano()/int64(volatileWindow)))
		sum.Write(window[:])
	}
	return hex.EncodeToString(sum.Sum(nil)[:16])
}

// compressible reports whether a content type is text worth holding,
// tagging and compressing.
func compressible(contentType string) bool {
	t, _, _ := strings.Cut(contentType, ";")
	t = strings.ToLower(strings.TrimSpace(t))
	switch {
	case strings.HasPrefix(t, "text/"):
		return true
	case t == "application/json", t == "application/javascript", t == "application/xml",
		t == "image/svg+xml", t == "application/manifest+json":
		return true
	}
	return strings.HasSuffix(t, "+xml") || strings.HasSuffix(t, "+json")
}

// isFeed reports whether a content type is RSS, Atom or JSON Feed.
func isFeed(contentType string) bool {
	t, _, _ := strings.Cut(contentType, ";")
	t = strings.ToLower(strings.TrimSpace(t))
	return t == "application/rss+xml" || t == "application/atom+xml" || t == "application/feed+json"
}

// addVary adds a field name to Vary unless it is there already.
func addVary(h http.Header, name string) {
	for _, v := range h.Values("Vary") {
		for _, f := range strings.Split(v, ",") {
			if f = strings.TrimSpace(f); f == "*" || strings.EqualFold(f, name) {
				return
			}
		}
	}
	h.Add("Vary", name)
}
