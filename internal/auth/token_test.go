package auth

import (
	"encoding/base64"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestNewToken(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		tok, err := newToken()
		if err != nil {
			t.Fatal(err)
		}
		raw, err := base64.RawURLEncoding.DecodeString(tok)
		if err != nil || len(raw) != 32 || len(tok) != 43 {
			t.Fatalf("token %q: %d bytes, %v; want 32 bytes in 43 base64url characters", tok, len(raw), err)
		}
		if !validToken(tok) {
			t.Fatalf("validToken(%q) = false for a new token", tok)
		}
		if seen[tok] {
			t.Fatalf("token %q given twice", tok)
		}
		seen[tok] = true
	}
}

func TestValidTokenRefusesGarbled(t *testing.T) {
	tok, _ := newToken()
	canon := base64.RawURLEncoding.EncodeToString(make([]byte, 32)) // "AAA…A"
	for _, bad := range []string{
		"",
		tok[:42],
		tok + "A",
		tok + "=",
		strings.Repeat("+", 43),       // standard alphabet
		strings.Repeat("/", 43),       // standard alphabet
		canon[:42] + "B",              // unused low bits set
		canon[:20] + "." + canon[21:], // not base64
		canon[:20] + " " + canon[21:],
		strings.Repeat("A", 4096),
	} {
		if validToken(bad) {
			t.Errorf("validToken(%q) = true", bad)
		}
	}
}

func TestHashToken(t *testing.T) {
	// SHA-256 of "abc" (FIPS 180-2 example).
	if got, want := HashToken("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"; got != want {
		t.Errorf("HashToken(abc) = %s, want %s", got, want)
	}
	a, _ := newToken()
	b, _ := newToken()
	ha, hb := HashToken(a), HashToken(b)
	if ha == hb || len(ha) != 64 || strings.ToLower(ha) != ha {
		t.Errorf("HashToken gave %s and %s for two tokens; want 64 lowercase hex digits each, different", ha, hb)
	}
	if HashToken(a) != ha {
		t.Error("HashToken is not deterministic")
	}
	if strings.Contains(ha, a) {
		t.Error("the hash holds the token")
	}
}

func TestSessionCookie(t *testing.T) {
	tok, _ := newToken()
	for _, secure := range []bool{false, true} {
		c := SessionCookie(tok, secure, 14*24*time.Hour)
		name := map[bool]string{false: "newsdesk_session", true: "__Host-newsdesk_session"}[secure]
		if c.Name != name || c.Value != tok || c.Path != "/" || !c.HttpOnly ||
			c.SameSite != http.SameSiteLaxMode || c.Secure != secure || c.MaxAge != 14*24*3600 {
			t.Errorf("SessionCookie(secure=%v) = %+v", secure, c)
		}
		line := c.String()
		for _, want := range []string{name + "=" + tok, "Path=/", "Max-Age=1209600", "HttpOnly", "SameSite=Lax"} {
			if !strings.Contains(line, want) {
				t.Errorf("Set-Cookie %q lacks %q", line, want)
			}
		}
		if strings.Contains(line, "Domain") {
			t.Errorf("Set-Cookie %q names a Domain: a __Host- cookie must not", line)
		}
		if strings.Contains(line, "Secure") != secure {
			t.Errorf("Set-Cookie %q: Secure should be %v", line, secure)
		}

		clear := ClearSessionCookie(secure)
		if clear.Name != c.Name || clear.Path != "/" || clear.Value != "" || clear.MaxAge >= 0 ||
			!clear.HttpOnly || clear.SameSite != http.SameSiteLaxMode || clear.Secure != secure {
			t.Errorf("ClearSessionCookie(%v) = %+v", secure, clear)
		}
		if line := clear.String(); !strings.Contains(line, "Max-Age=0") {
			t.Errorf("clearing Set-Cookie %q does not expire the cookie", line)
		}
	}
	if c := SessionCookie(tok, false, 0); c.MaxAge != 0 || strings.Contains(c.String(), "Max-Age") {
		t.Errorf("SessionCookie with no ttl = %q, want a browser-session cookie", c.String())
	}
	if c := SessionCookie(tok, false, 300*time.Millisecond); c.MaxAge != 1 {
		t.Errorf("SessionCookie with 300ms = Max-Age %d, want 1 (0 would mean no Max-Age)", c.MaxAge)
	}
}
