package admin

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"path"
	"strings"
	"unicode"

	"github.com/newsdesk/newsdesk/internal/auth"
	"github.com/newsdesk/newsdesk/internal/model"
)

// request is a signed-in request: who made it and the form token their
// session's forms carry.
type request struct {
	user model.User
	csrf string
}

// access is who may use a page.
type access int

const (
	anyStaff   access = iota // any signed-in member of the newsroom
	moderators               // roles that moderate comments: admin, editor, moderator
	writers                  // roles that write articles: admin, editor, author
	editors                  // roles that edit anyone's work, curate and manage sources: admin, editor
	admins                   // admins only
)

// signedIn adapts a handler for signed-in staff. Without a live session
// the browser is sent to the login page (with next naming this page for
// a GET); a role without the access gets a 403 page. A form post must
// fit the body limit and carry the session's form token.
func (s *server) signedIn(a access, h func(http.ResponseWriter, *http.Request, *request) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		token := auth.SessionToken(r, s.secure)
		u, err := s.auth.Authenticate(r.Context(), token)
		if errors.Is(err, auth.ErrNoSession) {
			if token != "" {
				http.SetCookie(w, auth.ClearSessionCookie(s.secure))
			}
			s.toLogin(w, r)
			return
		}
		if err != nil {
			s.fail(w, r, nil, err)
			return
		}
		rq := &request{user: u, csrf: csrfToken(token)}
		if err := s.allowed(a, u); err != nil {
			s.fail(w, r, rq, err)
			return
		}
		if r.Method == http.MethodPost {
			limit := s.maxBody
			if r.URL.Path == "/admin/settings/discussion" {
				limit *= settingsBodyFactor
			}
			// The server removes a multipart form's spooled files only
			// from the request it made, and the middleware passes on
			// copies (WithContext): remove them here, whatever happens.
			defer func() {
				if r.MultipartForm != nil {
					r.MultipartForm.RemoveAll()
				}
			}()
			if err := readPost(w, r, limit); err != nil {
				s.fail(w, r, rq, err)
				return
			}
			got := r.PostForm.Get("csrf")
			if subtle.ConstantTimeCompare([]byte(got), []byte(rq.csrf)) != 1 {
				s.fail(w, r, rq, &httpError{http.StatusForbidden,
					"This form has expired or did not come from this admin area. Go back, reload the page and try again."})
				return
			}
		}
		if err := h(w, r, rq); err != nil {
			s.fail(w, r, rq, err)
		}
	}
}

// allowed says whether u's role may use a page of access a.
func (s *server) allowed(a access, u model.User) error {
	switch a {
	case moderators:
		if !u.Role.CanModerate() {
			return &httpError{http.StatusForbidden, fmt.Sprintf(
				"Your account's role (%s) does not moderate comments. Admins, editors and moderators do; an admin can change your role.", u.Role)}
		}
	case writers:
		if !u.Role.CanWrite() {
			return &httpError{http.StatusForbidden, fmt.Sprintf(
				"Your account's role (%s) does not write articles. Admins, editors and authors do; an admin can change your role.", u.Role)}
		}
	case editors:
		if !u.Role.CanEdit() {
			return &httpError{http.StatusForbidden, fmt.Sprintf(
				"Only admins and editors may do this; your account's role is %s.", u.Role)}
		}
	case admins:
		if u.Role != model.RoleAdmin {
			return &httpError{http.StatusForbidden, fmt.Sprintf(
				"Only admins may do this; your account's role is %s.", u.Role)}
		}
	}
	return nil
}

// toLogin sends a browser without a session to the login page.
func (s *server) toLogin(w http.ResponseWriter, r *http.Request) {
	next := "/admin/"
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		if p, ok := localPath(r.URL.RequestURI()); ok {
			next = p
		}
	}
	to := "/admin/login"
	if next != "/admin/" {
		to += "?next=" + url.QueryEscape(next)
	}
	redirect(w, to)
}

// csrfToken is the form token of a session: derived from the session
// token, which only the signed-in browser holds (in an HttpOnly cookie),
// so another site can neither read nor compute it, and it changes with
// every sign-in.
func csrfToken(sessionToken string) string {
	sum := sha256.Sum256([]byte("newsdesk admin form token\x00" + sessionToken))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// parseForm reads a form post of at most limit bytes: 413 beyond it, 400
// when it cannot be read.
func parseForm(w http.ResponseWriter, r *http.Request, limit int64) error {
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return &httpError{http.StatusRequestEntityTooLarge, fmt.Sprintf(
				"The form sent more than %d KiB, which is more than this page takes. Shorten the text and send it again.", limit>>10)}
		}
		return badRequest("The form could not be read: %s.", strings.TrimPrefix(err.Error(), "http: "))
	}
	return nil
}

// localPath reports whether p is safe to send a browser to after a
// sign-in or an action: a path of the admin area on this site (such as
// "/admin/comments?status=spam"), never an absolute or scheme-relative
// URL ("https://evil.example", "//evil.example", "/\evil.example"), nor
// one that leaves /admin through dot segments or escapes. It returns p
// as given when it is.
func localPath(p string) (string, bool) {
	if p == "" || len(p) > 2048 || !strings.HasPrefix(p, "/admin") {
		return "", false
	}
	if strings.ContainsFunc(p, func(r rune) bool {
		return r == '\\' || unicode.IsSpace(r) || unicode.IsControl(r) || r == 0xFFFD
	}) {
		return "", false
	}
	u, err := url.Parse(p)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return "", false
	}
	if u.Path != "/admin" && !strings.HasPrefix(u.Path, "/admin/") {
		return "", false
	}
	clean := path.Clean(u.Path)
	if clean != u.Path && clean+"/" != u.Path {
		return "", false
	}
	return p, true
}
