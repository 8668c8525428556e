package demo

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"log/slog"
	"net/http"
	"strings"
	"time"
)

// route renders one fixed path (a home page or a feed) for a base URL.
type route struct {
	contentType string
	render      func(base string) ([]byte, error)
}

func (w *World) buildRoutes() map[string]route {
	routes := map[string]route{
		"/": {"text/html; charset=utf-8", w.indexHTML},
	}
	for _, o := range w.outlets {
		routes[o.HomePath] = route{"text/html; charset=utf-8", func(base string) ([]byte, error) { return w.homeHTML(o, base) }}
		routes[o.feedURLPath()] = route{o.feedMIME(), func(base string) ([]byte, error) { return w.feed(o, base) }}
	}
	return routes
}

// feed renders an outlet's feed in its own format.
func (w *World) feed(o outletSpec, base string) ([]byte, error) {
	switch o.Format {
	case "atom":
		return w.atomFeedDoc(o, base)
	case "json":
		return w.jsonFeed(o, base)
	default:
		return w.rssFeed(o, base)
	}
}

// Handler serves the world: "/" lists the outlets; "/{outlet}/" is a home
// page; feeds, article pages and "/images/{id}.png" follow. Absolute URLs
// are built from the request's Host, so the world works on any port.
func (w *World) Handler() http.Handler { return http.HandlerFunc(w.serve) }

func (w *World) serve(rw http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		rw.Header().Set("Allow", "GET, HEAD")
		http.Error(rw, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	base := baseURL(r)
	p := r.URL.Path
	if name, ok := strings.CutPrefix(p, "/images/"); ok {
		w.serveImage(rw, r, name)
		return
	}
	if rt, ok := w.routes[p]; ok {
		w.serveRendered(rw, r, rt.contentType, w.lastUpdate(outletOf(p)), func() ([]byte, error) { return rt.render(base) })
		return
	}
	if i, ok := w.byPath[p]; ok {
		w.serveRendered(rw, r, "text/html; charset=utf-8", w.articles[i].Published, func() ([]byte, error) { return w.articleHTML(i, base) })
		return
	}
	if _, ok := w.routes[p+"/"]; ok && p != "" {
		http.Redirect(rw, r, p+"/", http.StatusMovedPermanently)
		return
	}
	http.NotFound(rw, r)
}

func (w *World) serveImage(rw http.ResponseWriter, r *http.Request, name string) {
	i, ok := w.byImage[name]
	if !ok {
		http.NotFound(rw, r)
		return
	}
	body, err := w.imageBytes(i)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	rw.Header().Set("Content-Type", "image/png")
	rw.Header().Set("Cache-Control", "public, max-age=86400")
	w.send(rw, r, w.articles[i].Published, body)
}

func (w *World) serveRendered(rw http.ResponseWriter, r *http.Request, ctype string, mod time.Time, render func() ([]byte, error)) {
	body, err := render()
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	rw.Header().Set("Content-Type", ctype)
	rw.Header().Set("Cache-Control", "public, max-age=300")
	w.send(rw, r, mod, body)
}

// send answers with body, honouring conditional requests through its
// ETag and Last-Modified, as a well-behaved publisher does.
func (w *World) send(rw http.ResponseWriter, r *http.Request, mod time.Time, body []byte) {
	h := fnv.New64a()
	h.Write(body)
	rw.Header().Set("ETag", fmt.Sprintf(`"%x"`, h.Sum64()))
	http.ServeContent(rw, r, "", mod, bytes.NewReader(body))
}

func (w *World) fail(rw http.ResponseWriter, r *http.Request, err error) {
	slog.ErrorContext(r.Context(), "demo world: render failed", "path", r.URL.Path, "error", err)
	http.Error(rw, "internal error", http.StatusInternalServerError)
}

// baseURL is the scheme and host the request reached the world at.
func baseURL(r *http.Request) string {
	host := r.Host
	if host == "" {
		host = "localhost"
	}
	return "http://" + host
}

// outletOf returns the outlet slug a path starts with ("" for "/").
func outletOf(p string) string {
	slug, _, _ := strings.Cut(strings.TrimPrefix(p, "/"), "/")
	return slug
}
