package browser_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/newsdesk/newsdesk/internal/comments"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/web"
)

// newCommentSite starts the test site for comments: the discussion
// settings given, 127.0.0.1 trusted as a proxy so that the test's own
// posts name a client each in X-Forwarded-For (the browser's carry none,
// and are 127.0.0.1's), and no burst limit on posts.
func newCommentSite(t *testing.T, settings map[string]string) *testSite {
	t.Helper()
	s := newTestSite(t, func(o *web.Options) {
		o.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}
		o.CommentLimit = web.RateLimit{Rate: -1}
	})
	if len(settings) > 0 {
		if err := s.store.SetSettings(t.Context(), settings); err != nil {
			t.Fatalf("SetSettings: %v", err)
		}
	}
	// The first page view makes the form secret.
	s.get(t, s.leadPath)
	return s
}

// get fetches a path from Go and returns the body.
func (s *testSite) get(t *testing.T, path string) string {
	t.Helper()
	resp, err := http.Get(s.url + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(body)
}

// token issues a form token with the site's stored secret, dated ten
// seconds ago, as a page would have.
func (s *testSite) token(t *testing.T, articleID int64) string {
	t.Helper()
	kv, err := s.store.Settings(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	secret, ok := comments.SecretFrom(kv)
	if !ok {
		t.Fatal("no form secret stored")
	}
	return comments.Tokens{Secret: secret}.Issue(articleID, s.clock.now().Add(-10*time.Second))
}

// post sends a comment form from Go as client and returns the status, the
// redirect's target and the body.
func (s *testSite) post(t *testing.T, client string, form comments.Form, articleID int64) (int, string, string) {
	t.Helper()
	v := url.Values{
		"article_id":     {fmt.Sprint(articleID)},
		"comment_parent": {fmt.Sprint(form.ParentID)},
		"comment_token":  {s.token(t, articleID)},
		"comment":        {form.Body},
		"author":         {form.Name},
		"email":          {form.Email},
		"url":            {form.Website},
	}
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, s.url+"/comments", strings.NewReader(v.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-For", client)
	resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Location"), string(body)
}

// xssTraps runs before a document's own scripts: every way the vectors
// announce themselves (alert, confirm, prompt, print, window.__pwned) is
// recorded in window.__xss, and so is every Content-Security-Policy
// violation, which is what an injected script or handler causes on a
// page with the site's policy.
const xssTraps = `(function () {
  window.__xss = [];
  function trap(name) {
    return function () { window.__xss.push(name + "(" + Array.prototype.join.call(arguments, ",") + ")"); };
  }
  ["alert", "confirm", "prompt", "print"].forEach(function (n) {
    Object.defineProperty(window, n, {value: trap(n), writable: false, configurable: false});
  });
  Object.defineProperty(window, "__pwned", {
    configurable: false,
    get: function () { return undefined; },
    set: function (v) { window.__xss.push("__pwned=" + v); }
  });
  window.__cspViolations = [];
  document.addEventListener("securitypolicyviolation", function (e) {
    window.__cspViolations.push(e.violatedDirective + " blocked " + (e.blockedURI || "inline code") + " " + (e.sample || ""));
  });
})();`

// dialogs records the JavaScript dialogs a tab opens (and dismisses
// them, so a page is never stalled by one): a second line of defense
// should a vector reach the real alert.
type dialogs struct {
	mu   sync.Mutex
	msgs []string
}

func watchDialogs(t *testing.T, tab context.Context) *dialogs {
	t.Helper()
	d := &dialogs{}
	err := chromedp.Listen(tab, func(ev any) {
		if e, ok := ev.(*page.EventJavascriptDialogOpening); ok {
			d.mu.Lock()
			d.msgs = append(d.msgs, string(e.Type)+": "+e.Message)
			d.mu.Unlock()
			go chromedp.Call(tab, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}
	})
	if err != nil {
		t.Fatalf("listen for dialogs: %v", err)
	}
	return d
}

func (d *dialogs) opened() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]string(nil), d.msgs...)
}

// injectedMarkup lists what in the document could only come from a
// reader's text becoming markup: handler attributes, script URLs,
// scripts other than the site's own (site.js and the JSON-LD blocks of
// its head), active elements, and anything in a
// comment but paragraphs, line breaks and safe links.
const injectedMarkup = `(function () {
  var bad = [];
  function isSchemaOrg(text) {
    try { return JSON.parse(text)["@context"] === "https://schema.org"; } catch (e) { return false; }
  }
  document.querySelectorAll("*").forEach(function (el) {
    for (var i = 0; i < el.attributes.length; i++) {
      var a = el.attributes[i];
      if (/^on/i.test(a.name)) bad.push(el.tagName + " " + a.name);
      if (/^(href|src|action|formaction|data|xlink:href|background|poster)$/i.test(a.name) &&
          /^[\s\u0000-\u001f]*(javascript|vbscript|data)\s*:/i.test(a.value)) bad.push(el.tagName + " " + a.name + "=" + a.value);
    }
  });
  document.querySelectorAll("script").forEach(function (s) {
    // The site's own structured data: schema.org JSON-LD outside the
    // comments (in the head, or the body when the test re-renders a page
    // without its policy), which browsers never run.
    if (s.type === "application/ld+json" && !s.src && !s.closest("#comments") && isSchemaOrg(s.textContent)) return;
    if (!/\/static\/site\.[0-9a-f]+\.js$/.test(s.getAttribute("src") || "") && s.getAttribute("data-test-traps") === null) {
      bad.push("script " + (s.getAttribute("src") || s.textContent.slice(0, 60)));
    }
  });
  document.querySelectorAll("iframe, object, embed, base, style, meta[http-equiv], template, portal, isindex").forEach(function (el) {
    bad.push("element " + el.tagName);
  });
  document.querySelectorAll("#comments .comment-content *").forEach(function (el) {
    if (!/^(P|BR|A)$/.test(el.tagName)) bad.push("in a comment: " + el.tagName);
    if (el.tagName === "A" && (!/^https?:\/\//.test(el.getAttribute("href") || "") || el.getAttribute("rel") !== "nofollow ugc noopener")) {
      bad.push("link in a comment: " + el.outerHTML.slice(0, 80));
    }
  });
  document.querySelectorAll("#comments .comment-author *").forEach(function (el) {
    if (el.tagName !== "A") bad.push("in a name: " + el.tagName);
  });
  document.querySelectorAll("form").forEach(function (f) {
    if (f.id !== "commentform" && !f.classList.contains("search")) bad.push("form " + f.outerHTML.slice(0, 80));
  });
  return bad;
})()`

// xssReport is what a loaded document tells about script execution.
type xssReport struct {
	Ran      []string `json:"ran"`
	CSP      []string `json:"csp"`
	Injected []string `json:"injected"`
}

// checkNothingRan fails the test if anything ran or was injected in the
// tab's current document.
func checkNothingRan(t *testing.T, tab context.Context, d *dialogs, what string, cspExpected bool) {
	t.Helper()
	// Images that fail (src=x) fire their handlers when they settle.
	waitFor(t, tab, what+" settles", `document.readyState === "complete" && Array.from(document.images).every(function (i) { return i.complete; })`)
	r := eval[xssReport](t, tab, `({ran: window.__xss || ["the traps are missing"], csp: window.__cspViolations || [], injected: `+injectedMarkup+`})`)
	if len(r.Ran) > 0 {
		t.Errorf("%s: script ran: %q", what, r.Ran)
	}
	if cspExpected && len(r.CSP) > 0 {
		t.Errorf("%s: injected code was blocked by the policy (so it was injected): %q", what, r.CSP)
	}
	if len(r.Injected) > 0 {
		t.Errorf("%s: reader text became markup: %q", what, first(r.Injected, 5))
	}
	if ds := d.opened(); len(ds) > 0 {
		t.Errorf("%s: dialogs opened: %q", what, ds)
	}
}

func first(s []string, n int) []string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// renderWithoutCSP loads html into the tab as a document with no
// Content-Security-Policy at all (about:blank), with the traps as its
// first script: what a reader's text does when nothing but escaping
// stands in its way, as in a feed reader or a page saved to disk.
func renderWithoutCSP(t *testing.T, tab context.Context, html string) {
	t.Helper()
	do(t, tab, chromedp.Navigate("about:blank"))
	tree, err := chromedp.Call(tab, page.GetFrameTree, struct{}{})
	if err != nil {
		t.Fatalf("frame tree: %v", err)
	}
	doc := "<!doctype html><html><head><script data-test-traps>" + xssTraps + "</script></head><body>" + html + "</body></html>"
	if _, err := chromedp.Call(tab, page.SetDocumentContent, page.SetDocumentContentParams{FrameID: tree.FrameTree.Frame.ID, HTML: doc}); err != nil {
		t.Fatalf("set document content: %v", err)
	}
}

// loc is the site's time zone.
func (s *testSite) loc() *time.Location { return s.zone }

// save stores one more article from the lead's source and returns it.
func (s *testSite) save(t *testing.T, title string) model.Article {
	t.Helper()
	res, err := s.store.SaveArticles(t.Context(), s.lead.SourceID, []model.Article{article(title, "Weather", published.Add(-time.Minute))})
	if err != nil || res.Inserted != 1 {
		t.Fatalf("SaveArticles = %+v, %v", res, err)
	}
	a, err := s.store.GetArticle(t.Context(), res.IDs[0])
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// submitAndWait runs script, which submits a form or follows a link, and
// waits until the tab has loaded a page whose address (without its
// fragment) contains path.
func submitAndWait(t *testing.T, tab context.Context, path, script string) {
	t.Helper()
	_, err := chromedp.Run(tab, chromedp.WaitEvent(page.FrameNavigated, func(e page.EventFrameNavigated) bool {
		return e.Frame.ParentID == "" && strings.Contains(e.Frame.URL, path)
	}, chromedp.Evaluate[chromedp.Void](script)))
	if err != nil {
		t.Fatalf("%s: %v", script, err)
	}
	// The new document's context may not be known yet just after the
	// navigation: asking fails until it is.
	for {
		state, err := chromedp.Run(tab, chromedp.Evaluate[string](`location.href + " " + document.readyState`))
		if err == nil && strings.Contains(state, path) && strings.HasSuffix(state, " complete") {
			return
		}
		if tab.Err() != nil {
			t.Fatalf("waiting for the page at %s: %v (last: %q, %v)", path, tab.Err(), state, err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// contextT is a tab's context.
type contextT = context.Context
