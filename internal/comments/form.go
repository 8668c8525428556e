package comments

import (
	"fmt"
	"net/mail"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The keys of FieldErrors: the names the web form gives its fields, which
// are WordPress's, so browsers' autofill and readers' habits carry over.
const (
	FieldComment = "comment" // the comment's text (Form.Body)
	FieldAuthor  = "author"  // the commenter's name
	FieldEmail   = "email"   // the commenter's email address
	FieldURL     = "url"     // the commenter's website
	// FieldForm keys an error that belongs to no one field (a reply to a
	// comment that cannot be one), shown above the form.
	FieldForm = "form"
)

// Form is what a reader posts from the "Leave a Reply" form.
type Form struct {
	Body     string // Comment*
	Name     string // Name*
	Email    string // Email*: never shown publicly
	Website  string // optional: an absolute http or https address
	ParentID int64  // the comment replied to; 0 for a top-level comment
	Remember bool   // "Save my name, email, and website in this browser"
	// Honeypot is a field hidden from people (by CSS and aria-hidden) that
	// only bots fill in; see HoneypotFilled.
	Honeypot string
	// Token is the form's one-time token from Tokens.Issue.
	Token string
}

// HoneypotFilled reports whether the hidden field that people never see
// was filled in, which only a bot does. Validate does not look at it: the
// caller decides how to answer a bot (typically as if the comment had been
// received, storing nothing).
func (f Form) HoneypotFilled() bool {
	return f.Honeypot != ""
}

// Normalize returns f as it should be validated and stored: Body, Name,
// Email and Website trimmed of the white space around them, and the line
// breaks of Body made "\n" (browsers send a textarea's line breaks as
// "\r\n"). Nothing else changes: no case folding, no inner white space
// collapsed, nothing cut. Honeypot and Token are left as posted.
func Normalize(f Form) Form {
	f.Body = strings.TrimSpace(f.Body)
	if strings.IndexByte(f.Body, '\r') >= 0 {
		f.Body = strings.ReplaceAll(f.Body, "\r\n", "\n")
		f.Body = strings.ReplaceAll(f.Body, "\r", "\n")
	}
	f.Name = strings.TrimSpace(f.Name)
	f.Email = strings.TrimSpace(f.Email)
	f.Website = strings.TrimSpace(f.Website)
	return f
}

// Limits are the longest values the form takes, in characters (Unicode
// code points, as a reader counts them, not bytes). A zero or negative
// field means its DefaultLimits value.
type Limits struct {
	Body, Name, Email, Website int
}

// DefaultLimits are the limits used where none are configured. The email
// limit is the longest address RFC 5321 lets a server deliver to.
var DefaultLimits = Limits{Body: 5000, Name: 100, Email: 254, Website: 200}

// withDefaults fills the unset limits.
func (l Limits) withDefaults() Limits {
	if l.Body <= 0 {
		l.Body = DefaultLimits.Body
	}
	if l.Name <= 0 {
		l.Name = DefaultLimits.Name
	}
	if l.Email <= 0 {
		l.Email = DefaultLimits.Email
	}
	if l.Website <= 0 {
		l.Website = DefaultLimits.Website
	}
	return l
}

// Notice is the sentence stated above the comment box, before the reader
// types: "Comments may be up to 5,000 characters."
func (l Limits) Notice() string {
	return "Comments may be up to " + groupThousands(l.withDefaults().Body) + " characters."
}

// Max returns the limit of one field by its form name (FieldComment,
// FieldAuthor, FieldEmail, FieldURL), or 0 for any other name.
func (l Limits) Max(field string) int {
	l = l.withDefaults()
	switch field {
	case FieldComment:
		return l.Body
	case FieldAuthor:
		return l.Name
	case FieldEmail:
		return l.Email
	case FieldURL:
		return l.Website
	}
	return 0
}

// groupThousands writes n with commas between groups of three digits.
func groupThousands(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// FieldErrors maps a form field's name (FieldComment, FieldAuthor,
// FieldEmail, FieldURL, FieldForm) to the message shown next to it. An
// empty map means the form is valid.
type FieldErrors map[string]string

// fieldLabel is how messages name each field.
var fieldLabel = map[string]string{
	FieldComment: "Your comment",
	FieldAuthor:  "Your name",
	FieldEmail:   "Your email address",
	FieldURL:     "Your website address",
}

// Validate checks a form (normally after Normalize) against the limits and
// returns a message for each field in error. It never changes a value:
// a value that is too long is refused, not cut. Comment, Name and Email are
// required (white space alone does not count); Website is optional.
func Validate(f Form, lim Limits) FieldErrors {
	lim = lim.withDefaults()
	errs := FieldErrors{}
	if msg := checkText(FieldComment, f.Body, lim.Body, true, true); msg != "" {
		errs[FieldComment] = msg
	}
	if msg := checkText(FieldAuthor, f.Name, lim.Name, true, false); msg != "" {
		errs[FieldAuthor] = msg
	}
	if msg := checkText(FieldEmail, f.Email, lim.Email, true, false); msg != "" {
		errs[FieldEmail] = msg
	} else if msg := checkEmail(f.Email); msg != "" {
		errs[FieldEmail] = msg
	}
	if f.Website != "" {
		if msg := checkText(FieldURL, f.Website, lim.Website, false, false); msg != "" {
			errs[FieldURL] = msg
		} else if msg := checkWebsite(f.Website); msg != "" {
			errs[FieldURL] = msg
		}
	}
	if f.ParentID < 0 {
		errs[FieldForm] = "The comment you are replying to does not exist."
	}
	return errs
}

// checkText checks what every text field shares: readable text, present
// when required, within its limit, and free of control characters (a
// multi-line field may hold line breaks and tabs).
func checkText(field, s string, limit int, required, multiline bool) string {
	label := fieldLabel[field]
	if !utf8.ValidString(s) {
		return label + " contains characters that could not be read as text; please type it again."
	}
	if required && !hasVisible(s) {
		switch field {
		case FieldComment:
			return "Please type your comment."
		case FieldAuthor:
			return "Please enter your name."
		case FieldEmail:
			return "Please enter your email address."
		}
		return label + " is required."
	}
	if n := utf8.RuneCountInString(s); n > limit {
		return fmt.Sprintf("%s is %s characters long; the limit is %s.", label, groupThousands(n), groupThousands(limit))
	}
	for _, r := range s {
		if multiline && (r == '\n' || r == '\r' || r == '\t') {
			continue
		}
		if unicode.IsControl(r) {
			if r == '\n' || r == '\r' {
				return label + " must fit on one line."
			}
			return label + " contains an invisible control character; please remove it."
		}
		if !multiline && (reordering(r) || unicode.In(r, unicode.Zl, unicode.Zp)) {
			return label + " contains an invisible formatting character; please remove it."
		}
	}
	return ""
}

// hasVisible reports whether s holds something that shows: a character
// that is neither white space nor invisible.
func hasVisible(s string) bool {
	for _, r := range s {
		if unicode.IsGraphic(r) && !unicode.IsSpace(r) {
			return true
		}
	}
	return false
}

// reordering reports the invisible controls that change the direction of
// the text after them (embeddings, overrides, isolates), which can make a
// name or an address read as something else.
func reordering(r rune) bool {
	return (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069)
}

const emailMessage = "Please enter a valid email address, such as name@example.com."

// checkEmail checks that s is one plain address: local@domain, with no
// display name, angle brackets, comments, quoting or spaces, and a domain
// that is a host name with a dot.
func checkEmail(s string) string {
	if strings.ContainsFunc(s, unicode.IsSpace) {
		return "An email address cannot contain spaces."
	}
	addr, err := mail.ParseAddress(s)
	if err != nil || addr.Name != "" || addr.Address != s {
		return emailMessage
	}
	at := strings.LastIndexByte(s, '@')
	local, domain := s[:at], s[at+1:]
	if len(local) > 64 || strings.ContainsAny(local, `"\`) {
		return emailMessage
	}
	if !validHostname(domain) || !strings.Contains(domain, ".") {
		return emailMessage
	}
	return ""
}

const websiteMessage = "Please enter a full web address starting with https:// or http://, such as https://example.com."

// checkWebsite checks that s is an absolute http or https URL with a host
// and no user name or password, free of the characters no address holds
// unencoded (< > " ` and the backslash some browsers read as a slash).
func checkWebsite(s string) string {
	if strings.ContainsFunc(s, unicode.IsSpace) {
		return "A web address cannot contain spaces."
	}
	if strings.ContainsAny(s, "\\<>\"`") {
		return websiteMessage
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Opaque != "" {
		return websiteMessage
	}
	if u.User != nil {
		return "A web address cannot contain a user name or password."
	}
	if !validURLHost(u) {
		return websiteMessage
	}
	return ""
}

// validURLHost reports whether u's host is a host name with a dot or an
// IP address, with a valid port if it has one.
func validURLHost(u *url.URL) bool {
	host := u.Hostname()
	if host == "" {
		return false
	}
	if port := u.Port(); port != "" {
		n, err := strconv.Atoi(port)
		if err != nil || n < 1 || n > 65535 {
			return false
		}
	} else if strings.HasSuffix(u.Host, ":") {
		return false
	}
	if strings.HasPrefix(u.Host, "[") {
		ip, err := netip.ParseAddr(host)
		return err == nil && ip.Is6() && ip.Zone() == ""
	}
	if _, err := netip.ParseAddr(host); err == nil {
		return true
	}
	return validHostname(host) && strings.Contains(host, ".")
}

// validHostname reports whether h is a DNS host name: dot-separated labels
// of 1 to 63 bytes made of letters (any script, for internationalized
// names), digits and inner hyphens, 253 bytes at most, the last label not
// all digits.
func validHostname(h string) bool {
	if h == "" || len(h) > 253 {
		return false
	}
	labels := strings.Split(h, ".")
	for _, label := range labels {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, r := range label {
			if r != '-' && !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.M, r) {
				return false
			}
		}
	}
	last := labels[len(labels)-1]
	return strings.ContainsFunc(last, func(r rune) bool { return !('0' <= r && r <= '9') })
}
