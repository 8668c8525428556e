package browser_test

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// The article page's JSON-LD blocks are inline <script> elements under
// a policy of script-src 'self'. As data blocks they are never run, so
// the policy must not refuse them; the browser must still read them as
// the data the server wrote.
func TestMeta_JSONLDPassesThePolicy(t *testing.T) {
	s := newTestSite(t)
	tab := openTab(t, startBrowser(t), beforePageScripts(recordCSPViolations))
	console := watchConsole(t, tab)
	do(t, tab, chromedp.Navigate(s.url+s.leadPath))
	// site.js has run once the copy button shows: the page is complete.
	waitFor(t, tab, "the copy button is revealed", `!document.querySelector(".share-copy").hidden`)

	types := eval[[]string](t, tab, `Array.from(document.querySelectorAll('script[type="application/ld+json"]'),
	  function (s) { return JSON.parse(s.textContent)["@type"]; })`)
	if len(types) != 2 || types[0] != "NewsArticle" || types[1] != "BreadcrumbList" {
		t.Errorf("JSON-LD documents = %q, want NewsArticle and BreadcrumbList", types)
	}
	if h := eval[string](t, tab, `JSON.parse(document.querySelector('script[type="application/ld+json"]').textContent).headline`); h != leadTitle {
		t.Errorf("headline read by the browser = %q, want %q", h, leadTitle)
	}
	if v := eval[[]string](t, tab, `window.__cspViolations`); len(v) > 0 {
		t.Errorf("CSP violations on the article page: %q", v)
	}
	if errs := console.errors(); len(errs) > 0 {
		t.Errorf("console errors on the article page: %q", errs)
	}
}
