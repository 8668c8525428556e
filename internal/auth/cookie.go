package auth

import (
	"net/http"
	"time"
)

// Session cookie names. Over HTTPS the cookie carries the __Host- prefix,
// which browsers accept only with Secure, Path=/ and no Domain: no
// subdomain or plain-HTTP page of the same host can then plant or
// overwrite it (a session fixation route). Over plain HTTP a __Host-
// cookie would be refused by the browser, so the site served on
// http://127.0.0.1 during development or the demo uses the plain name.
const (
	// SessionCookieName names the session cookie when the site is served
	// over plain HTTP.
	SessionCookieName = "newsdesk_session"
	// SecureSessionCookieName names the session cookie when the site is
	// served over HTTPS.
	SecureSessionCookieName = "__Host-newsdesk_session"
)

// CookieName returns the session cookie's name for a site served over
// HTTPS (secure) or plain HTTP.
func CookieName(secure bool) string {
	if secure {
		return SecureSessionCookieName
	}
	return SessionCookieName
}

// sameSite is the session cookie's SameSite mode. Lax, not Strict: staff
// reach the admin area by links in notification emails ("a comment
// awaits moderation"), and under Strict the browser would send no cookie
// on that first navigation from the mail client or webmail, showing the
// login form to someone signed in. Lax still keeps the cookie off
// cross-site form posts, subrequests and frames, and every state change
// in the admin area is a POST that also needs the session's form token.
const sameSite = http.SameSiteLaxMode

// SessionCookie returns the cookie that carries token: named for the
// scheme (see CookieName), the whole site (Path "/", no Domain), out of
// reach of scripts (HttpOnly), SameSite=Lax, Secure when the site is
// served over HTTPS, and kept by the browser for ttl, the session's
// absolute timeout (a cookie for the browser session only when ttl is
// not positive).
func SessionCookie(token string, secure bool, ttl time.Duration) *http.Cookie {
	c := &http.Cookie{
		Name:     CookieName(secure),
		Value:    token,
		Path:     "/",
		HttpOnly: true,
		Secure:   secure,
		SameSite: sameSite,
	}
	if ttl > 0 {
		c.MaxAge = int(ttl / time.Second)
		if c.MaxAge == 0 {
			c.MaxAge = 1
		}
	}
	return c
}

// ClearSessionCookie returns a cookie that makes the browser forget its
// session cookie (signing out), with the same name and attributes as
// SessionCookie so the browser matches it.
func ClearSessionCookie(secure bool) *http.Cookie {
	return &http.Cookie{
		Name:     CookieName(secure),
		Value:    "",
		Path:     "/",
		HttpOnly: true,
		Secure:   secure,
		SameSite: sameSite,
		MaxAge:   -1,
		Expires:  time.Unix(0, 0),
	}
}

// SessionToken returns the session token r's cookie carries for a site
// served over HTTPS (secure) or not; "" when there is none.
func SessionToken(r *http.Request, secure bool) string {
	c, err := r.Cookie(CookieName(secure))
	if err != nil {
		return ""
	}
	return c.Value
}
