package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

var (
	demoReady     = regexp.MustCompile(`site ready at (http://\S+) \((\d+) articles from (\d+) sources`)
	demoAdminLine = regexp.MustCompile(`sign in as (\S+) with password (\S+) `)
)

// demoLogin is the admin account the demo prints at start.
type demoLogin struct{ email, password string }

// launchDemo runs `newsdesk demo` in-process as a user would and waits
// for it to say the site is ready. stop cancels it and returns its exit
// status.
func launchDemo(tb testing.TB) (siteURL string, articles int, login demoLogin, stop func() int) {
	tb.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	exit := make(chan int, 1)
	go func() {
		exit <- run(ctx, []string{"demo", "--addr", "127.0.0.1:0", "--data", tb.TempDir(), "--log-level", "error"},
			stdio{in: strings.NewReader(""), out: pw, err: io.Discard, getenv: func(string) string { return "" }})
		pw.Close()
	}()
	lines := bufio.NewScanner(pr)
	for lines.Scan() {
		if m := demoAdminLine.FindStringSubmatch(lines.Text()); m != nil {
			login = demoLogin{m[1], m[2]}
		}
		if m := demoReady.FindStringSubmatch(lines.Text()); m != nil {
			siteURL = m[1]
			articles, _ = strconv.Atoi(m[2])
			break
		}
	}
	go io.Copy(io.Discard, pr)
	stop = func() int { cancel(); return <-exit }
	if siteURL == "" {
		tb.Fatalf("demo never reported ready (exit %d)", stop())
	}
	return siteURL, articles, login, stop
}

// TestDemo_Smoke starts the demo, then reads the health check, the home
// page and one article.
func TestDemo_Smoke(t *testing.T) {
	if testing.Short() {
		t.Skip("the demo builds and aggregates a whole world")
	}
	siteURL, articles, login, stop := launchDemo(t)
	if articles < 300 {
		t.Errorf("demo ingested only %d articles, want at least 300", articles)
	}
	client := &http.Client{Timeout: 10 * time.Second}
	get := func(path string) string {
		t.Helper()
		resp, err := client.Get(siteURL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d", path, resp.StatusCode)
		}
		return string(body)
	}
	get("/healthz")
	home := get("/")
	link := regexp.MustCompile(`href="(/\d{4}/\d{2}/\d{2}/[a-z0-9-]+/)"`).FindStringSubmatch(home)
	if link == nil {
		t.Fatal("home page links to no article permalink")
	}
	article := get(link[1])
	for _, want := range []string{"<h1", "<time datetime=", "Photo Credit:", "Credit:", "Share to:"} {
		if !strings.Contains(article, want) {
			t.Errorf("article %s lacks %q", link[1], want)
		}
	}
	// The admin account printed at start signs in to the admin area.
	if login.email != "demo@newsdesk.invalid" || len(login.password) < 20 {
		t.Fatalf("demo printed no usable admin account: %+v", login)
	}
	noFollow := &http.Client{Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.PostForm(siteURL+"/admin/login", url.Values{"email": {login.email}, "password": {login.password}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/admin/" || len(resp.Cookies()) == 0 {
		t.Fatalf("demo admin login: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	req, _ := http.NewRequest(http.MethodGet, siteURL+"/admin/settings/discussion", nil)
	req.AddCookie(resp.Cookies()[0])
	resp, err = noFollow.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("the demo admin cannot open the discussion settings: %d", resp.StatusCode)
	}
	if code := stop(); code != 0 {
		t.Errorf("demo exited %d after cancel", code)
	}
}

// BenchmarkDemo_Ready measures the time from `newsdesk demo` starting to
// the site being ready with the whole world aggregated.
func BenchmarkDemo_Ready(b *testing.B) {
	for b.Loop() {
		_, _, _, stop := launchDemo(b)
		b.StopTimer()
		stop()
		b.StartTimer()
	}
}
