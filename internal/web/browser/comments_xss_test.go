package browser_test

import (
	"encoding/xml"
	"fmt"
	"html"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/newsdesk/newsdesk/internal/comments"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/web"
)

// discussionOpen lets every valid comment through at once: no holding of
// first comments or links, so every vector is published.
var discussionOpen = map[string]string{
	comments.KeyHoldFirst: "false",
	comments.KeyHoldLinks: "0",
	comments.KeyPerPage:   "500",
}

// browserVectors are the vectors the browser tests load: the whole list
// and a spread of the generated variants.
func browserVectors(step, offset int) []string {
	return append(append([]string{}, xssVectors...), sample(generatedVectors(), step, offset)...)
}

// hostileEmails are valid addresses built from the characters an address
// may hold that mean something in HTML and JavaScript. They are never
// shown, but they go through the form and the rules like any other.
var hostileEmails = []string{
	"x'onfocus='alert`1`'@example.com",
	"a&b=c{d}|e~f^g`h'i!j#k$l%m*n+o/p?q@example.com",
	"{{7*7}}{{constructor.constructor}}@example.com",
	"%3Cscript%3Ealert%281%29%3C%2Fscript%3E@example.com",
}

// postVectors posts each vector from Go through one field of the form on
// article a, every post from its own client and address, and returns how
// many were published. A vector the form refuses must be refused by
// Validate too, and one it takes must come out approved.
func postVectors(t *testing.T, s *testSite, a model.Article, field string, vectors []string) int {
	t.Helper()
	published := 0
	for i, v := range vectors {
		f := comments.Form{
			Body:  fmt.Sprintf("Comment %d with a hostile %s.", i, field),
			Name:  fmt.Sprintf("Reader %d", i),
			Email: fmt.Sprintf("%s%d@example.com", field, i),
		}
		switch field {
		case comments.FieldComment:
			f.Body = v
		case comments.FieldAuthor:
			f.Name = v
		case comments.FieldURL:
			f.Website = v
		case comments.FieldEmail:
			f.Email = v
		}
		status, loc, _ := s.post(t, fmt.Sprintf("10.%d.%d.%d", len(field), i/256, i%256), f, a.ID)
		valid := len(comments.Validate(comments.Normalize(f), comments.Limits{})) == 0
		switch {
		case valid && status == http.StatusSeeOther && !strings.Contains(loc, "unapproved="):
			published++
		case !valid && status == http.StatusUnprocessableEntity:
		default:
			t.Fatalf("%s vector %q: status %d (%s), valid %v", field, v, status, loc, valid)
		}
	}
	return published
}

// TestCommentsXSS_Published posts the vectors through every field,
// publishes them, and loads the article pages in Chromium, under the
// site's Content-Security-Policy and again with no policy at all: nothing
// may run, and no reader's text may become markup.
func TestCommentsXSS_Published(t *testing.T) {
	s := newCommentSite(t, discussionOpen)
	vectors := browserVectors(467, 0)
	second := s.save(t, "A second story for hostile names")
	bodies := postVectors(t, s, s.lead, comments.FieldComment, vectors)
	names := postVectors(t, s, second, comments.FieldAuthor, vectors)
	sites := postVectors(t, s, second, comments.FieldURL, vectors)
	emails := postVectors(t, s, second, comments.FieldEmail, append(append([]string{}, hostileEmails...), vectors...))
	if bodies < len(vectors)*9/10 || names < len(vectors)/2 || sites == 0 || emails != len(hostileEmails) {
		t.Fatalf("published %d bodies, %d names, %d websites, %d emails of %d vectors: too few to prove anything",
			bodies, names, sites, emails, len(vectors))
	}
	t.Logf("%d vectors: %d published as comments, %d as names, %d as websites, %d as emails", len(vectors), bodies, names, sites, emails)
	for _, e := range hostileEmails {
		local := e[:strings.LastIndexByte(e, '@')]
		if page := s.get(t, web.Permalink(second, s.loc())); strings.Contains(page, local) || strings.Contains(page, html.EscapeString(local)) {
			t.Errorf("the page shows the address %q", e)
		}
	}

	b := startBrowser(t)
	tab := openTab(t, b, beforePageScripts(xssTraps))
	d := watchDialogs(t, tab)
	for _, tc := range []struct {
		path     string
		comments int
	}{
		{s.leadPath, bodies},
		{web.Permalink(second, s.loc()), names + sites + emails},
	} {
		do(t, tab, chromedp.Navigate(s.url+tc.path))
		checkNothingRan(t, tab, d, tc.path, true)
		if n := eval[int](t, tab, `document.querySelectorAll("#comments li.comment").length`); n != tc.comments {
			t.Errorf("%s shows %d comments, want %d", tc.path, n, tc.comments)
		}
		// The same page with no policy: escaping alone must hold.
		renderWithoutCSP(t, tab, s.get(t, tc.path))
		checkNothingRan(t, tab, d, tc.path+" without CSP", false)
	}

	// The harness sees what it looks for: an injected handler runs in a
	// document without policy, and is reported where the policy holds.
	renderWithoutCSP(t, tab, `<img src="x" onerror="alert('control')">`)
	waitFor(t, tab, "the control vector runs", `window.__xss.length > 0`)
	do(t, tab, chromedp.Navigate(s.url+s.leadPath))
	eval[chromedp.Void](t, tab, `(function () { var d = document.createElement("div"); d.innerHTML = '<img src="x" onerror="alert(2)">'; document.body.appendChild(d); })()`)
	waitFor(t, tab, "the policy reports the control vector", `window.__cspViolations.length > 0`)
}

// TestCommentsXSS_FormComesBack types each vector into every field of
// the form in Chromium and posts it: the form comes back (the email is
// never valid) holding the vectors, and nothing runs, with or without
// the policy.
func TestCommentsXSS_FormComesBack(t *testing.T) {
	s := newCommentSite(t, discussionOpen)
	vectors := browserVectors(1499, 7)
	b := startBrowser(t)
	tab := openTab(t, b, beforePageScripts(xssTraps))
	d := watchDialogs(t, tab)
	for i, v := range vectors {
		do(t, tab, chromedp.Navigate(s.url+s.leadPath))
		submitAndWait(t, tab, "/comments", `(function (v) {
		  var f = document.getElementById("commentform");
		  ["comment", "author", "email", "url"].forEach(function (n) { f.elements.namedItem(n).value = v; });
		  HTMLFormElement.prototype.submit.call(f);
		})(`+jsString(v)+`)`)
		what := fmt.Sprintf("form with vector %d %q", i, v)
		checkNothingRan(t, tab, d, what, true)
		if n := eval[int](t, tab, `document.querySelectorAll("#commentform .field-error").length`); n == 0 {
			t.Errorf("%s: the form did not come back with errors", what)
		}
		if want := strings.TrimSpace(v); !strings.ContainsFunc(want, isControl) {
			if got := eval[string](t, tab, `document.getElementById("comment").value`); got != want {
				t.Errorf("%s: the comment came back as %q", what, got)
			}
		}
	}
	// Without the policy: the same forms as the server sends them back.
	for i, v := range sample(vectors, 3, 0) {
		_, _, body := s.post(t, fmt.Sprintf("10.9.%d.%d", i/256, i%256), comments.Form{Body: v, Name: v, Email: v, Website: v}, s.lead.ID)
		renderWithoutCSP(t, tab, body)
		checkNothingRan(t, tab, d, fmt.Sprintf("form with vector %q without CSP", v), false)
	}
}

func isControl(r rune) bool {
	return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == 0x2028 || r == 0x202e
}

// TestCommentsXSS_Feeds publishes the vectors as names and comments and
// loads the comment feeds in Chromium, then renders their entries as a
// feed reader would (titles and authors as text, descriptions as HTML) in
// a document with no policy: nothing runs, and the feeds parse as XML
// with no element smuggled in.
func TestCommentsXSS_Feeds(t *testing.T) {
	s := newCommentSite(t, discussionOpen)
	vectors := browserVectors(587, 3)
	b := startBrowser(t)
	tab := openTab(t, b, beforePageScripts(xssTraps))
	d := watchDialogs(t, tab)
	feeds := []string{s.leadPath + "comments.rss", s.leadPath + "comments.atom", "/comments/feed.rss", "/comments/feed.atom"}
	// A feed holds the 50 newest comments: post and check in batches.
	for start := 0; start < len(vectors); start += 25 {
		batch := vectors[start:min(start+25, len(vectors))]
		for j, v := range batch {
			i := start + j
			for k, f := range []comments.Form{
				{Body: v, Name: fmt.Sprintf("Feed reader %d", i), Email: fmt.Sprintf("fb%d@example.com", i)},
				{Body: fmt.Sprintf("A comment signed with vector %d.", i), Name: v, Email: fmt.Sprintf("fn%d@example.com", i)},
			} {
				s.post(t, fmt.Sprintf("10.%d.%d.%d", 20+k, i/256, i%256), f, s.lead.ID)
			}
		}
		for _, feed := range feeds {
			body := s.get(t, feed)
			do(t, tab, chromedp.Navigate(s.url+feed))
			checkNothingRan(t, tab, d, feed, false)
			type parsed struct {
				Errors, XHTML, Scripts, Entries int
			}
			p := eval[parsed](t, tab, `(function (text) {
			  var doc = new DOMParser().parseFromString(text, "application/xml");
			  return {
			    errors: doc.getElementsByTagName("parsererror").length,
			    xhtml: doc.getElementsByTagNameNS("http://www.w3.org/1999/xhtml", "*").length,
			    scripts: doc.getElementsByTagName("script").length,
			    entries: doc.querySelectorAll("item, entry").length
			  };
			})(`+jsString(body)+`)`)
			if p.Errors+p.XHTML+p.Scripts > 0 || p.Entries == 0 {
				t.Errorf("%s parsed by Chromium: %+v", feed, p)
			}
			renderWithoutCSP(t, tab, feedAsReader(t, body))
			checkNothingRan(t, tab, d, feed+" in a feed reader", false)
		}
	}
}

// feedAsReader renders a feed's entries as a simple feed reader would:
// the title and author escaped as text, the description or content as
// the HTML it declares itself to be.
func feedAsReader(t *testing.T, body string) string {
	t.Helper()
	var doc struct {
		Items []struct {
			Title       string `xml:"title"`
			Creator     string `xml:"http://purl.org/dc/elements/1.1/ creator"`
			Description string `xml:"description"`
		} `xml:"channel>item"`
		Entries []struct {
			Title   string `xml:"title"`
			Author  string `xml:"author>name"`
			Content string `xml:"content"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatalf("feed: %v", err)
	}
	var b strings.Builder
	for _, it := range doc.Items {
		fmt.Fprintf(&b, "<article><h2>%s</h2><p>%s</p><div>%s</div></article>", html.EscapeString(it.Title), html.EscapeString(it.Creator), it.Description)
	}
	for _, e := range doc.Entries {
		fmt.Fprintf(&b, "<article><h2>%s</h2><p>%s</p><div>%s</div></article>", html.EscapeString(e.Title), html.EscapeString(e.Author), e.Content)
	}
	return b.String()
}
