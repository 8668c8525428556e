package main

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"mime/quotedprintable"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/newsdesk/newsdesk/internal/auth"
	"github.com/newsdesk/newsdesk/internal/comments"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/site"
	"github.com/newsdesk/newsdesk/internal/store"
	"github.com/newsdesk/newsdesk/internal/store/storetest"
	"github.com/newsdesk/newsdesk/internal/web"
)

// smtpSink is a minimal SMTP server on 127.0.0.1 that keeps the
// recipients and text of each message it is sent.
type smtpSink struct {
	ln   net.Listener
	mu   sync.Mutex
	msgs []sunkMessage
	got  chan struct{}
}

type sunkMessage struct {
	to   []string
	data string
}

func newSMTPSink(t *testing.T) *smtpSink {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &smtpSink{ln: ln, got: make(chan struct{}, 10)}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go s.serve(conn)
		}
	}()
	return s
}

func (s *smtpSink) serve(conn net.Conn) {
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(30 * time.Second))
	r := bufio.NewReader(conn)
	say := func(line string) { io.WriteString(conn, line+"\r\n") }
	say("220 sink.test ESMTP")
	var m sunkMessage
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		cmd := strings.ToUpper(strings.TrimSpace(line))
		switch {
		case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
			say("250 sink.test")
		case strings.HasPrefix(cmd, "MAIL FROM:"):
			say("250 OK")
		case strings.HasPrefix(cmd, "RCPT TO:"):
			m.to = append(m.to, strings.Trim(strings.TrimSpace(line)[len("RCPT TO:"):], "<> "))
			say("250 OK")
		case cmd == "DATA":
			say("354 end with .")
			var b strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				b.WriteString(l)
			}
			m.data = b.String()
			s.mu.Lock()
			s.msgs = append(s.msgs, m)
			s.mu.Unlock()
			s.got <- struct{}{}
			m = sunkMessage{}
			say("250 OK")
		case cmd == "QUIT":
			say("221 bye")
			return
		default:
			say("250 OK")
		}
	}
}

// TestSite_CommentHeldNotifiesByEmailAndIsModeratedInTheAdminArea runs
// the site as serve builds it, with the notifier the SMTP flags make: a
// reader's first comment is held, the moderators get an email pointing
// at the queue, and a moderator signs in there and approves it.
func TestSite_CommentHeldNotifiesByEmailAndIsModeratedInTheAdminArea(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for the comment form's minimum age")
	}
	ctx := context.Background()
	st := storetest.NewSQLiteCopy(t)
	src, err := st.AddSource(ctx, model.Source{FeedURL: "https://wire.example/feed.xml", Name: "Wire"})
	if err != nil {
		t.Fatal(err)
	}
	res, err := st.SaveArticles(ctx, src.ID, []model.Article{{GUID: "1", URL: "https://wire.example/a", Title: "Harbor reopens",
		Excerpt: "The harbor reopened.", ContentHTML: "<p>The harbor reopened.</p>", ContentText: "The harbor reopened.",
		PublishedAt: time.Now().Add(-time.Hour), Kind: model.KindAggregated}})
	if err != nil {
		t.Fatal(err)
	}
	article, err := st.GetArticle(ctx, res.IDs[0])
	if err != nil {
		t.Fatal(err)
	}
	mgr, err := auth.NewManager(st, auth.Options{})
	if err != nil {
		t.Fatal(err)
	}
	const pw = "moderating all day long"
	if _, err := mgr.CreateUser(ctx, "mod@newsroom.example", "Mo", model.RoleModerator, pw); err != nil {
		t.Fatal(err)
	}

	sink := newSMTPSink(t)
	addr, from, empty := sink.ln.Addr().String(), "Newsdesk <news@newsroom.example>", ""
	notifier, err := smtpFlags{addr: &addr, from: &from, user: &empty, password: &empty}.notifier("news.example.org")
	if err != nil {
		t.Fatal(err)
	}
	settings := site.Defaults()
	srv := httptest.NewUnstartedServer(nil)
	settings.BaseURL = "http://" + srv.Listener.Addr().String()
	h, err := newSiteHandler(ctx, settings, st, slog.New(slog.DiscardHandler), siteOptions{notifier: notifier})
	if err != nil {
		t.Fatal(err)
	}
	srv.Config.Handler = h
	srv.Start()
	defer srv.Close()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

	// A reader posts a first comment, which the rules hold.
	resp, err := client.Get(srv.URL + web.Permalink(article, settings.Location))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := goquery.NewDocumentFromReader(resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("article page: %d %v", resp.StatusCode, err)
	}
	form := url.Values{}
	doc.Find(`form input[type="hidden"]`).Each(func(_ int, s *goquery.Selection) {
		name, _ := s.Attr("name")
		v, _ := s.Attr("value")
		form.Set(name, v)
	})
	if form.Get("comment_token") == "" {
		t.Fatal("the article page has no comment form")
	}
	form.Set("comment", "The ferry times in the article are out of date.")
	form.Set("author", "Reader")
	form.Set("email", "canary-reader@example.net")
	time.Sleep(comments.DefaultMinAge + 200*time.Millisecond)
	resp, err = client.PostForm(srv.URL+"/comments", form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("post comment: %d", resp.StatusCode)
	}
	held, _, err := st.ListComments(ctx, store.CommentFilter{Status: model.CommentPending})
	if err != nil || len(held) != 1 {
		t.Fatalf("held comments: %v %v", held, err)
	}

	select {
	case <-sink.got:
	case <-time.After(time.Minute):
		t.Fatal("no email reached the SMTP server")
	}
	sink.mu.Lock()
	msg := sink.msgs[0]
	sink.mu.Unlock()
	if len(msg.to) != 1 || msg.to[0] != "mod@newsroom.example" {
		t.Errorf("email to %v, want the moderator", msg.to)
	}
	_, qp, _ := strings.Cut(msg.data, "\r\n\r\n")
	text, err := io.ReadAll(quotedprintable.NewReader(strings.NewReader(qp)))
	if err != nil {
		t.Fatal(err)
	}
	moderate := regexp.MustCompile(`https?://\S+/admin/comments\?status=pending`).FindString(string(text))
	if moderate == "" {
		t.Fatalf("the email does not link to the queue:\n%s", msg.data)
	}

	// The moderator follows the link, signs in and approves.
	u, _ := url.Parse(moderate)
	resp, err = client.Get(srv.URL + u.RequestURI())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/admin/login?next=") {
		t.Fatalf("queue without a session: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	next, _ := url.Parse(resp.Header.Get("Location"))
	resp, err = client.PostForm(srv.URL+"/admin/login", url.Values{"email": {"mod@newsroom.example"}, "password": {pw},
		"next": {next.Query().Get("next")}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/admin/comments?status=pending" {
		t.Fatalf("login: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	var session *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == auth.SessionCookieName {
			session = c
		}
	}
	if session == nil || session.Secure {
		t.Fatalf("session cookie %v (Secure must follow the base URL's scheme, http here)", session)
	}
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/admin/comments?status=pending", nil)
	req.AddCookie(session)
	resp, err = client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	doc, err = goquery.NewDocumentFromReader(resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("queue: %d %v", resp.StatusCode, err)
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || resp.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("the admin area behind the site lacks its own headers: CSP %q", csp)
	}
	if !strings.Contains(doc.Find("ol.queue").Text(), "canary-reader@example.net") {
		t.Error("the queue does not show the held comment")
	}
	action, _ := doc.Find(`form[action$="/approve"]`).Attr("action")
	csrf, _ := doc.Find(`form[action$="/approve"] input[name="csrf"]`).Attr("value")
	req, _ = http.NewRequest(http.MethodPost, srv.URL+action, strings.NewReader(url.Values{"csrf": {csrf}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", srv.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.AddCookie(session)
	resp, err = client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve: %d", resp.StatusCode)
	}
	if a, _ := st.GetArticle(ctx, article.ID); a.Comments != 1 {
		t.Errorf("after approval the article counts %d comments", a.Comments)
	}
}

func TestSMTPFlags(t *testing.T) {
	for _, b := range []struct {
		args []string
		want string
	}{
		{[]string{"--smtp-addr", "mail.example.org"}, "HOST:PORT"},
		{[]string{"--smtp-addr", "mail.example.org:smtp9"}, "port number"},
		{[]string{"--smtp-addr", "mail.example.org:587"}, "needs --smtp-from"},
		{[]string{"--smtp-addr", "mail.example.org:587", "--smtp-from", "not an address"}, "--smtp-from"},
		{[]string{"--smtp-addr", "mail.example.org:587", "--smtp-from", "n@example.org", "--smtp-user", "n"}, "go together"},
		{[]string{"--smtp-from", "n@example.org"}, "needs --smtp-addr"},
		{[]string{"--smtp-password", "x"}, "need --smtp-addr"},
	} {
		for _, cmd := range []string{"serve", "demo"} {
			args := append([]string{cmd, "--data", t.TempDir()}, b.args...)
			code, out, errOut := runCLI(t, nil, args...)
			if code != 2 || out != "" || !strings.Contains(errOut, b.want) || strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
				t.Errorf("%v: exit %d, stderr %q; want 2 and one line with %q", args, code, errOut, b.want)
			}
		}
	}
	addr, from, user, pw := "mail.example.org:587", "Newsdesk <n@example.org>", "n", "secret"
	n, err := smtpFlags{addr: &addr, from: &from, user: &user, password: &pw}.notifier("news.example.org")
	if err != nil {
		t.Fatal(err)
	}
	s, ok := n.(comments.SMTPNotifier)
	if !ok || s.Addr != addr || s.From != from || s.Username != user || s.Password != pw || s.HelloName != "news.example.org" {
		t.Errorf("notifier %+v", n)
	}
	empty := ""
	if n, err := (smtpFlags{addr: &empty, from: &empty, user: &empty, password: &empty}).notifier("x"); n != nil || err != nil {
		t.Errorf("no --smtp-addr: %v, %v", n, err)
	}
	for in, want := range map[string]string{"https://news.example.org": "news.example.org", "http://127.0.0.1:8080": "localhost",
		"http://[::1]:80": "localhost", "::bad": "localhost"} {
		if got := smtpHelloName(in); got != want {
			t.Errorf("smtpHelloName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestAdminClientIP(t *testing.T) {
	trusted, err := web.ParseTrustedProxies("10.0.0.0/8")
	if err != nil {
		t.Fatal(err)
	}
	f := adminClientIP(trusted)
	for remote, want := range map[string]string{"203.0.113.9:5000": "203.0.113.9", "10.1.2.3:443": "192.0.2.1", "[::ffff:198.51.100.2]:1": "198.51.100.2", "garbage": ""} {
		r := httptest.NewRequest(http.MethodGet, "/admin/login", nil)
		r.RemoteAddr = remote
		r.Header.Set("X-Forwarded-For", "192.0.2.1")
		if got := f(r); got != want {
			t.Errorf("%s: %q, want %q", remote, got, want)
		}
	}
}
