package browser_test

import (
	"testing"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
)

// recordCSPViolations keeps every Content-Security-Policy violation the
// document reports in window.__cspViolations, from before its first
// script runs.
const recordCSPViolations = `
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " blocked " + (e.blockedURI || "inline code"));
});`

func TestArticle_DesktopPageIsCleanAndComplete(t *testing.T) {
	s := newTestSite(t)
	tab := openTab(t, startBrowser(t),
		chromedp.EmulateViewport(1280, 900),
		beforePageScripts(recordCSPViolations))
	console := watchConsole(t, tab)
	do(t, tab, chromedp.Navigate(s.url+s.leadPath))

	// site.js ran: it reveals the copy button, so a page whose script was
	// blocked fails here rather than passing quietly.
	waitFor(t, tab, "the copy button is revealed", `!document.querySelector(".share-copy").hidden`)
	for _, tc := range []struct{ sel, text string }{
		{"main h1", leadTitle},
		{"figure.lead-photo figcaption", "Photo Credit: " + leadCredit},
		{"p.credit a", "Harbor Wire Service"},
		{"#share-h", "Share to:"},
	} {
		if !visible(t, tab, tc.sel) {
			t.Errorf("%s is not visible", tc.sel)
		}
		text := eval[string](t, tab, `document.querySelector(`+jsString(tc.sel)+`).innerText.trim()`)
		if text != tc.text {
			t.Errorf("%s text = %q, want %q", tc.sel, text, tc.text)
		}
	}
	if href := eval[string](t, tab, `document.querySelector("p.credit a").href`); href != s.lead.URL {
		t.Errorf("Credit link = %q, want the original %q", href, s.lead.URL)
	}

	// The lead photo comes from another origin over http; the policy must
	// let it through and the browser must have decoded it.
	waitFor(t, tab, "the lead photo finishes loading", `document.querySelector("figure.lead-photo img").complete`)
	if w := eval[int](t, tab, `document.querySelector("figure.lead-photo img").naturalWidth`); w != imageWidth {
		t.Errorf("lead photo naturalWidth = %d, want %d (the image did not load)", w, imageWidth)
	}

	if v := eval[[]string](t, tab, `window.__cspViolations`); len(v) > 0 {
		t.Errorf("CSP violations on the article page: %q", v)
	}
	if errs := console.errors(); len(errs) > 0 {
		t.Errorf("console errors on the article page: %q", errs)
	}

	// The recorder above must be able to see a violation, or its silence
	// proves nothing: an inline script is exactly what the policy refuses.
	eval[chromedp.Void](t, tab, `(function () {
	  var s = document.createElement("script");
	  s.textContent = "window.__inlineRan = true";
	  document.body.appendChild(s);
	})()`)
	waitFor(t, tab, "the inline script is reported", `window.__cspViolations.length > 0`)
	if eval[bool](t, tab, `window.__inlineRan === true`) {
		t.Error("an inline script ran: the Content-Security-Policy does not hold")
	}
	if len(console.errors()) == 0 {
		t.Error("the console watcher missed the refused inline script")
	}
}

func TestArticle_CopyLink(t *testing.T) {
	s := newTestSite(t)
	b := startBrowser(t)
	// The clipboard is the browser's to guard; a reader would have been
	// asked once, so the test grants it up front for the site's origin.
	for _, name := range []string{"clipboard-read", "clipboard-write"} {
		_, err := chromedp.CallBrowser(b, browser.SetPermission, browser.SetPermissionParams{
			Permission:       &browser.PermissionDescriptor{Name: name},
			Setting:          browser.PermissionSettingGranted,
			Origin:           s.url,
			BrowserContextID: chromedp.FromContext(b).BrowserContextID, // the test's own
		})
		if err != nil {
			t.Fatalf("grant %s: %v", name, err)
		}
	}
	tab := openTab(t, b)
	console := watchConsole(t, tab)
	do(t, tab,
		chromedp.Navigate(s.url+s.leadPath),
		chromedp.WaitVisible(chromedp.CSS("button.share-copy")),
		chromedp.Click(chromedp.CSS("button.share-copy")),
	)
	waitFor(t, tab, "the share status changes", `document.querySelector(".share-status").textContent !== ""`)
	if got := eval[string](t, tab, `document.querySelector(".share-status").textContent`); got != "Link copied." {
		t.Fatalf("share status = %q, want %q", got, "Link copied.")
	}
	if got := eval[string](t, tab, `navigator.clipboard.readText()`); got != s.shareURL {
		t.Errorf("clipboard holds %q, want the article's address %q", got, s.shareURL)
	}
	if errs := console.errors(); len(errs) > 0 {
		t.Errorf("console errors while copying: %q", errs)
	}
}

// recordShareCalls replaces the Web Share API with a stub that records
// what the page asks to share.
const recordShareCalls = `
window.__shareCalls = [];
Object.defineProperty(Navigator.prototype, "share", {
  configurable: true, writable: true,
  value: function (data) {
    window.__shareCalls.push({title: data.title, url: data.url});
    return Promise.resolve();
  }
});`

// removeWebShare takes the Web Share API away, as in a browser without it.
const removeWebShare = `delete Navigator.prototype.share;`

func TestArticle_WebShare(t *testing.T) {
	s := newTestSite(t)
	b := startBrowser(t)

	t.Run("without navigator.share the button stays hidden", func(t *testing.T) {
		tab := openTab(t, b, beforePageScripts(removeWebShare))
		do(t, tab,
			chromedp.Navigate(s.url+s.leadPath),
			// The copy button shows that site.js has run.
			chromedp.WaitVisible(chromedp.CSS("button.share-copy")),
		)
		if eval[string](t, tab, `typeof navigator.share`) != "undefined" {
			t.Fatal("navigator.share is still defined")
		}
		if visible(t, tab, "button.share-native") {
			t.Error(`"Share…" is visible although the browser cannot share`)
		}
	})

	t.Run("with navigator.share the button shares the article", func(t *testing.T) {
		tab := openTab(t, b, beforePageScripts(recordShareCalls))
		do(t, tab,
			chromedp.Navigate(s.url+s.leadPath),
			chromedp.WaitVisible(chromedp.CSS("button.share-native")),
		)
		if got := eval[string](t, tab, `document.querySelector("button.share-native").textContent`); got != "Share…" {
			t.Errorf("native share button reads %q", got)
		}
		do(t, tab, chromedp.Click(chromedp.CSS("button.share-native")))
		waitFor(t, tab, "the stub is called", `window.__shareCalls.length > 0`)
		type shareData struct {
			Title string `json:"title"`
			URL   string `json:"url"`
		}
		calls := eval[[]shareData](t, tab, `window.__shareCalls`)
		want := shareData{Title: leadTitle, URL: s.shareURL}
		if len(calls) != 1 || calls[0] != want {
			t.Errorf("navigator.share calls = %+v, want one with %+v", calls, want)
		}
	})
}
