package admin

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/newsdesk/newsdesk/internal/comments"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

//go:embed templates static
var files embed.FS

// pageSet holds one template per page, each parsed with the layout.
type pageSet struct {
	byName map[string]*template.Template
}

func loadPages() (*pageSet, error) {
	funcs := template.FuncMap{
		"plural":     plural,
		"renderBody": comments.RenderBody,
		"statusName": statusName,
	}
	// Blocks more than one page uses (templates/partials) are parsed with
	// the layout, so every page can call them.
	base, err := template.New("layout").Funcs(funcs).ParseFS(files, "templates/layout.html", "templates/partials/*.html")
	if err != nil {
		return nil, fmt.Errorf("admin: parse layout: %w", err)
	}
	names, err := fs.Glob(files, "templates/pages/*.html")
	if err != nil {
		return nil, fmt.Errorf("admin: list pages: %w", err)
	}
	set := &pageSet{byName: map[string]*template.Template{}}
	for _, f := range names {
		t, err := base.Clone()
		if err != nil {
			return nil, fmt.Errorf("admin: clone layout: %w", err)
		}
		if _, err := t.ParseFS(files, f); err != nil {
			return nil, fmt.Errorf("admin: parse %s: %w", f, err)
		}
		set.byName[strings.TrimSuffix(path.Base(f), ".html")] = t
	}
	return set, nil
}

// staticTypes are the kinds of file the admin area's static folder
// serves; anything else there is not served.
var staticTypes = map[string]string{
	".css": "text/css; charset=utf-8",
	".js":  "text/javascript; charset=utf-8",
}

// serveStatic serves a file of the admin area's static folder (its
// stylesheet and scripts).
func serveStatic(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	ctype, ok := staticTypes[path.Ext(name)]
	if !ok || strings.ContainsAny(name, "/\\") {
		http.NotFound(w, r)
		return
	}
	b, err := files.ReadFile("static/" + name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	if r.Method != http.MethodHead {
		w.Write(b)
	}
}

// plural words a count: "1 comment", "3 comments".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// statusName is how pages name a status: "Pending", "Approved", "Spam",
// "Trash".
func statusName(st model.CommentStatus) string {
	switch st {
	case model.CommentPending:
		return "Pending"
	case model.CommentApproved:
		return "Approved"
	case model.CommentSpam:
		return "Spam"
	case model.CommentTrash:
		return "Trash"
	}
	return string(st)
}

// frame is what the layout shows around every page.
type frame struct {
	SiteName string
	Title    string
	User     *model.User // nil when nobody is signed in
	CSRF     string      // the signed-in session's form token
	Section  string      // the navigation entry of the page: "dashboard", "comments", "settings"...
	// Nonce is the response's script nonce: a page's <script> tags carry
	// it, or the Content-Security-Policy blocks them. Set by render.
	Nonce string
}

// frame returns the layout's data for a page of a signed-in request.
func (rq *request) frame(title, section string) frame {
	return frame{Title: title, User: &rq.user, CSRF: rq.csrf, Section: section}
}

// CanModerate, CanWrite, CanEdit and IsAdmin say which navigation
// entries to show.
func (f frame) CanModerate() bool { return f.User != nil && f.User.Role.CanModerate() }

// CanWrite reports whether the signed-in user writes articles.
func (f frame) CanWrite() bool { return f.User != nil && f.User.Role.CanWrite() }

// CanEdit reports whether the signed-in user edits, curates and manages sources.
func (f frame) CanEdit() bool { return f.User != nil && f.User.Role.CanEdit() }

// IsAdmin reports whether the signed-in user is an admin.
func (f frame) IsAdmin() bool { return f.User != nil && f.User.Role == model.RoleAdmin }

// view is what every page template receives.
type view struct {
	Frame frame
	Page  any
}

// render executes a page into memory first, so a template failure is a
// clean 500 rather than half a page.
func (s *server) render(w http.ResponseWriter, r *http.Request, status int, name string, v view) error {
	t, ok := s.pages.byName[name]
	if !ok {
		return fmt.Errorf("admin: no page template %q", name)
	}
	v.Frame.SiteName = s.siteNow().Name
	v.Frame.Nonce = scriptNonce(r)
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", v); err != nil {
		return fmt.Errorf("admin: render %s: %w", name, err)
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

// httpError is a failure staff should hear about, with its message
// written for them. Any other error is logged and answered with a bare
// 500.
type httpError struct {
	status int
	msg    string
}

func (e *httpError) Error() string { return e.msg }

var errNotFound = &httpError{http.StatusNotFound, "There is nothing at this address."}

func badRequest(format string, args ...any) error {
	return &httpError{http.StatusBadRequest, fmt.Sprintf(format, args...)}
}

// classify maps an error to its status and message.
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
	return http.StatusInternalServerError, "Something went wrong on our side; the details are in the server's log. Please try again in a moment."
}

// errorPage is the data of the error template.
type errorPage struct {
	Status  int
	Heading string
	Message string
}

// fail answers a failed request with an error page; rq is the signed-in
// request, nil when there is none.
func (s *server) fail(w http.ResponseWriter, r *http.Request, rq *request, err error) {
	status, msg := classify(err)
	if status >= 500 {
		s.log.Error("admin: request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	heading := map[int]string{
		http.StatusBadRequest:            "That request did not make sense",
		http.StatusUnauthorized:          "Please sign in",
		http.StatusForbidden:             "Not allowed",
		http.StatusNotFound:              "Not found",
		http.StatusMethodNotAllowed:      "Request not accepted",
		http.StatusRequestEntityTooLarge: "Too much to send",
		http.StatusTooManyRequests:       "Too many attempts",
	}[status]
	if heading == "" {
		heading = "Something went wrong"
	}
	fr := frame{Title: heading}
	if rq != nil {
		fr.User, fr.CSRF = &rq.user, rq.csrf
	}
	if err := s.render(w, r, status, "error", view{Frame: fr, Page: errorPage{status, heading, msg}}); err != nil {
		s.log.Error("admin: render error page", "err", err)
		http.Error(w, http.StatusText(status), status)
	}
}

// page adapts a handler that returns an error, for pages open to all.
func (s *server) page(h func(http.ResponseWriter, *http.Request) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.fail(w, r, nil, err)
		}
	}
}

// redirect answers 303 See Other to a local path, which the caller has
// built or checked with localPath.
func redirect(w http.ResponseWriter, to string) {
	w.Header().Set("Location", to)
	w.WriteHeader(http.StatusSeeOther)
}

// formatTime shows an instant in the site's time zone, for staff.
func (s *server) formatTime(t time.Time) (label, iso string) {
	t = t.In(s.siteNow().Location)
	return t.Format("Jan 2, 2006 15:04 MST"), t.Format(time.RFC3339)
}
