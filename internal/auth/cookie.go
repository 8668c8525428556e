package auth

import (
	"net/http"
	"time"
)

// SessionCookieName names the cookie holding a signed-in browser's
// session token.
const SessionCookieName = "newsdesk_session"

// SessionCookie returns the cookie that carries token: the whole site
// (Path "/"), out of reach of scripts (HttpOnly), not sent on cross-site
// subrequests or form posts (SameSite=Lax), Secure when the site is
// served over HTTPS, and kept by the browser for ttl (a cookie for the
// browser session only when ttl is not positive).
func SessionCookie(token string, secure bool, ttl time.Duration) *http.Cookie {
	c := &http.Cookie{
		Name:     SessionCookieName,
		Value:    token,
		Path:     "/",
		HttpOnly: true,
		Secure:   secure,
		SameSite: http.SameSiteLaxMode,
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
// session cookie (signing out), with the same attributes as
// SessionCookie so the browser matches it.
func ClearSessionCookie(secure bool) *http.Cookie {
	return &http.Cookie{
		Name:     SessionCookieName,
		Value:    "",
		Path:     "/",
		HttpOnly: true,
		Secure:   secure,
		SameSite: http.SameSiteLaxMode,
		MaxAge:   -1,
		Expires:  time.Unix(0, 0),
	}
}
