package comments

import (
	"encoding/base64"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"
)

var testSecret = []byte("0123456789abcdef0123456789abcdef")

var t0 = time.Date(2024, 6, 22, 9, 30, 0, 0, time.UTC)

func TestTokenRoundTrip(t *testing.T) {
	tk := Tokens{Secret: testSecret}
	tok := tk.Issue(42, t0)
	if url.QueryEscape(tok) != tok || url.PathEscape(tok) != tok {
		t.Errorf("token %q is not URL-safe", tok)
	}
	nonce, err := tk.Check(tok, 42, t0.Add(5*time.Second))
	if err != nil {
		t.Fatalf("Check: %v", err)
	}
	if len(nonce) != 22 || url.QueryEscape(nonce) != nonce {
		t.Errorf("nonce %q: want 22 URL-safe characters", nonce)
	}
	// Check remembers nothing: the same token gives the same nonce, which
	// is how the store keeps a form posted twice once.
	again, err := tk.Check(tok, 42, t0.Add(time.Minute))
	if err != nil || again != nonce {
		t.Errorf("second Check = %q, %v; want %q", again, err, nonce)
	}
	// Every form gets its own nonce.
	seen := map[string]bool{nonce: true}
	for i := 0; i < 100; i++ {
		n, err := tk.Check(tk.Issue(42, t0), 42, t0.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if seen[n] {
			t.Fatalf("nonce %q issued twice", n)
		}
		seen[n] = true
	}
}

func TestTokenAges(t *testing.T) {
	cases := []struct {
		name string
		tk   Tokens
		age  time.Duration
		want error
	}{
		{"immediate", Tokens{}, 0, ErrTokenTooFast},
		{"one second", Tokens{}, time.Second, ErrTokenTooFast},
		{"just under three seconds", Tokens{}, 3*time.Second - time.Millisecond, ErrTokenTooFast},
		{"three seconds", Tokens{}, 3 * time.Second, nil},
		{"from the future", Tokens{}, -time.Hour, ErrTokenTooFast},
		{"a day", Tokens{}, 24 * time.Hour, nil},
		{"a day and a moment", Tokens{}, 24*time.Hour + time.Millisecond, ErrTokenExpired},
		{"a year", Tokens{}, 365 * 24 * time.Hour, ErrTokenExpired},
		{"custom minimum", Tokens{MinAge: 10 * time.Second}, 5 * time.Second, ErrTokenTooFast},
		{"custom minimum met", Tokens{MinAge: 10 * time.Second}, 10 * time.Second, nil},
		{"no minimum", Tokens{MinAge: -1}, 0, nil},
		{"custom maximum", Tokens{MaxAge: time.Hour}, time.Hour + time.Second, ErrTokenExpired},
		{"custom maximum met", Tokens{MaxAge: time.Hour}, time.Hour, nil},
	}
	for _, c := range cases {
		c.tk.Secret = testSecret
		tok := c.tk.Issue(7, t0)
		_, err := c.tk.Check(tok, 7, t0.Add(c.age))
		if !errors.Is(err, c.want) || (c.want == nil) != (err == nil) {
			t.Errorf("%s: Check = %v, want %v", c.name, err, c.want)
		}
	}
}

func TestTokenWrongArticle(t *testing.T) {
	tk := Tokens{Secret: testSecret}
	tok := tk.Issue(42, t0)
	for _, id := range []int64{41, 43, 0, -42} {
		if _, err := tk.Check(tok, id, t0.Add(time.Minute)); !errors.Is(err, ErrTokenWrongArticle) {
			t.Errorf("article %d: %v, want ErrTokenWrongArticle", id, err)
		}
	}
}

func TestTokenForgeries(t *testing.T) {
	tk := Tokens{Secret: testSecret}
	tok := tk.Issue(42, t0)
	later := t0.Add(time.Minute)
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	// Every one-character change, at every position, is refused.
	for i := 0; i < len(tok); i++ {
		for _, c := range []byte{alphabet[(strings.IndexByte(alphabet, tok[i])+1)%64], alphabet[(strings.IndexByte(alphabet, tok[i])+33)%64]} {
			forged := tok[:i] + string(c) + tok[i+1:]
			if _, err := tk.Check(forged, 42, later); !errors.Is(err, ErrTokenInvalid) {
				t.Fatalf("changed at %d to %q: %v, want ErrTokenInvalid", i, c, err)
			}
		}
	}
	raw, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil {
		t.Fatal(err)
	}
	other := Tokens{Secret: []byte("another secret of thirty-two by!")}
	bad := []string{
		"",
		"x",
		tok[:len(tok)-1],
		tok + "A",
		tok + "=",
		strings.Repeat("A", len(tok)),
		strings.Repeat("A", 100000),
		base64.StdEncoding.EncodeToString(raw),
		base64.RawStdEncoding.EncodeToString(raw) + "+/",
		other.Issue(42, t0),
		"not a token at all, with spaces and ünïcödé and <script>",
	}
	for _, b := range bad {
		if _, err := tk.Check(b, 42, later); !errors.Is(err, ErrTokenInvalid) {
			t.Errorf("Check(%.40q) = %v, want ErrTokenInvalid", b, err)
		}
	}
}

func TestTokenNeedsASecret(t *testing.T) {
	for _, secret := range [][]byte{nil, {}, []byte("fifteen bytes!!")} {
		tk := Tokens{Secret: secret}
		tok := tk.Issue(1, t0)
		if _, err := tk.Check(tok, 1, t0.Add(time.Minute)); !errors.Is(err, ErrNoSecret) {
			t.Errorf("secret of %d bytes: %v, want ErrNoSecret", len(secret), err)
		}
	}
	s1, s2 := NewSecret(), NewSecret()
	if len(s1) != 32 || string(s1) == string(s2) {
		t.Errorf("NewSecret: %x, %x", s1, s2)
	}
	tk := Tokens{Secret: s1}
	if _, err := tk.Check(tk.Issue(1, t0), 1, t0.Add(time.Minute)); err != nil {
		t.Errorf("with NewSecret: %v", err)
	}
}

func TestTokenReaderMessages(t *testing.T) {
	tk := Tokens{Secret: testSecret}
	tok := tk.Issue(1, t0)
	_, fast := tk.Check(tok, 1, t0.Add(time.Second))
	_, old := tk.Check(tok, 1, t0.Add(48*time.Hour))
	_, wrong := tk.Check(tok, 2, t0.Add(time.Minute))
	_, forged := tk.Check("forged", 1, t0.Add(time.Minute))
	for err, want := range map[error]string{
		fast:                     "That was quick: please take a moment to read over your comment, then post it again.",
		old:                      "This form has expired; please post your comment again.",
		wrong:                    "This form belongs to another article; please post your comment again.",
		forged:                   "This form could not be verified; please post your comment again.",
		errors.New("disk full"):  "Your comment could not be posted just now; please try again.",
		&Rejection{Message: "m"}: "m",
	} {
		if got := ReaderMessage(err); got != want {
			t.Errorf("ReaderMessage(%v) = %q, want %q", err, got, want)
		}
	}
	// The log gets the details.
	if !strings.Contains(fast.Error(), "1s after") {
		t.Errorf("too-fast error %q lacks the age", fast)
	}
}
