package browser_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// capAnswers makes the live search's answers say what a store that
// stopped at its work bound says: a capped count, and for "ferry tide"
// no hits among the recent articles.
const capAnswers = `
(function () {
  var realFetch = window.fetch.bind(window);
  window.fetch = function (input, init) {
    var q = new URL(String(input), location.href).searchParams.get("q");
    if (q === "ferry tide") {
      return Promise.resolve(new Response(JSON.stringify({items: [], total: 0, total_capped: true}),
        {status: 200, headers: {"Content-Type": "application/json"}}));
    }
    return realFetch(input, init).then(function (resp) {
      return resp.json().then(function (body) {
        body.total_capped = true;
        return new Response(JSON.stringify(body), {status: resp.status, headers: resp.headers});
      });
    });
  };
})();`

// A capped count reads "N+ results"; a capped search with nothing recent
// points to the full page rather than saying there is nothing.
func TestSearch_LiveCappedCounts(t *testing.T) {
	s := newTestSite(t)
	tab := openTab(t, startBrowser(t), chromedp.EmulateViewport(1280, 900), beforePageScripts(capAnswers))
	do(t, tab, chromedp.Navigate(s.url+"/"))
	waitFor(t, tab, "site.js makes the box a combobox", `document.getElementById("search-q").getAttribute("role") === "combobox"`)

	do(t, tab, chromedp.SendKeys(chromedp.ID("search-q"), "harbor"))
	waitFor(t, tab, "live results for harbor", `document.querySelectorAll('.live [role="option"]').length > 0`)
	if status := eval[string](t, tab, `document.querySelector(".live-status").textContent`); !strings.HasSuffix(status, "+ results") {
		t.Errorf("capped count reads %q, want N+ results", status)
	}

	eval[string](t, tab, `document.getElementById("search-q").value = ""`)
	do(t, tab, chromedp.SendKeys(chromedp.ID("search-q"), "ferry tide"))
	waitFor(t, tab, "the answer for ferry tide", `document.querySelector(".live-status").textContent.indexOf("ferry tide") >= 0`)
	status := eval[string](t, tab, `document.querySelector(".live-status").textContent`)
	if !strings.Contains(status, "No recent results") || strings.Contains(status, "No results") {
		t.Errorf("capped and empty reads %q, want it to point to the whole archive", status)
	}
	if hidden := eval[bool](t, tab, `document.querySelector(".live-more").hidden`); hidden {
		t.Error(`"More results" hidden when the live search stopped short`)
	}
}
