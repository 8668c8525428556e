package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
)

//go:embed templates
var templateFS embed.FS

// pageSet holds one template per page, each parsed together with the
// shared layout and partials so pages can define the same block names.
type pageSet struct {
	byName map[string]*template.Template
}

func loadPages(assets *assetSet) (*pageSet, error) {
	funcs := template.FuncMap{
		"asset":  assets.path,
		"plural": plural,
	}
	base, err := template.New("layout").Funcs(funcs).ParseFS(templateFS,
		"templates/layout.html", "templates/partials/*.html")
	if err != nil {
		return nil, fmt.Errorf("web: parse layout: %w", err)
	}
	files, err := fs.Glob(templateFS, "templates/pages/*.html")
	if err != nil {
		return nil, fmt.Errorf("web: list pages: %w", err)
	}
	set := &pageSet{byName: map[string]*template.Template{}}
	for _, f := range files {
		t, err := base.Clone()
		if err != nil {
			return nil, fmt.Errorf("web: clone layout: %w", err)
		}
		if _, err := t.ParseFS(templateFS, f); err != nil {
			return nil, fmt.Errorf("web: parse %s: %w", f, err)
		}
		set.byName[strings.TrimSuffix(path.Base(f), ".html")] = t
	}
	return set, nil
}

// plural words a count: "1 result", "3 results".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// view is what every page template receives: the frame shared by all
// pages (header, navigation, footer) and the page's own data.
type view struct {
	Frame frame
	Page  any
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// render executes a page into memory first, so a template failure turns
// into a clean 500 instead of half a page.
func (s *server) render(w http.ResponseWriter, r *http.Request, status int, name string, v view) error {
	t, ok := s.pages.byName[name]
	if !ok {
		return fmt.Errorf("web: no page template %q", name)
	}
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf)
	if err := t.ExecuteTemplate(buf, "layout", v); err != nil {
		return fmt.Errorf("web: render %s: %w", name, err)
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(buf.Bytes())
	}
	return nil
}

// errorPage is the data of the error template.
type errorPage struct {
	Status  int
	Heading string
	Message string
}

// renderError shows an error inside the site's frame. The frame is built
// without the database when it cannot be read, so even a failing store
// gets a proper page.
func (s *server) renderError(w http.ResponseWriter, r *http.Request, status int, msg string) {
	heading := map[int]string{
		http.StatusBadRequest:       "That request did not make sense",
		http.StatusForbidden:        "Request refused",
		http.StatusNotFound:         "Page not found",
		http.StatusMethodNotAllowed: "Request not accepted",
		http.StatusTooManyRequests:  "Slow down a little",
	}[status]
	if heading == "" {
		heading = "Something went wrong"
	}
	fr := s.frame(r, "", heading)
	err := s.render(w, r, status, "error", view{Frame: fr, Page: errorPage{status, heading, msg}})
	if err != nil {
		s.log.Error("web: render error page", "err", err)
		http.Error(w, http.StatusText(status), status)
	}
}
