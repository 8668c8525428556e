package admin

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/newsdesk/newsdesk/internal/auth"
)

// accountPage is the data of a signed-in member's own account page.
type accountPage struct {
	Sessions []sessionRow
	Errors   map[string]string // by form field: current, password, confirm
	Problem  string            // above the password form
	Notice   string
	// Idle and Absolute word the session timeouts.
	Idle, Absolute string
}

// sessionRow is one signed-in browser of the account.
type sessionRow struct {
	Current               bool
	Started, StartedISO   string
	LastSeen, LastSeenISO string
	ClientIP, UserAgent   string
	Expires, ExpiresISO   string
}

// accountNotices word what the last action on the account page did.
var accountNotices = map[string]string{
	"password": "Your password is changed. Every other browser signed in to your account has been signed out.",
}

func (s *server) handleAccount(w http.ResponseWriter, r *http.Request, rq *request) error {
	page := accountPage{Notice: accountNotices[r.URL.Query().Get("done")]}
	if n := r.URL.Query().Get("ended"); n != "" {
		if k, err := strconv.Atoi(n); err == nil && k >= 0 {
			page.Notice = fmt.Sprintf("Signed out %s elsewhere.", plural(k, "other session", "other sessions"))
		}
	}
	return s.renderAccount(w, r, rq, http.StatusOK, page)
}

func (s *server) renderAccount(w http.ResponseWriter, r *http.Request, rq *request, status int, page accountPage) error {
	now := s.now()
	page.Idle, page.Absolute = spanWords(s.auth.IdleTimeout()), spanWords(s.auth.SessionTTL())
	list, err := s.st.ListSessions(r.Context(), rq.user.ID, now)
	if err != nil {
		return fmt.Errorf("admin: account: %w", err)
	}
	current := auth.HashToken(auth.SessionToken(r, s.secure))
	for _, ss := range list {
		row := sessionRow{Current: ss.TokenHash == current, ClientIP: ss.ClientIP, UserAgent: ss.UserAgent}
		row.Started, row.StartedISO = s.formatTime(ss.Created)
		seen := ss.LastSeen
		if seen.IsZero() {
			seen = ss.Created
		}
		row.LastSeen, row.LastSeenISO = s.formatTime(seen)
		row.Expires, row.ExpiresISO = s.formatTime(ss.Expires)
		page.Sessions = append(page.Sessions, row)
	}
	return s.render(w, r, status, "account", view{Frame: rq.frame("Your account", "account"), Page: page})
}

// handleAccountPassword changes the signed-in member's password: the
// current one must be right, the new one typed twice and within the
// policy. Every session of the account ends and this browser gets a new
// one.
func (s *server) handleAccountPassword(w http.ResponseWriter, r *http.Request, rq *request) error {
	current, next := r.PostForm.Get("current"), r.PostForm.Get("password")
	page := accountPage{Errors: map[string]string{}}
	switch {
	case current == "":
		page.Errors["current"] = "Type your current password."
	}
	if err := auth.CheckPasswordPolicy(next); err != nil {
		page.Errors["password"] = policyMessage(err)
	} else if r.PostForm.Get("confirm") != next {
		page.Errors["confirm"] = "The two new passwords differ; type the same one twice."
	}
	if len(page.Errors) > 0 {
		page.Problem = "Your password is not changed: correct what is marked below."
		return s.renderAccount(w, r, rq, http.StatusUnprocessableEntity, page)
	}
	token, err := s.auth.ChangePassword(r.Context(), rq.user.ID, current, next, s.clientIP(r), r.UserAgent())
	var throttled *auth.ThrottledError
	switch {
	case errors.Is(err, auth.ErrWrongPassword):
		page.Errors["current"] = "This is not your current password."
		page.Problem = "Your password is not changed: correct what is marked below."
		return s.renderAccount(w, r, rq, http.StatusUnprocessableEntity, page)
	case errors.As(err, &throttled):
		w.Header().Set("Retry-After", strconv.Itoa(int((throttled.RetryAfter+time.Second-1)/time.Second)))
		page.Problem = "Too many wrong passwords. Please try again in " + waitWords(throttled.RetryAfter) + "."
		return s.renderAccount(w, r, rq, http.StatusTooManyRequests, page)
	case err != nil:
		return fmt.Errorf("admin: change password: %w", err)
	}
	http.SetCookie(w, auth.SessionCookie(token, s.secure, s.auth.SessionTTL()))
	s.audit(r, rq, "user.password", "user", rq.user.ID, rq.user.Email+" changed their password; other sessions ended")
	redirect(w, "/admin/account?done=password")
	return nil
}

// handleAccountSessions signs the account out everywhere but here.
func (s *server) handleAccountSessions(w http.ResponseWriter, r *http.Request, rq *request) error {
	keep := auth.HashToken(auth.SessionToken(r, s.secure))
	n, err := s.st.DeleteOtherSessions(r.Context(), rq.user.ID, keep)
	if err != nil {
		return fmt.Errorf("admin: end sessions: %w", err)
	}
	s.audit(r, rq, "user.sessions", "user", rq.user.ID, fmt.Sprintf("%s signed out %s elsewhere", rq.user.Email,
		plural(n, "other session", "other sessions")))
	redirect(w, "/admin/account?ended="+strconv.Itoa(n))
	return nil
}

// policyMessage words a password the policy refuses for a form.
func policyMessage(err error) string {
	var pe *auth.PolicyError
	if errors.As(err, &pe) {
		return sentenceCase("the password " + pe.Reason)
	}
	return sentenceCase(err.Error())
}

// spanWords words a timeout: "8 hours", "7 days", "90 minutes".
func spanWords(d time.Duration) string {
	switch {
	case d >= 24*time.Hour && d%(24*time.Hour) == 0:
		return plural(int(d/(24*time.Hour)), "day", "days")
	case d >= time.Hour && d%time.Hour == 0:
		return plural(int(d/time.Hour), "hour", "hours")
	}
	return plural(int((d+time.Minute-1)/time.Minute), "minute", "minutes")
}
