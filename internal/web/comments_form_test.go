package web_test

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/newsdesk/newsdesk/internal/comments"
	"github.com/newsdesk/newsdesk/internal/store/storetest"
)

func TestComments_FormAnatomy(t *testing.T) {
	c := newCommentSite(t, storetest.NewSQLiteCopy(t), nil)
	doc := c.page(c.path, http.StatusOK)
	sec := doc.Find("main section#comments")
	if sec.Length() != 1 {
		t.Fatal("no comments section")
	}
	if got := texts(sec.Find("h2#comments-title")); !slices.Equal(got, []string{"0 comments"}) {
		t.Errorf("comments heading = %q", got)
	}
	if got := texts(doc.Find(".story-head .comment-count a[href='#comments']")); !slices.Equal(got, []string{"0 comments"}) {
		t.Errorf("comment count link = %q", got)
	}
	respond := sec.Find("#respond")
	if got := strings.Join(strings.Fields(respond.Find("#reply-title").Contents().Not("small").Text()), " "); got != "Leave a Reply" {
		t.Errorf("form title = %q", got)
	}
	if c, _ := respond.Find("#cancel-comment-reply-link").Attr("hidden"); c != "" {
		t.Error("cancel link shown on a new thread's form")
	}
	form := respond.Find("form#commentform")
	if m, _ := form.Attr("method"); m != "post" {
		t.Errorf("form method = %q", m)
	}
	if a, _ := form.Attr("action"); a != "/comments#respond" {
		t.Errorf("form action = %q", a)
	}
	if got := texts(form.Find("p.comment-notes")); !slices.Equal(got, []string{"Your email address will not be published. Required fields are marked *"}) {
		t.Errorf("notice = %q", got)
	}
	if got := texts(form.Find("p.comment-limits")); !slices.Equal(got, []string{comments.Limits{}.Notice()}) {
		t.Errorf("limits notice = %q", got)
	}
	fields := []struct {
		id, name, tag, typ, label string
		required                  bool
		max                       int
	}{
		{"comment", "comment", "textarea", "", "Comment *", true, 5000},
		{"author", "author", "input", "text", "Name *", true, 100},
		{"email", "email", "input", "email", "Email *", true, 254},
		{"url", "url", "input", "url", "Website", false, 200},
	}
	for _, f := range fields {
		el := form.Find(f.tag + "#" + f.id)
		if el.Length() != 1 {
			t.Errorf("no %s#%s", f.tag, f.id)
			continue
		}
		if n, _ := el.Attr("name"); n != f.name {
			t.Errorf("#%s name = %q", f.id, n)
		}
		if f.typ != "" {
			if typ, _ := el.Attr("type"); typ != f.typ {
				t.Errorf("#%s type = %q, want %q", f.id, typ, f.typ)
			}
		}
		if _, req := el.Attr("required"); req != f.required {
			t.Errorf("#%s required = %v", f.id, req)
		}
		if m, _ := el.Attr("maxlength"); m != strconv.Itoa(f.max) {
			t.Errorf("#%s maxlength = %q, want %d", f.id, m, f.max)
		}
		if got := texts(form.Find(`label[for="` + f.id + `"]`)); !slices.Equal(got, []string{f.label}) {
			t.Errorf("label of #%s = %q, want %q", f.id, got, f.label)
		}
		if strings.TrimSpace(el.Text()) != "" || el.AttrOr("value", "") != "" {
			t.Errorf("#%s is not empty on a fresh page", f.id)
		}
	}
	remember := form.Find(`input#remember[type="checkbox"][name="remember"]`)
	if remember.Length() != 1 || remember.Is("[checked]") {
		t.Error("remember box missing or ticked by default")
	}
	if got := texts(form.Find(`label[for="remember"]`)); !slices.Equal(got, []string{"Save my name, email, and website in this browser for the next time I comment."}) {
		t.Errorf("remember label = %q", got)
	}
	if got := texts(form.Find(`button[type="submit"]`)); !slices.Equal(got, []string{"Post Comment"}) {
		t.Errorf("submit button = %q", got)
	}
	hidden := hiddenFields(t, doc)
	if hidden.Get("article_id") != strconv.FormatInt(c.art.ID, 10) || hidden.Get("comment_parent") != "0" {
		t.Errorf("hidden fields = %v", hidden)
	}
	if _, err := (comments.Tokens{Secret: secretOf(t, c)}).Check(hidden.Get("comment_token"), c.art.ID, c.clock.Now().Add(time.Minute)); err != nil {
		t.Errorf("the form's token does not check: %v", err)
	}
	hp := form.Find(`input[name="subject"]`)
	if hp.Length() != 1 {
		t.Fatal("no honeypot field")
	}
	if hp.AttrOr("tabindex", "") != "-1" || hp.AttrOr("autocomplete", "") != "off" ||
		hp.Closest("[aria-hidden='true']").Length() != 1 || hp.Closest(".comment-form-hp").Length() != 1 {
		t.Error("the honeypot is not hidden from people (aria-hidden, tabindex=-1, autocomplete=off, .comment-form-hp)")
	}
	// Two page views get two tokens: each form has its own nonce.
	if again := hiddenFields(t, c.page(c.path, http.StatusOK)); again.Get("comment_token") == hidden.Get("comment_token") {
		t.Error("two page views got the same form token")
	}
	// The feeds of the article's comments are announced and linked.
	for _, ext := range []string{"rss", "atom"} {
		sel := fmt.Sprintf(`head link[rel="alternate"][href="%scomments.%s"]`, c.path, ext)
		if doc.Find(sel).Length() != 1 {
			t.Errorf("no %s", sel)
		}
	}
}

// secretOf reads the form secret the site stored on first use.
func secretOf(t *testing.T, c *commentSite) []byte {
	t.Helper()
	kv, err := c.store.Settings(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	secret, ok := comments.SecretFrom(kv)
	if !ok {
		t.Fatal("no form secret stored")
	}
	return secret
}

func TestComments_SecretIsSharedAndKept(t *testing.T) {
	st := storetest.NewSQLiteCopy(t)
	a := newCommentSite(t, st, nil)
	hidden := a.openForm(a.path)
	first := secretOf(t, a)
	// A second server over the same store checks the first one's tokens.
	b := newFixtureOn(t, st, func(o *webOptions) {
		o.Now = a.clock.Now
		o.SettingsTTL = -1
	})
	a.clock.Advance(5 * time.Second)
	r := b.do(postTo(t, b.srv.URL, fill(hidden, "Shared secrets work.", "Ann", "ann@example.com", "")))
	if r.status != http.StatusSeeOther {
		t.Fatalf("the second server refused the first one's form: %d\n%s", r.status, r.body)
	}
	if !slices.Equal(secretOf(t, a), first) {
		t.Error("the stored secret changed")
	}
}

func TestComments_RequiredFieldCombinations(t *testing.T) {
	c := newCommentSite(t, storetest.NewSQLiteCopy(t), nil)
	required := []struct{ field, value, message string }{
		{"comment", "A fine article.\nThanks!", "Please type your comment."},
		{"author", "Ann Reader", "Please enter your name."},
		{"email", "ann@example.com", "Please enter your email address."},
	}
	for mask := range 1 << len(required) {
		if mask == 1<<len(required)-1 {
			continue // all three filled: valid
		}
		var missing []string
		hidden := c.openForm(c.path)
		c.clock.Advance(4 * time.Second)
		v := fill(hidden, "", "", "", "https://ann.example.org/")
		for i, f := range required {
			if mask&(1<<i) != 0 {
				v.Set(f.field, f.value)
			} else {
				missing = append(missing, f.field)
				if i%2 == 0 {
					v.Set(f.field, "  \t ") // white space alone is not a value
				}
			}
		}
		t.Run(strings.Join(missing, "+")+"_missing", func(t *testing.T) {
			r := c.post(v, "198.51.100.7")
			if r.status != http.StatusUnprocessableEntity {
				t.Fatalf("status = %d, want 422", r.status)
			}
			doc := docOf(t, r.body)
			summary := doc.Find("#commentform .form-errors")
			if summary.Length() != 1 || summary.AttrOr("role", "") != "alert" {
				t.Fatal("no error summary with role=alert at the top of the form")
			}
			for i, f := range required {
				el := doc.Find("#" + f.field)
				msg := doc.Find("#" + f.field + "-error")
				if mask&(1<<i) != 0 {
					if msg.Length() != 0 || el.AttrOr("aria-invalid", "") != "" {
						t.Errorf("%s was filled but is marked in error", f.field)
					}
					got := el.AttrOr("value", "")
					if f.field == "comment" {
						got = el.Text()
					}
					if got != f.value {
						t.Errorf("%s kept as %q, want %q", f.field, got, f.value)
					}
					continue
				}
				if got := texts(msg); !slices.Equal(got, []string{f.message}) {
					t.Errorf("%s message = %q, want %q", f.field, got, f.message)
				}
				if el.AttrOr("aria-invalid", "") != "true" || !strings.Contains(el.AttrOr("aria-describedby", ""), f.field+"-error") {
					t.Errorf("%s lacks aria-invalid/aria-describedby", f.field)
				}
				if summary.Find(`a[href="#`+f.field+`"]`).Text() != f.message {
					t.Errorf("the summary does not link %s's message", f.field)
				}
			}
			if got := doc.Find("#url").AttrOr("value", ""); got != "https://ann.example.org/" {
				t.Errorf("website kept as %q", got)
			}
			if doc.Find("#url-error").Length() != 0 {
				t.Error("a valid website is marked in error")
			}
		})
	}
	if n := c.statuses(); n["pending"]+n["approved"]+n["spam"] != 0 {
		t.Errorf("invalid forms stored comments: %v", n)
	}
}

func TestComments_ValidationKeepsEverything(t *testing.T) {
	c := newCommentSite(t, storetest.NewSQLiteCopy(t), nil)
	long := strings.Repeat("é", 5001)
	r := c.comment("198.51.100.8", long, "Ann", "not-an-address", "example.org")
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("status = %d", r.status)
	}
	doc := docOf(t, r.body)
	if got := doc.Find("#comment").Text(); got != long {
		t.Errorf("the long comment came back as %d characters, want it whole (%d)", len([]rune(got)), 5001)
	}
	for field, want := range map[string]string{
		"comment": "Your comment is 5,001 characters long; the limit is 5,000.",
		"email":   "Please enter a valid email address, such as name@example.com.",
		"url":     "Please enter a full web address starting with https:// or http://, such as https://example.com.",
	} {
		if got := doc.Find("#" + field + "-error").Text(); got != want {
			t.Errorf("%s message = %q, want %q", field, got, want)
		}
	}
	if doc.Find("#email").AttrOr("value", "") != "not-an-address" || doc.Find("#url").AttrOr("value", "") != "example.org" {
		t.Error("the mistyped values did not come back")
	}
	// The form that comes back has a fresh token and stays on the article.
	if doc.Find(`input[name="comment_token"]`).AttrOr("value", "") == "" {
		t.Error("no token in the form that came back")
	}
	if canon := doc.Find(`link[rel="canonical"]`).AttrOr("href", ""); canon != "https://news.example.org"+c.path {
		t.Errorf("canonical = %q", canon)
	}
	if cc := r.header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control of a form coming back = %q, want no-store", cc)
	}
}

func TestComments_Tokens(t *testing.T) {
	c := newCommentSite(t, storetest.NewSQLiteCopy(t), map[string]string{comments.KeyHoldFirst: "false"})
	other := c.fixture.save(c.addSource("Other Wire").ID, article("Another story", "World", published))[0]
	cases := []struct {
		name    string
		token   func(hidden string) string
		advance time.Duration
		status  int
		message string
	}{
		{"too fast", func(h string) string { return h }, time.Second, http.StatusUnprocessableEntity,
			"That was quick: please take a moment to read over your comment, then post it again."},
		{"expired", func(h string) string { return h }, 25 * time.Hour, http.StatusUnprocessableEntity,
			"This form has expired; please post your comment again."},
		{"forged", func(string) string { return "forged-token" }, 5 * time.Second, http.StatusForbidden,
			"This form could not be verified; please post your comment again."},
		{"another secret", func(string) string {
			return comments.Tokens{Secret: []byte("0123456789abcdef0123")}.Issue(c.art.ID, c.clock.Now().Add(-time.Minute))
		}, 5 * time.Second, http.StatusForbidden, "This form could not be verified; please post your comment again."},
		{"another article", func(string) string { return c.mintToken(other.ID) }, 5 * time.Second, http.StatusForbidden,
			"This form belongs to another article; please post your comment again."},
		{"missing", func(string) string { return "" }, 5 * time.Second, http.StatusForbidden,
			"This form could not be verified; please post your comment again."},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			hidden := c.openForm(c.path)
			c.clock.Advance(tc.advance)
			v := fill(hidden, "Token case "+tc.name, "Ann", "ann@example.com", "")
			v.Set("comment_token", tc.token(hidden.Get("comment_token")))
			r := c.post(v, fmt.Sprintf("198.51.100.%d", 20+i))
			if r.status != tc.status {
				t.Fatalf("status = %d, want %d", r.status, tc.status)
			}
			doc := docOf(t, r.body)
			if got := texts(doc.Find("#commentform .form-message")); !slices.Equal(got, []string{tc.message}) {
				t.Errorf("message = %q, want %q", got, tc.message)
			}
			if doc.Find("#comment").Text() != "Token case "+tc.name || doc.Find("#email").AttrOr("value", "") != "ann@example.com" {
				t.Error("the values did not come back")
			}
			fresh := doc.Find(`input[name="comment_token"]`).AttrOr("value", "")
			if fresh == "" || fresh == v.Get("comment_token") {
				t.Error("the form did not come back with a fresh token")
			}
			// The fresh token works once the reader takes a moment.
			c.clock.Advance(5 * time.Second)
			again := fill(hiddenFields(t, doc), "Token case "+tc.name, "Ann", "ann@example.com", "")
			redirectTarget(t, c.post(again, fmt.Sprintf("198.51.100.%d", 20+i)))
		})
	}
	if n := c.statuses(); n["approved"] != len(cases) {
		t.Errorf("stored %v, want %d approved (one per retried form)", n, len(cases))
	}
}

// keptValues checks that a page that came back holds the form as posted.
func keptValues(t *testing.T, doc *goquery.Document, body, name, email string) {
	t.Helper()
	if doc.Find("#comment").Text() != body || doc.Find("#author").AttrOr("value", "") != name ||
		doc.Find("#email").AttrOr("value", "") != email {
		t.Errorf("the form came back as %q / %q / %q, want %q / %q / %q",
			doc.Find("#comment").Text(), doc.Find("#author").AttrOr("value", ""), doc.Find("#email").AttrOr("value", ""),
			body, name, email)
	}
}
