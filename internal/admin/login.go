package admin

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/newsdesk/newsdesk/internal/auth"
)

// loginPage is the data of the login form.
type loginPage struct {
	Email   string
	Next    string // a checked local path, or ""
	Error   string
	SignOut bool // the browser has just signed out
}

// handleLoginForm shows the login form, or sends a browser that is
// signed in already where it was going.
func (s *server) handleLoginForm(w http.ResponseWriter, r *http.Request) error {
	next, _ := localPath(r.URL.Query().Get("next"))
	if tok := auth.SessionToken(r, s.secure); tok != "" {
		if _, err := s.auth.Authenticate(r.Context(), tok); err == nil {
			redirect(w, orDashboard(next))
			return nil
		}
	}
	return s.render(w, r, http.StatusOK, "login", view{
		Frame: frame{Title: "Sign in"},
		Page:  loginPage{Next: next, SignOut: r.URL.Query().Get("signed_out") == "1"},
	})
}

// handleLogin checks the email and password posted, starts a session and
// sends the browser to the page it asked for.
func (s *server) handleLogin(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r, s.maxBody); err != nil {
		return err
	}
	email := strings.TrimSpace(r.PostForm.Get("email"))
	next, _ := localPath(r.PostForm.Get("next"))
	ip := s.clientIP(r)
	// A new session at every sign-in, and the one the browser held (if
	// any) ends: a token planted before sign-in is worth nothing after.
	token, u, err := s.auth.SignIn(r.Context(), auth.Attempt{Email: email, Password: r.PostForm.Get("password"),
		ClientIP: ip, UserAgent: r.UserAgent(), Replace: auth.SessionToken(r, s.secure)})
	var throttled *auth.ThrottledError
	switch {
	case err == nil:
	case errors.Is(err, auth.ErrInvalidCredentials):
		s.log.Info("admin: sign-in refused: wrong email or password", "ip", ip)
		return s.render(w, r, http.StatusUnauthorized, "login", view{
			Frame: frame{Title: "Sign in"},
			Page:  loginPage{Email: email, Next: next, Error: "Wrong email or password."},
		})
	case errors.As(err, &throttled):
		secs := int((throttled.RetryAfter + time.Second - 1) / time.Second)
		s.log.Warn("admin: sign-in throttled", "ip", ip, "retry_after_s", secs)
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		return s.render(w, r, http.StatusTooManyRequests, "login", view{
			Frame: frame{Title: "Sign in"},
			Page: loginPage{Email: email, Next: next, Error: "Too many failed sign-in attempts. Please try again in " +
				waitWords(throttled.RetryAfter) + "."},
		})
	default:
		return fmt.Errorf("admin: login: %w", err)
	}
	http.SetCookie(w, auth.SessionCookie(token, s.secure, s.auth.SessionTTL()))
	s.log.Info("admin: signed in", "user_id", u.ID, "role", u.Role)
	redirect(w, orDashboard(next))
	return nil
}

// handleLogout ends the session and forgets its cookie.
func (s *server) handleLogout(w http.ResponseWriter, r *http.Request, rq *request) error {
	if err := s.auth.Logout(r.Context(), auth.SessionToken(r, s.secure)); err != nil {
		return err
	}
	http.SetCookie(w, auth.ClearSessionCookie(s.secure))
	s.log.Info("admin: signed out", "user_id", rq.user.ID)
	redirect(w, "/admin/login?signed_out=1")
	return nil
}

func orDashboard(next string) string {
	if next == "" {
		return "/admin/"
	}
	return next
}

// waitWords says how long to wait in words, rounded up: "45 seconds",
// "5 minutes", "1 hour 30 minutes".
func waitWords(d time.Duration) string {
	secs := int((d + time.Second - 1) / time.Second)
	if secs < 1 {
		secs = 1
	}
	if secs < 60 {
		return plural(secs, "second", "seconds")
	}
	mins := (secs + 59) / 60
	if mins < 60 {
		return plural(mins, "minute", "minutes")
	}
	hours, mins := mins/60, mins%60
	if mins == 0 {
		return plural(hours, "hour", "hours")
	}
	return plural(hours, "hour", "hours") + " " + plural(mins, "minute", "minutes")
}
