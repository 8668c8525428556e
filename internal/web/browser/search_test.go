package browser_test

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// holdFirstSearch records the query of every request the live search
// sends, and holds back the answer to the query "ha" until the test sets
// window.__release: it then arrives after the answer to what the reader
// typed next, as a slow server would deliver it. The held request is
// sent without its abort signal, so only the page's own bookkeeping can
// keep that late answer off the screen. window.__lateDone counts the
// held answers the page has finished reading.
const holdFirstSearch = `
window.__queries = [];
window.__release = false;
window.__lateDone = 0;
(function () {
  var realFetch = window.fetch.bind(window);
  window.fetch = function (input, init) {
    var q = new URL(String(input), location.href).searchParams.get("q");
    window.__queries.push(q);
    if (q !== "ha") return realFetch(input, init);
    return realFetch(input, {headers: init && init.headers}).then(function (resp) {
      return resp.text().then(function (body) {
        return new Promise(function (resolve) {
          var timer = setInterval(function () {
            if (!window.__release) return;
            clearInterval(timer);
            var late = new Response(body, {status: resp.status, headers: resp.headers});
            var json = late.json.bind(late);
            late.json = function () {
              return json().then(function (v) {
                // After the page's handlers for this answer have run.
                setTimeout(function () { window.__lateDone++; }, 0);
                return v;
              });
            };
            resolve(late);
          }, 10);
        });
      });
    });
  };
})();`

// The header's live search: results while typing, with highlights, the
// keyboard to choose one, and the full page's filters kept in its URL.
func TestSearch_LiveKeyboardAndFilters(t *testing.T) {
	s := newTestSite(t)
	tab := openTab(t, startBrowser(t),
		chromedp.EmulateViewport(1280, 900),
		beforePageScripts(recordCSPViolations+holdFirstSearch))
	console := watchConsole(t, tab)
	do(t, tab, chromedp.Navigate(s.url+"/"))

	// Without a script the box is a plain search field; site.js makes it
	// a combobox.
	waitFor(t, tab, "site.js makes the box a combobox", `document.getElementById("search-q").getAttribute("role") === "combobox"`)
	listID := eval[string](t, tab, `document.getElementById("search-q").getAttribute("aria-controls")`)
	if role := eval[string](t, tab, `document.getElementById(`+jsString(listID)+`).getAttribute("role")`); role != "listbox" {
		t.Fatalf("the box controls %q with role %q, want a listbox", listID, role)
	}

	// "ha" is answered late, after "harbor": the late answer must not
	// replace the newer one.
	do(t, tab, chromedp.SendKeys(chromedp.ID("search-q"), "ha"))
	waitFor(t, tab, `the search for "ha" is sent`, `window.__queries.includes("ha")`)
	do(t, tab, chromedp.SendKeys(chromedp.ID("search-q"), "rbor"))
	waitFor(t, tab, "live results for harbor", `(function () {
	  var more = document.querySelector(".live-more");
	  return more && !document.querySelector(".live").hidden &&
	    new URL(more.href).searchParams.get("q") === "harbor";
	})()`)
	eval[chromedp.Void](t, tab, `window.__release = true`)
	waitFor(t, tab, `the late answer for "ha" is read`, `window.__lateDone === 1`)
	if q := eval[string](t, tab, `new URL(document.querySelector(".live-more").href).searchParams.get("q")`); q != "harbor" {
		t.Fatalf("after the late answer the list is for %q, want harbor", q)
	}
	if typed := eval[string](t, tab, `document.getElementById("search-q").value`); typed != "harbor" {
		t.Fatalf("the box holds %q", typed)
	}

	type option struct {
		ID    string   `json:"id"`
		Title string   `json:"title"`
		Marks []string `json:"marks"`
		Meta  string   `json:"meta"`
		Thumb string   `json:"thumb"`
		Href  string   `json:"href"`
	}
	opts := eval[[]option](t, tab, `Array.from(document.querySelectorAll('.live [role="option"]'), function (li) {
	  var img = li.querySelector("img");
	  return {id: li.id, title: li.querySelector(".live-title").textContent,
	    marks: Array.from(li.querySelectorAll(".live-title mark"), function (m) { return m.textContent; }),
	    meta: li.querySelector(".live-meta").textContent, thumb: img ? img.getAttribute("src") : "",
	    href: li.querySelector("a").getAttribute("href")};
	})`)
	if len(opts) != 3 {
		t.Fatalf("live results = %+v, want the 3 harbor articles", opts)
	}
	for _, o := range opts {
		if len(o.Marks) == 0 || !strings.EqualFold(o.Marks[0], "harbor") {
			t.Errorf("%q: marks %q, want harbor highlighted", o.Title, o.Marks)
		}
		if o.Meta != "Harbor Wire · June 21, 2024" || !strings.HasSuffix(o.Thumb, ".png") || !strings.HasPrefix(o.Href, "/2024/06/21/") {
			t.Errorf("%q: meta %q, thumbnail %q, link %q", o.Title, o.Meta, o.Thumb, o.Href)
		}
	}
	if more := eval[string](t, tab, `document.querySelector(".live-more").getAttribute("href")`); more != "/search?q=harbor" {
		t.Errorf(`"More results" goes to %q`, more)
	}
	if eval[string](t, tab, `document.getElementById("search-q").getAttribute("aria-expanded")`) != "true" {
		t.Error("aria-expanded is not true while the list is open")
	}

	// Escape closes; ArrowDown opens it again on the first result, moves
	// down, ArrowUp back, and Enter opens the chosen article.
	do(t, tab, chromedp.KeyEvent(kb.Escape))
	if visible(t, tab, ".live") || eval[string](t, tab, `document.getElementById("search-q").getAttribute("aria-expanded")`) != "false" {
		t.Fatal("Escape did not close the list")
	}
	selected := func() string {
		return eval[string](t, tab, `(function () {
		  var sel = document.querySelectorAll('.live [aria-selected="true"]');
		  var active = document.getElementById("search-q").getAttribute("aria-activedescendant") || "";
		  return sel.length === 1 && sel[0].id === active ? active : "mismatch:" + sel.length + ":" + active;
		})()`)
	}
	do(t, tab, chromedp.KeyEvent(kb.ArrowDown))
	if !visible(t, tab, ".live") || selected() != opts[0].ID {
		t.Fatalf("ArrowDown: list visible %v, selected %q, want %q", visible(t, tab, ".live"), selected(), opts[0].ID)
	}
	do(t, tab, chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.ArrowDown))
	if got := selected(); got != opts[2].ID {
		t.Errorf("two more ArrowDown: selected %q, want %q", got, opts[2].ID)
	}
	do(t, tab, chromedp.KeyEvent(kb.ArrowUp))
	if got := selected(); got != opts[1].ID {
		t.Fatalf("ArrowUp: selected %q, want %q", got, opts[1].ID)
	}
	if _, err := chromedp.Run(tab, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.KeyEvent(kb.Enter))); err != nil {
		t.Fatalf("Enter on a result: %v", err)
	}
	if path := location(t, tab).Path; path != opts[1].Href {
		t.Fatalf("Enter opened %s, want the chosen result %s", path, opts[1].Href)
	}
	if h1 := eval[string](t, tab, `document.querySelector("main h1").textContent`); h1 != opts[1].Title {
		t.Errorf("article page headline %q, want %q", h1, opts[1].Title)
	}

	// Enter with no result chosen submits the form: the full page.
	do(t, tab, chromedp.Navigate(s.url+"/"))
	waitFor(t, tab, "site.js is ready", `document.getElementById("search-q").getAttribute("role") === "combobox"`)
	do(t, tab, chromedp.SendKeys(chromedp.ID("search-q"), "harbor"))
	waitFor(t, tab, "live results", `document.querySelectorAll('.live [role="option"]').length === 3`)
	if _, err := chromedp.Run(tab, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.KeyEvent(kb.Enter))); err != nil {
		t.Fatalf("Enter in the box: %v", err)
	}
	u := location(t, tab)
	if u.Path != "/search" || u.Query().Get("q") != "harbor" {
		t.Fatalf("Enter went to %s, want /search?q=harbor", u)
	}
	results := func() []string {
		return eval[[]string](t, tab, `Array.from(document.querySelectorAll(".results .card-title"), function (h) { return h.textContent; })`)
	}
	if got := results(); len(got) != 3 {
		t.Fatalf("full page results = %q", got)
	}
	if n := eval[int](t, tab, `document.querySelectorAll(".results .card-title mark, .results .snippet mark").length`); n < 3 {
		t.Errorf("the full page marks %d words, want the headlines' matches at least", n)
	}

	// Tick a category among the filters and apply: fewer results, and the
	// filter is in the address to share.
	sports := `form.refine input[name="category"][value="sports"]`
	if label := eval[string](t, tab, `document.querySelector(`+jsString(sports)+`).parentElement.textContent.trim()`); label != "Sports (1)" {
		t.Errorf("Sports filter reads %q, want its count", label)
	}
	do(t, tab, chromedp.Click(chromedp.CSS(sports)))
	if _, err := chromedp.Run(tab, chromedp.WaitEvent(page.LoadEventFired, nil,
		chromedp.Click(chromedp.CSS(`form.refine button[type="submit"]`)))); err != nil {
		t.Fatalf("apply the filters: %v", err)
	}
	u = location(t, tab)
	if u.Path != "/search" || u.Query().Get("q") != "harbor" || !slices.Equal(u.Query()["category"], []string{"sports"}) {
		t.Errorf("after filtering the address is %s, want q=harbor&category=sports", u)
	}
	if got := results(); !slices.Equal(got, []string{"Harbor rowing club wins the regional championship"}) {
		t.Errorf("filtered results = %q", got)
	}
	if !eval[bool](t, tab, `document.querySelector(`+jsString(sports)+`).checked`) {
		t.Error("the Sports box is not ticked on the filtered page")
	}
	// The same address, opened afresh, is the same search.
	do(t, tab, chromedp.Navigate(u.String()))
	if got := results(); !slices.Equal(got, []string{"Harbor rowing club wins the regional championship"}) {
		t.Errorf("the shared address shows %q", got)
	}

	if v := eval[[]string](t, tab, `window.__cspViolations`); len(v) > 0 {
		t.Errorf("CSP violations: %q", v)
	}
	if errs := console.errors(); len(errs) > 0 {
		t.Errorf("console errors: %q", errs)
	}
}

// location is the tab's current address.
func location(t *testing.T, tab context.Context) *url.URL {
	t.Helper()
	loc, err := chromedp.Run(tab, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(loc)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
