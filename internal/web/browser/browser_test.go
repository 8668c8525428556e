// Package browser_test drives the reader's site in a real headless
// Chromium: what the HTML tests cannot see, such as the Content-Security-
// Policy at work, site.js revealing its buttons, the live search and its
// keyboard, the clipboard, the Web Share API, a phone's viewport and the
// pages with scripts turned off.
package browser_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

const (
	chromiumPath = "/usr/bin/chromium"
	// testTimeout bounds a whole test function, and the start of the
	// shared browser, so a hung browser fails the test instead of the
	// package's -timeout. It is no performance budget: a test takes a few
	// seconds.
	testTimeout = 2 * time.Minute
)

// chromiumFlags are all the switches the browser gets besides its profile
// and the DevTools pipe: headless, no sandbox (the tests run as root), and
// nothing that talks to Google's services, so a test run never leaves the
// machine. They are spelled out instead of taken from chromedp's defaults,
// which carry flags this project has no reason to pass.
var chromiumFlags = []string{
	"headless", "no-sandbox", "disable-gpu", "disable-background-networking",
	"disable-component-update", "disable-sync", "no-first-run",
}

// shared is the one Chromium the package's tests share. Starting a
// browser took a second or more of every test under the race detector;
// a browser context of its own per test (see startBrowser) keeps what a
// fresh profile kept apart: cookies, storage, cache and permissions.
var shared struct {
	once sync.Once
	ctx  context.Context // the browser's context, once started
	err  error
	stop func() // closes the browser and removes its profile
}

// TestMain closes the shared browser, if a test started it, after every
// test has run.
func TestMain(m *testing.M) {
	code := m.Run()
	if shared.stop != nil {
		shared.stop()
	}
	os.Exit(code)
}

// launchShared starts the shared browser with a profile in a temporary
// directory of its own.
func launchShared() {
	dir, err := os.MkdirTemp("", "newsdesk-chromium-")
	if err != nil {
		shared.err = err
		return
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath),
		chromedp.UserDataDir(dir),
	}
	for _, f := range chromiumFlags {
		opts = append(opts, chromedp.Flag(f, true))
	}
	// The first run on a context binds the browser's life to that context,
	// so the start gets no deadline of its own; the wait for it has one.
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	browserCtx, cancelBrowser := chromedp.NewContext(allocCtx)
	stop := func() {
		// A graceful close lets Chromium finish writing its profile
		// before the directory goes.
		ctx, cancel := context.WithTimeout(browserCtx, 30*time.Second)
		if err := chromedp.Cancel(ctx); err != nil {
			fmt.Fprintf(os.Stderr, "browser: close: %v\n", err)
		}
		cancel()
		cancelBrowser()
		cancelAlloc() // waits for the browser process to exit
		os.RemoveAll(dir)
	}
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(browserCtx) }()
	select {
	case err = <-started:
	case <-time.After(testTimeout):
		err = fmt.Errorf("no answer in %v", testTimeout)
	}
	if err != nil {
		stop()
		shared.err = err
		return
	}
	shared.ctx, shared.stop = browserCtx, stop
}

// startBrowser returns, for one test function, a context in a browser
// context of its own in the package's shared headless Chromium (started
// by the first test that asks); subtests open tabs in it with openTab,
// and they share its cookies and storage. Without Chromium the test is
// skipped, unless NEWSDESK_REQUIRE_ALL=1 asks for every optional test to
// run.
func startBrowser(t *testing.T) context.Context {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		reason := fmt.Sprintf("browser: Chromium is needed at %s: %v", chromiumPath, err)
		if os.Getenv("NEWSDESK_REQUIRE_ALL") == "1" {
			t.Fatal(reason)
		}
		t.Skip(reason)
	}
	shared.once.Do(launchShared)
	if shared.err != nil {
		t.Fatalf("browser: start %s: %v", chromiumPath, shared.err)
	}
	ctx, cancel := context.WithTimeout(shared.ctx, testTimeout)
	t.Cleanup(cancel)
	browserCtx, cancelBrowser := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	// Closes the test's tabs and disposes of its browser context; the
	// shared browser stays.
	t.Cleanup(cancelBrowser)
	if err := chromedp.Do(browserCtx); err != nil {
		t.Fatalf("browser: open a browser context: %v", err)
	}
	return browserCtx
}

// openTab opens a new tab in the browser; setup runs on it before anything
// is loaded, for scripts that must run before the page's own.
func openTab(t *testing.T, browserCtx context.Context, setup ...chromedp.Action[chromedp.Void]) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browserCtx)
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx, setup...); err != nil {
		t.Fatalf("browser: open tab: %v", err)
	}
	return ctx
}

// beforePageScripts installs a script that runs in every document the tab
// loads, before the document's own scripts.
func beforePageScripts(source string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tab *chromedp.Target) error {
		_, err := cdp.Call(ctx, tab, page.AddScriptToEvaluateOnNewDocument,
			page.AddScriptToEvaluateOnNewDocumentParams{Source: source})
		return err
	})
}

// do runs actions on a tab and fails the test on the first error.
func do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("browser: %v", err)
	}
}

// eval evaluates a JavaScript expression in the tab's page and decodes it.
func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// waitFor polls a JavaScript predicate until it holds; the test's context
// bounds the wait.
func waitFor(t *testing.T, ctx context.Context, what, predicate string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Poll[chromedp.Void](predicate,
		chromedp.WithPollingTimeout(0))); err != nil {
		t.Fatalf("waiting until %s (%s): %v", what, predicate, err)
	}
}

// isVisible is a JavaScript function that tells whether the element a
// selector finds is rendered with a size, as a reader would see it.
// checkVisibility also sees what a closed <details> hides, which keeps
// its boxes.
const isVisible = `function isVisible(sel) {
  var el = document.querySelector(sel);
  if (!el || !el.checkVisibility({visibilityProperty: true, opacityProperty: true})) return false;
  var r = el.getBoundingClientRect();
  return r.width > 0 && r.height > 0;
}`

// visible reports whether the element a selector finds is visible.
func visible(t *testing.T, ctx context.Context, sel string) bool {
	t.Helper()
	return eval[bool](t, ctx, "("+isVisible+")("+jsString(sel)+")")
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s) // a string always encodes
	return string(b)
}

// consoleErrors records what a tab reports as an error: console.error
// calls, uncaught exceptions and the browser's error log entries, which
// is where Chromium reports blocked resources and CSP violations.
type consoleErrors struct {
	mu   sync.Mutex
	msgs []string
}

// watchConsole starts recording a tab's errors.
func watchConsole(t *testing.T, ctx context.Context) *consoleErrors {
	t.Helper()
	c := &consoleErrors{}
	err := chromedp.Listen(ctx, func(ev any) {
		var msg string
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError {
				msg = "console.error: " + remoteValues(ev.Args)
			}
		case *runtime.EventExceptionThrown:
			msg = "exception: " + ev.ExceptionDetails.Text
			if ex := ev.ExceptionDetails.Exception; ex != nil {
				msg += " " + ex.Description
			}
		case *log.EventEntryAdded:
			if ev.Entry.Level == log.EntryLevelError {
				msg = fmt.Sprintf("log %s: %s %s", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL)
			}
		}
		if msg != "" {
			c.mu.Lock()
			c.msgs = append(c.msgs, msg)
			c.mu.Unlock()
		}
	})
	if err != nil {
		t.Fatalf("browser: listen to console: %v", err)
	}
	return c
}

// errors returns the errors recorded so far. The tab's events arrive in
// order with the replies to commands, so every error the page reported
// before the caller's last command returned is included.
func (c *consoleErrors) errors() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.msgs)
}

func remoteValues(args []*runtime.RemoteObject) string {
	parts := make([]string, 0, len(args))
	for _, a := range args {
		if len(a.Value) > 0 {
			parts = append(parts, string(a.Value))
		} else {
			parts = append(parts, a.Description)
		}
	}
	return strings.Join(parts, " ")
}
