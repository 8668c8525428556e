package browser_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// The pages are rendered on the server so a reader without JavaScript
// can share, filter and search; only copying and the share sheet need it.
func TestNoJavaScript_PagesStillWork(t *testing.T) {
	s := newTestSite(t)
	tab := openTab(t, startBrowser(t))
	if _, err := chromedp.Call(tab, emulation.SetScriptExecutionDisabled,
		emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatalf("disable scripts: %v", err)
	}

	t.Run("article share links", func(t *testing.T) {
		do(t, tab, chromedp.Navigate(s.url+s.leadPath))
		for _, target := range []string{"facebook", "x", "whatsapp", "telegram", "linkedin", "email"} {
			sel := "a.share-" + target
			if !visible(t, tab, sel) {
				t.Errorf("%s share link is not visible", target)
				continue
			}
			href, err := chromedp.Run(tab, chromedp.AttributeValue(chromedp.CSS(sel), "href"))
			if err != nil {
				t.Fatal(err)
			}
			// Every target carries the article's address in its query.
			if !strings.Contains(href.Value, url.QueryEscape(s.shareURL)) {
				t.Errorf("%s share link %q does not carry %s", target, href.Value, s.shareURL)
			}
		}
		for _, sel := range []string{"button.share-copy", "button.share-native"} {
			if visible(t, tab, sel) {
				t.Errorf("%s is visible although no script can make it work", sel)
			}
		}
	})

	t.Run("search filters and search", func(t *testing.T) {
		do(t, tab, chromedp.Navigate(s.url+"/"))
		if visible(t, tab, `input[name="in"][value="title"]`) {
			t.Fatal("the filters are open before the reader asks for them")
		}
		do(t, tab, chromedp.Click(chromedp.CSS("details.filters summary")))
		if !eval[bool](t, tab, `document.querySelector("details.filters").open`) {
			t.Fatal(`clicking "Generic filters" did not open the panel`)
		}
		title := `input[name="in"][value="title"]`
		if !visible(t, tab, title) {
			t.Error(`"Search in title" is not visible in the open panel`)
		}
		if !eval[bool](t, tab, `document.querySelector('input[name="in"][value="title"]').checked`) {
			t.Error(`"Search in title" is not checked by default`)
		}

		_, err := chromedp.Run(tab, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Steps(
			chromedp.SendKeys(chromedp.ID("search-q"), "ferry"),
			chromedp.Click(chromedp.CSS(`form.search button[type="submit"]`)),
		)))
		if err != nil {
			t.Fatalf("submit the search: %v", err)
		}
		loc, err := chromedp.Run(tab, chromedp.Location())
		if err != nil {
			t.Fatal(err)
		}
		u, err := url.Parse(loc)
		if err != nil {
			t.Fatal(err)
		}
		if u.Path != "/search" || u.Query().Get("q") != "ferry" {
			t.Fatalf("the search form went to %s, want /search?q=ferry", loc)
		}
		titles := eval[[]string](t, tab,
			`Array.from(document.querySelectorAll(".results .card-title a"), a => a.textContent)`)
		if len(titles) != 1 || titles[0] != s.searchHit {
			t.Errorf("search results = %q, want only %q", titles, s.searchHit)
		}

		// The results page's own filters are a plain form too: tick the
		// article's section and apply.
		box := `form.refine input[name="category"][value="transport"]`
		do(t, tab, chromedp.Click(chromedp.CSS(box)))
		_, err = chromedp.Run(tab, chromedp.WaitEvent(page.LoadEventFired, nil,
			chromedp.Click(chromedp.CSS(`form.refine button[type="submit"]`))))
		if err != nil {
			t.Fatalf("apply the filters: %v", err)
		}
		if loc, err = chromedp.Run(tab, chromedp.Location()); err != nil {
			t.Fatal(err)
		}
		if u, err = url.Parse(loc); err != nil || u.Query().Get("q") != "ferry" || u.Query().Get("category") != "transport" {
			t.Errorf("the filters form went to %s, want q=ferry&category=transport", loc)
		}
		if !eval[bool](t, tab, `document.querySelector(`+jsString(box)+`).checked`) {
			t.Error("the ticked section is not ticked on the filtered page")
		}
	})
}
