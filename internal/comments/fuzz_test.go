package comments

import (
	"encoding/base64"
	"encoding/binary"
	"net/mail"
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// FuzzRenderBody asserts that whatever the text, the output parses as
// HTML holding only p, br and a elements, every a with the rel and an
// http or https href, showing the words of the text.
func FuzzRenderBody(f *testing.F) {
	for _, v := range xssVectors {
		f.Add(v)
	}
	for _, s := range []string{
		"", "plain", "a\n\nb\nc", "https://example.org/(a)).", "www.x.example/'\"<>", "http://[::1]:80/",
		"https://example.org/\xff", "\r\r\n\n", "看这里https://example.org。", "https://a.example/a&b=<c>",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		assertSafeBody(t, in, string(RenderBody(in)))
		if n := CountLinks(in); n < len(findLinks(in, false)) {
			t.Fatalf("CountLinks(%q) = %d, fewer than the links rendered", in, n)
		}
	})
}

// FuzzValidate asserts that validation never panics, and that what it
// accepts keeps its promises: a visible comment, name and address within
// the limits, a plain email address, an http(s) website with a host.
func FuzzValidate(f *testing.F) {
	f.Add("A comment", "Ada", "ada@example.org", "https://example.org", int64(0))
	f.Add("", "", "", "", int64(-1))
	f.Add("\x00", "\u202e", "a@b", "javascript:alert(1)", int64(3))
	f.Add(" x ", "Ada <ada@example.org>", `"a b"@example.org`, "https://u:p@example.org", int64(0))
	f.Add("x", "y", "a@b.example", "http://[::1%25eth0]:99999/", int64(0))
	p := DefaultPolicy()
	p.ModerationWords = []string{"buy now", "203.0.113.0/24"}
	p.DisallowedWords = []string{"casino", "ada@example.org"}
	now := time.Date(2024, 6, 22, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, body, name, email, website string, parent int64) {
		form := Form{Body: body, Name: name, Email: email, Website: website, ParentID: parent}
		for _, fm := range []Form{form, Normalize(form)} {
			errs := Validate(fm, DefaultLimits)
			for field, msg := range errs {
				if msg == "" || (field != FieldComment && field != FieldAuthor && field != FieldEmail && field != FieldURL && field != FieldForm) {
					t.Fatalf("errors %v", errs)
				}
			}
			if len(errs) == 0 {
				if !hasVisible(fm.Body) || !hasVisible(fm.Name) || utf8.RuneCountInString(fm.Body) > 5000 || utf8.RuneCountInString(fm.Name) > 100 {
					t.Fatalf("accepted %#v", fm)
				}
				if a, err := mail.ParseAddress(fm.Email); err != nil || a.Address != fm.Email {
					t.Fatalf("accepted email %q", fm.Email)
				}
				if fm.Website != "" {
					u, err := url.Parse(fm.Website)
					if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
						t.Fatalf("accepted website %q", fm.Website)
					}
				}
			}
			if strings.Contains(Normalize(fm).Body, "\r") {
				t.Fatalf("Normalize left a CR in %q", fm.Body)
			}
		}
		c := model.Comment{ArticleID: 1, ParentID: parent, Body: body, Name: name, Email: email, Website: website, ClientIP: website, UserAgent: name}
		parentComment := &model.Comment{ID: parent, ArticleID: 1, Status: model.CommentApproved, Depth: int(parent % 7)}
		v, err := p.Decide(c, store.Activity{Approved: int(parent % 2)}, model.Article{ID: 1}, parentComment, now)
		if err == nil {
			if _, perr := model.ParseCommentStatus(string(v.Status)); perr != nil {
				t.Fatalf("Decide gave status %q", v.Status)
			}
		}
		_ = ParseWordList(body)
		_ = Initials(name)
	})
}

// FuzzTokenCheck asserts that Check never panics and refuses anything it
// did not issue.
func FuzzTokenCheck(f *testing.F) {
	tk := Tokens{Secret: testSecret}
	// Issue draws a random nonce, and every fuzzing process runs this
	// function: the accepted token is built from a fixed one instead.
	var b [tokenLen]byte
	b[0] = tokenVersion
	copy(b[1:], "fixed nonce 16 b")
	binary.BigEndian.PutUint64(b[1+nonceLen:], uint64(t0.UnixMilli()))
	binary.BigEndian.PutUint64(b[1+nonceLen+8:], 5)
	copy(b[tokenBodyLen:], tk.mac(b[:tokenBodyLen]))
	good := base64.RawURLEncoding.EncodeToString(b[:])
	if _, err := tk.Check(good, 5, t0.Add(time.Minute)); err != nil {
		f.Fatalf("the fixed token: %v", err)
	}
	f.Add(good, int64(5))
	f.Add(good[:40], int64(5))
	f.Add("", int64(0))
	f.Add(strings.Repeat("A", len(good)), int64(0))
	f.Fuzz(func(t *testing.T, token string, article int64) {
		nonce, err := tk.Check(token, article, t0.Add(time.Minute))
		if err == nil && (token != good || article != 5 || nonce == "") {
			t.Fatalf("Check(%q, %d) accepted", token, article)
		}
	})
}

// FuzzAvatar asserts that any name gives one well-formed svg with the
// name only in its label and the initials only as its text.
func FuzzAvatar(f *testing.F) {
	for _, s := range []string{"Ada Lovelace", "", `"><script>`, "e\u0301", "\xff\x00", "李小龙"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		assertSafeAvatar(t, name, string(Avatar(name)))
	})
}
