package comments

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"errors"
	"io"
	"math/big"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
)

// smtpServer is a small SMTP server on 127.0.0.1 that records every
// session.
type smtpServer struct {
	ln       net.Listener
	tls      *tls.Config // offer STARTTLS when set
	auth     bool        // offer AUTH PLAIN
	silent   bool        // accept connections and never answer
	rejectTo string      // answer 550 to RCPT TO this address

	mu       sync.Mutex
	sessions []*smtpSession
	wg       sync.WaitGroup
}

// smtpSession is what one client did.
type smtpSession struct {
	commands []string // in order, with "<TLS>" where the connection was upgraded
	from     string
	rcpts    []string
	raw      string // the DATA as sent, dot-stuffed, up to the final "."
	auth     string // the decoded AUTH PLAIN response
	overTLS  bool   // the mail was sent over TLS
}

func startSMTP(t *testing.T, configure func(*smtpServer)) *smtpServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &smtpServer{ln: ln}
	if configure != nil {
		configure(s)
	}
	done := make(chan struct{})
	t.Cleanup(func() {
		close(done)
		ln.Close()
		s.wg.Wait()
	})
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			s.wg.Add(1)
			go func() {
				defer s.wg.Done()
				defer conn.Close()
				if s.silent {
					// Hold the connection, say nothing, until the client
					// gives up or the test ends.
					go func() { <-done; conn.Close() }()
					_, _ = io.Copy(io.Discard, conn)
					return
				}
				s.serve(conn)
			}()
		}
	}()
	return s
}

func (s *smtpServer) addr() string { return s.ln.Addr().String() }

func (s *smtpServer) recorded() []*smtpSession {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*smtpSession(nil), s.sessions...)
}

func (s *smtpServer) serve(conn net.Conn) {
	sess := &smtpSession{}
	s.mu.Lock()
	s.sessions = append(s.sessions, sess)
	s.mu.Unlock()
	record := func(f func()) {
		s.mu.Lock()
		defer s.mu.Unlock()
		f()
	}
	_ = conn.SetDeadline(time.Now().Add(30 * time.Second))
	r := bufio.NewReader(conn)
	w := conn.(io.Writer)
	say := func(lines ...string) { _, _ = io.WriteString(w, strings.Join(lines, "\r\n")+"\r\n") }
	inTLS := false
	say("220 test.example ESMTP ready")
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		line = strings.TrimRight(line, "\r\n")
		record(func() { sess.commands = append(sess.commands, line) })
		verb := strings.ToUpper(strings.SplitN(line, " ", 2)[0])
		arg := strings.TrimSpace(strings.TrimPrefix(line, strings.SplitN(line, " ", 2)[0]))
		switch verb {
		case "EHLO":
			lines := []string{"250-test.example"}
			if s.tls != nil && !inTLS {
				lines = append(lines, "250-STARTTLS")
			}
			if s.auth {
				lines = append(lines, "250-AUTH PLAIN")
			}
			say(append(lines, "250 8BITMIME")...)
		case "STARTTLS":
			say("220 go ahead")
			tc := tls.Server(conn, s.tls)
			if err := tc.Handshake(); err != nil {
				return
			}
			conn, r, w, inTLS = tc, bufio.NewReader(tc), tc, true
			record(func() { sess.commands = append(sess.commands, "<TLS>") })
		case "AUTH":
			parts := strings.Fields(arg)
			if len(parts) == 2 && strings.EqualFold(parts[0], "PLAIN") {
				b, _ := base64.StdEncoding.DecodeString(parts[1])
				record(func() { sess.auth = string(b) })
				say("235 2.7.0 accepted")
			} else {
				say("504 unsupported")
			}
		case "MAIL":
			record(func() { sess.from = arg })
			say("250 ok")
		case "RCPT":
			if s.rejectTo != "" && strings.Contains(arg, s.rejectTo) {
				say("550 5.1.1 no such user")
				continue
			}
			record(func() { sess.rcpts = append(sess.rcpts, arg) })
			say("250 ok")
		case "DATA":
			say("354 end with .")
			var data strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				data.WriteString(l)
			}
			record(func() { sess.raw, sess.overTLS = data.String(), inTLS })
			say("250 queued")
		case "QUIT":
			say("221 bye")
			return
		default:
			say("502 unknown command")
		}
	}
}

// testCert makes a self-signed certificate for mail.example.test and
// 127.0.0.1, and the pool that trusts it.
func testCert(t *testing.T) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "mail.example.test"},
		DNSNames:              []string{"mail.example.test"},
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, pool
}

// routeTo makes a notifier's connections reach addr whatever name it
// dials, so a server on 127.0.0.1 can stand for a remote one.
func routeTo(addr string) func(ctx context.Context, network, _ string) (net.Conn, error) {
	return func(ctx context.Context, network, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, network, addr)
	}
}

func testNotice() Notice {
	return Notice{
		Comment: model.Comment{
			ID:        77,
			ArticleID: 3,
			Status:    model.CommentPending,
			Name:      "Eve\r\nBcc: victim@example.net",
			Email:     "eve@example.org",
			Website:   "https://eve.example/",
			ClientIP:  "198.51.100.23",
			UserAgent: "Mozilla/5.0\r\nX-Evil: 1",
			Reason:    "first comment from this email address",
			Body:      "First line, café.\n.\n..twice\nMAIL FROM:<x@y>\r\n" + strings.Repeat("long ", 300) + "\nlast line",
		},
		ArticleTitle: "Ferry strike\r\nX-Injected: yes\nSubject: hijacked — «ends»",
		ArticleURL:   "https://news.example/2024/06/22/ferry-strike/",
		ModerateURL:  "https://news.example/admin/comments/77",
	}
}

// readMessage parses a recorded DATA (undoing the dot-stuffing) and
// decodes its quoted-printable text.
func readMessage(t *testing.T, raw string) (*mail.Message, string) {
	t.Helper()
	if strings.Contains(strings.ReplaceAll(raw, "\r\n", ""), "\n") || strings.Contains(strings.ReplaceAll(raw, "\r\n", ""), "\r") {
		t.Fatalf("message has a bare CR or LF:\n%q", raw)
	}
	for _, line := range strings.Split(raw, "\r\n") {
		if len(line) > 998 {
			t.Fatalf("line of %d octets", len(line))
		}
	}
	unstuffed := strings.ReplaceAll("\r\n"+raw, "\r\n.", "\r\n")[2:]
	msg, err := mail.ReadMessage(strings.NewReader(unstuffed))
	if err != nil {
		t.Fatalf("the message does not parse: %v\n%s", err, raw)
	}
	body, err := io.ReadAll(quotedprintable.NewReader(msg.Body))
	if err != nil {
		t.Fatalf("the body is not quoted-printable: %v", err)
	}
	return msg, strings.ReplaceAll(string(body), "\r\n", "\n")
}

func TestSMTPNotifierSends(t *testing.T) {
	srv := startSMTP(t, nil)
	n := SMTPNotifier{Addr: srv.addr(), From: "Newsdesk <newsdesk@news.example>"}
	notice := testNotice()
	if err := n.Notify(context.Background(), []string{"mod@news.example", "admin@news.example"}, notice); err != nil {
		t.Fatalf("Notify: %v", err)
	}
	sessions := srv.recorded()
	if len(sessions) != 1 {
		t.Fatalf("%d sessions", len(sessions))
	}
	s := sessions[0]
	if !strings.HasPrefix(s.from, "FROM:<newsdesk@news.example>") || strings.Join(s.rcpts, ",") != "TO:<mod@news.example>,TO:<admin@news.example>" {
		t.Errorf("envelope: from %q, to %q", s.from, s.rcpts)
	}
	if s.auth != "" {
		t.Errorf("authenticated without a username: %q", s.auth)
	}
	msg, body := readMessage(t, s.raw)
	h := msg.Header
	for _, name := range []string{"Bcc", "X-Injected", "X-Evil"} {
		if v := h.Get(name); v != "" {
			t.Errorf("injected header %s: %q", name, v)
		}
	}
	if len(h["Subject"]) != 1 {
		t.Errorf("Subject headers: %q", h["Subject"])
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(h.Get("Subject"))
	if err != nil {
		t.Fatal(err)
	}
	wantSubject := `Please moderate: comment by Eve Bcc: victim@example.net on "Ferry strike X-Injected: yes Subject: hijacked — «ends»"`
	if subject != wantSubject {
		t.Errorf("Subject = %q, want %q", subject, wantSubject)
	}
	from, err := mail.ParseAddress(h.Get("From"))
	if err != nil || from.Address != "newsdesk@news.example" || from.Name != "Newsdesk" {
		t.Errorf("From = %q (%v)", h.Get("From"), err)
	}
	to, err := h.AddressList("To")
	if err != nil || len(to) != 2 || to[0].Address != "mod@news.example" || to[1].Address != "admin@news.example" {
		t.Errorf("To = %q (%v)", h.Get("To"), err)
	}
	if d, err := h.Date(); err != nil || time.Since(d) > time.Hour || time.Since(d) < -time.Hour {
		t.Errorf("Date = %q (%v)", h.Get("Date"), err)
	}
	if id := h.Get("Message-ID"); !strings.HasPrefix(id, "<") || !strings.HasSuffix(id, "@news.example>") || len(id) < 20 {
		t.Errorf("Message-ID = %q", id)
	}
	for name, want := range map[string]string{
		"MIME-Version":              "1.0",
		"Content-Type":              "text/plain; charset=utf-8",
		"Content-Transfer-Encoding": "quoted-printable",
		"Auto-Submitted":            "auto-generated",
	} {
		if got := h.Get(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	for _, want := range []string{
		`A new comment on "Ferry strike X-Injected: yes Subject: hijacked — «ends»" is waiting for your approval.`,
		"https://news.example/2024/06/22/ferry-strike/\n",
		"Author: Eve Bcc: victim@example.net\n",
		"Email: eve@example.org\n",
		"Website: https://eve.example/\n",
		"IP address: 198.51.100.23\n",
		"Browser: Mozilla/5.0 X-Evil: 1\n",
		"Why: first comment from this email address\n",
		"Comment:\nFirst line, café.\n.\n..twice\nMAIL FROM:<x@y>\n" + strings.Repeat("long ", 300) + "\nlast line\n",
		"Moderate it: https://news.example/admin/comments/77\n",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the body lacks %q:\n%s", want, body)
		}
	}
	// The lone "." line of the comment was dot-stuffed, so it did not end
	// the DATA early.
	if !strings.Contains(s.raw, "\r\n..\r\n") {
		t.Errorf("the \".\" line was not stuffed:\n%s", s.raw)
	}
}

func TestSMTPNotifierStatuses(t *testing.T) {
	for status, want := range map[model.CommentStatus]string{
		model.CommentApproved: `New comment by Ada on "T"`,
		model.CommentSpam:     `Spam caught: comment by Ada on "T"`,
		model.CommentPending:  `Please moderate: comment by Ada on "T"`,
		model.CommentTrash:    `Comment by Ada on "T"`,
	} {
		n := Notice{Comment: model.Comment{Status: status, Name: "Ada", Body: "x"}, ArticleTitle: "T"}
		raw, err := buildMessage(&mail.Address{Address: "a@news.example"}, []string{"m@news.example"}, n, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		msg, err := mail.ReadMessage(strings.NewReader(string(raw)))
		if err != nil {
			t.Fatal(err)
		}
		if got := msg.Header.Get("Subject"); got != want {
			t.Errorf("%s: Subject %q, want %q", status, got, want)
		}
	}
	// A huge title makes a capped, folded subject, never an overlong line.
	n := Notice{Comment: model.Comment{Status: model.CommentPending, Name: "Ada", Body: "x"}, ArticleTitle: strings.Repeat("Ωmega ", 2000) + strings.Repeat("x", 3000)}
	raw, err := buildMessage(&mail.Address{Address: "a@news.example"}, []string{"m@news.example"}, n, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	msg, _ := readMessage(t, string(raw))
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil || !strings.HasPrefix(subject, "Please moderate: comment by Ada on \"Ωmega Ωmega") || len([]rune(subject)) != maxSubjectRunes {
		t.Errorf("long subject %q (%d runes), %v", subject, len([]rune(subject)), err)
	}
}

func TestSMTPNotifierSTARTTLSAndAuth(t *testing.T) {
	cert, pool := testCert(t)
	srv := startSMTP(t, func(s *smtpServer) {
		s.tls = &tls.Config{Certificates: []tls.Certificate{cert}}
		s.auth = true
	})
	n := SMTPNotifier{
		Addr: "mail.example.test:587", From: "newsdesk@news.example",
		Username: "newsdesk", Password: "s3cret",
		TLSConfig: &tls.Config{RootCAs: pool},
		dial:      routeTo(srv.addr()),
	}
	if err := n.Notify(context.Background(), []string{"mod@news.example"}, testNotice()); err != nil {
		t.Fatalf("Notify: %v", err)
	}
	s := srv.recorded()[0]
	if s.auth != "\x00newsdesk\x00s3cret" || !s.overTLS {
		t.Errorf("auth %q, over TLS %v", s.auth, s.overTLS)
	}
	// Nothing but EHLO and STARTTLS went before the upgrade.
	joined := strings.Join(s.commands, "|")
	if !strings.HasPrefix(joined, "EHLO localhost|STARTTLS|<TLS>|EHLO localhost|AUTH PLAIN ") {
		t.Errorf("commands: %s", joined)
	}
	_, body := readMessage(t, s.raw)
	if !strings.Contains(body, "Email: eve@example.org") {
		t.Errorf("body:\n%s", body)
	}
}

func TestSMTPNotifierVerifiesTheCertificate(t *testing.T) {
	cert, _ := testCert(t)
	srv := startSMTP(t, func(s *smtpServer) {
		s.tls = &tls.Config{Certificates: []tls.Certificate{cert}}
		s.auth = true
	})
	n := SMTPNotifier{
		Addr: "mail.example.test:587", From: "newsdesk@news.example",
		Username: "newsdesk", Password: "s3cret",
		dial: routeTo(srv.addr()),
	}
	err := n.Notify(context.Background(), []string{"mod@news.example"}, testNotice())
	if err == nil || !strings.Contains(err.Error(), "STARTTLS") {
		t.Fatalf("Notify with an untrusted certificate: %v", err)
	}
	for _, s := range srv.recorded() {
		if s.auth != "" || s.raw != "" {
			t.Errorf("sent over an unverified connection: auth %q, data %d bytes", s.auth, len(s.raw))
		}
	}
}

func TestSMTPNotifierRefusesPasswordWithoutTLS(t *testing.T) {
	srv := startSMTP(t, func(s *smtpServer) { s.auth = true })
	n := SMTPNotifier{
		Addr: "mail.example.test:25", From: "newsdesk@news.example",
		Username: "newsdesk", Password: "s3cret",
		dial: routeTo(srv.addr()),
	}
	err := n.Notify(context.Background(), []string{"mod@news.example"}, testNotice())
	if err == nil || !strings.Contains(err.Error(), "without TLS") {
		t.Fatalf("Notify: %v", err)
	}
	for _, s := range srv.recorded() {
		for _, c := range s.commands {
			if strings.HasPrefix(c, "AUTH") || strings.HasPrefix(c, "MAIL") {
				t.Errorf("sent %q in the clear", c)
			}
		}
	}
	// On this machine, the password may go without TLS.
	n.Addr, n.dial = srv.addr(), nil
	if err := n.Notify(context.Background(), []string{"mod@news.example"}, testNotice()); err != nil {
		t.Fatalf("Notify to 127.0.0.1: %v", err)
	}
	if s := srv.recorded(); s[len(s)-1].auth != "\x00newsdesk\x00s3cret" {
		t.Errorf("auth to localhost: %q", s[len(s)-1].auth)
	}
}

// notifyWithin runs Notify and fails the test rather than hang if it does
// not return.
func notifyWithin(t *testing.T, ctx context.Context, n SMTPNotifier) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- n.Notify(ctx, []string{"mod@news.example"}, testNotice()) }()
	select {
	case err := <-done:
		return err
	case <-time.After(time.Minute):
		t.Fatal("Notify did not return")
		return nil
	}
}

func TestSMTPNotifierTimeout(t *testing.T) {
	srv := startSMTP(t, func(s *smtpServer) { s.silent = true })
	n := SMTPNotifier{Addr: srv.addr(), From: "newsdesk@news.example", Timeout: 200 * time.Millisecond}
	err := notifyWithin(t, context.Background(), n)
	if !errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("Notify to a silent server: %v, want a timeout", err)
	}
	// The caller's context bounds it too.
	n.Timeout = time.Hour
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	if err := notifyWithin(t, ctx, n); !errors.Is(err, context.Canceled) {
		t.Fatalf("Notify with a cancelled context: %v", err)
	}
}

func TestSMTPNotifierErrors(t *testing.T) {
	srv := startSMTP(t, func(s *smtpServer) { s.rejectTo = "gone@news.example" })
	n := SMTPNotifier{Addr: srv.addr(), From: "newsdesk@news.example"}
	ctx := context.Background()
	if err := n.Notify(ctx, nil, testNotice()); err != nil {
		t.Errorf("no recipients: %v", err)
	}
	if len(srv.recorded()) != 0 {
		t.Error("connected with no recipients")
	}
	for _, to := range [][]string{
		{"mod@news.example\r\nRCPT TO:<eve@example.org>"},
		{"Moderator <mod@news.example>"},
		{"not an address"},
		{"mod@news.example", ""},
	} {
		if err := n.Notify(ctx, to, testNotice()); err == nil || !strings.Contains(err.Error(), "recipient") {
			t.Errorf("recipients %q: %v", to, err)
		}
	}
	bad := n
	bad.From = "newsdesk@news.example\r\nBcc: eve@example.org"
	if err := bad.Notify(ctx, []string{"mod@news.example"}, testNotice()); err == nil || !strings.Contains(err.Error(), "sender") {
		t.Errorf("bad sender: %v", err)
	}
	if len(srv.recorded()) != 0 {
		t.Error("connected with bad addresses")
	}
	if err := n.Notify(ctx, []string{"mod@news.example", "gone@news.example"}, testNotice()); err == nil || !strings.Contains(err.Error(), "550") {
		t.Errorf("a refused recipient: %v", err)
	}
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := closed.Addr().String()
	closed.Close()
	n.Addr = addr
	if err := n.Notify(ctx, []string{"mod@news.example"}, testNotice()); err == nil || !strings.Contains(err.Error(), "connect") {
		t.Errorf("no server: %v", err)
	}
	n.Addr = ""
	if err := n.Notify(ctx, []string{"mod@news.example"}, testNotice()); err == nil {
		t.Error("no address: no error")
	}
}

func TestOneLine(t *testing.T) {
	for in, want := range map[string]string{
		"plain":                  "plain",
		"  a \r\n b\tc\x00d  ":   "a b c d",
		"x\u2028y\u2029z\u0085w": "x y z w",
		"bad\xffbyte":            "bad\uFFFDbyte",
		"\r\n\r\n":               "",
	} {
		if got := oneLine(in); got != want {
			t.Errorf("oneLine(%q) = %q, want %q", in, got, want)
		}
	}
}
