package comments

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/smtp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/newsdesk/newsdesk/internal/model"
)

// Notice is what moderators are told about a new comment. It holds the
// commenter's email and address: it goes to moderators only.
type Notice struct {
	Comment      model.Comment
	ArticleTitle string
	ArticleURL   string // the article's public address
	ModerateURL  string // where a moderator acts on the comment
}

// Notifier tells moderators about a new comment. to are their email
// addresses.
type Notifier interface {
	Notify(ctx context.Context, to []string, n Notice) error
}

// DefaultSMTPTimeout bounds one notification when SMTPNotifier.Timeout is
// not set.
const DefaultSMTPTimeout = 30 * time.Second

// SMTPNotifier sends each Notice as one plain-text email to all the
// recipients through an SMTP server. It upgrades the connection with
// STARTTLS whenever the server offers it (verifying the server's
// certificate), and sends the password (AUTH PLAIN) only over TLS or to a
// server on this machine (localhost, 127.0.0.1, ::1): against any other
// server that offers no STARTTLS, a notifier with a Username sends
// nothing and fails. Implicit TLS (port 465) is not supported; use the
// submission port 587 with STARTTLS.
type SMTPNotifier struct {
	Addr     string // host:port of the server; the port defaults to 25
	From     string // the sender, "name@example.org" or "Newsdesk <name@example.org>"
	Username string // empty: no authentication
	Password string
	// Timeout bounds the whole exchange (connecting, TLS, sending);
	// 0 means DefaultSMTPTimeout.
	Timeout time.Duration
	// HelloName is the name the notifier gives in EHLO; "" means
	// "localhost".
	HelloName string
	// TLSConfig is used for STARTTLS; nil verifies the server's
	// certificate against the system's roots for the host of Addr.
	TLSConfig *tls.Config

	// dial connects to Addr; nil means a net.Dialer. Tests use it to reach
	// a server on 127.0.0.1 under another name.
	dial func(ctx context.Context, network, addr string) (net.Conn, error)
}

// Notify sends n to every address of to in one message; no recipients is
// no message. The addresses and From must be plain email addresses.
func (s SMTPNotifier) Notify(ctx context.Context, to []string, n Notice) error {
	if len(to) == 0 {
		return nil
	}
	from, err := mail.ParseAddress(s.From)
	if err != nil {
		return fmt.Errorf("smtp notify: sender %q: %w", s.From, err)
	}
	rcpts := make([]string, 0, len(to))
	for _, t := range to {
		a, err := mail.ParseAddress(t)
		if err != nil || a.Name != "" {
			return fmt.Errorf("smtp notify: recipient %q is not a plain email address", t)
		}
		rcpts = append(rcpts, a.Address)
	}
	msg, err := buildMessage(from, rcpts, n, time.Now())
	if err != nil {
		return fmt.Errorf("smtp notify: %w", err)
	}

	host, port, err := net.SplitHostPort(s.Addr)
	if err != nil {
		host, port = strings.Trim(s.Addr, "[]"), "25"
	}
	if host == "" {
		return errors.New("smtp notify: no server address")
	}
	timeout := s.Timeout
	if timeout <= 0 {
		timeout = DefaultSMTPTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	dial := s.dial
	if dial == nil {
		dial = (&net.Dialer{}).DialContext
	}
	addr := net.JoinHostPort(host, port)
	conn, err := dial(ctx, "tcp", addr)
	if err != nil {
		return fmt.Errorf("smtp notify: connect to %s: %w", addr, err)
	}
	defer conn.Close()
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	// Cancelling ctx interrupts whatever is waiting on the connection.
	stop := context.AfterFunc(ctx, func() { _ = conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()

	err = s.send(conn, host, from.Address, rcpts, msg)
	if err != nil && ctx.Err() != nil {
		return fmt.Errorf("smtp notify: %s: %w (%w)", addr, ctx.Err(), err)
	}
	if err != nil {
		return fmt.Errorf("smtp notify: %s: %w", addr, err)
	}
	return nil
}

// send runs the SMTP exchange over conn.
func (s SMTPNotifier) send(conn net.Conn, host, from string, to []string, msg []byte) error {
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		return fmt.Errorf("greeting: %w", err)
	}
	defer c.Close()
	hello := s.HelloName
	if hello == "" {
		hello = "localhost"
	}
	if err := c.Hello(hello); err != nil {
		return fmt.Errorf("EHLO: %w", err)
	}
	if ok, _ := c.Extension("STARTTLS"); ok {
		cfg := &tls.Config{MinVersion: tls.VersionTLS12}
		if s.TLSConfig != nil {
			cfg = s.TLSConfig.Clone()
		}
		if cfg.ServerName == "" {
			cfg.ServerName = host
		}
		if err := c.StartTLS(cfg); err != nil {
			return fmt.Errorf("STARTTLS: %w", err)
		}
	}
	if s.Username != "" {
		if _, secure := c.TLSConnectionState(); !secure && !isLocalhost(host) {
			return errors.New("refusing to send the password without TLS: the server offers no STARTTLS")
		}
		if err := c.Auth(smtp.PlainAuth("", s.Username, s.Password, host)); err != nil {
			return fmt.Errorf("AUTH: %w", err)
		}
	}
	if err := c.Mail(from); err != nil {
		return fmt.Errorf("MAIL FROM: %w", err)
	}
	for _, t := range to {
		if err := c.Rcpt(t); err != nil {
			return fmt.Errorf("RCPT TO %s: %w", t, err)
		}
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("DATA: %w", err)
	}
	if _, err := w.Write(msg); err != nil {
		return fmt.Errorf("DATA: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("DATA: %w", err)
	}
	if err := c.Quit(); err != nil {
		return fmt.Errorf("QUIT: %w", err)
	}
	return nil
}

// isLocalhost reports the server names net/smtp's PLAIN authentication
// accepts without TLS.
func isLocalhost(host string) bool {
	return host == "localhost" || host == "127.0.0.1" || host == "::1"
}

// maxSubjectRunes caps the subject line; the body has everything whole.
const maxSubjectRunes = 200

// buildMessage writes the email: headers, then the text as
// quoted-printable UTF-8.
func buildMessage(from *mail.Address, to []string, n Notice, now time.Time) ([]byte, error) {
	c := n.Comment
	title := oneLine(n.ArticleTitle)
	name := oneLine(c.Name)
	var subject, lead string
	switch c.Status {
	case model.CommentPending:
		subject = fmt.Sprintf("Please moderate: comment by %s on \"%s\"", name, title)
		lead = "is waiting for your approval"
	case model.CommentApproved:
		subject = fmt.Sprintf("New comment by %s on \"%s\"", name, title)
		lead = "was published"
	case model.CommentSpam:
		subject = fmt.Sprintf("Spam caught: comment by %s on \"%s\"", name, title)
		lead = "was marked as spam"
	default:
		subject = fmt.Sprintf("Comment by %s on \"%s\"", name, title)
		lead = "was received"
	}
	if utf8.RuneCountInString(subject) > maxSubjectRunes {
		subject = string([]rune(subject)[:maxSubjectRunes-1]) + "…"
	}

	id := make([]byte, 16)
	_, _ = rand.Read(id) // crypto/rand.Read never fails
	domain := from.Address[strings.LastIndexByte(from.Address, '@')+1:]

	var h bytes.Buffer
	writeHeader(&h, "From", from.String())
	writeHeader(&h, "To", strings.Join(to, ", "))
	writeHeader(&h, "Subject", mime.QEncoding.Encode("utf-8", subject))
	writeHeader(&h, "Date", now.Format(time.RFC1123Z))
	writeHeader(&h, "Message-ID", "<"+hex.EncodeToString(id)+"@"+domain+">")
	writeHeader(&h, "MIME-Version", "1.0")
	writeHeader(&h, "Content-Type", "text/plain; charset=utf-8")
	writeHeader(&h, "Content-Transfer-Encoding", "quoted-printable")
	writeHeader(&h, "Auto-Submitted", "auto-generated")
	h.WriteString("\r\n")

	var text strings.Builder
	fmt.Fprintf(&text, "A new comment on \"%s\" %s.\n", title, lead)
	if u := oneLine(n.ArticleURL); u != "" {
		text.WriteString(u + "\n")
	}
	text.WriteString("\n")
	fmt.Fprintf(&text, "Author: %s\n", name)
	fmt.Fprintf(&text, "Email: %s\n", oneLine(c.Email))
	if c.Website != "" {
		fmt.Fprintf(&text, "Website: %s\n", oneLine(c.Website))
	}
	if c.ClientIP != "" {
		fmt.Fprintf(&text, "IP address: %s\n", oneLine(c.ClientIP))
	}
	if c.UserAgent != "" {
		fmt.Fprintf(&text, "Browser: %s\n", oneLine(c.UserAgent))
	}
	if c.Reason != "" {
		fmt.Fprintf(&text, "Why: %s\n", oneLine(c.Reason))
	}
	text.WriteString("\nComment:\n")
	body := strings.ReplaceAll(c.Body, "\r\n", "\n")
	body = strings.ReplaceAll(body, "\r", "\n")
	text.WriteString(strings.ToValidUTF8(body, "\uFFFD"))
	text.WriteString("\n")
	if u := oneLine(n.ModerateURL); u != "" {
		fmt.Fprintf(&text, "\nModerate it: %s\n", u)
	}

	qp := quotedprintable.NewWriter(&h)
	if _, err := qp.Write([]byte(text.String())); err != nil {
		return nil, fmt.Errorf("encode the message: %w", err)
	}
	if err := qp.Close(); err != nil {
		return nil, fmt.Errorf("encode the message: %w", err)
	}
	return h.Bytes(), nil
}

// oneLine makes s safe for a header or a one-line field: invalid UTF-8,
// control characters (CR and LF above all, which could start a header of
// their own) and line separators become spaces, runs of spaces one space,
// and the ends are trimmed.
func oneLine(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsControl(r) || unicode.IsSpace(r) || unicode.In(r, unicode.Zl, unicode.Zp) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// writeHeader writes one header field, folded at spaces so that lines
// stay under 78 characters where the value allows. value must be one
// line (see oneLine) of ASCII or RFC 2047 encoded words.
func writeHeader(b *bytes.Buffer, name, value string) {
	line := name + ":"
	for i, word := range strings.Split(value, " ") {
		if i > 0 && len(line)+1+len(word) > 76 {
			b.WriteString(line + "\r\n")
			line = ""
		}
		line += " " + word
	}
	b.WriteString(line + "\r\n")
}
