package ingest

import (
	"net"
	"net/url"
	"slices"
	"strings"

	"github.com/newsdesk/newsdesk/internal/sanitize"
)

// canonicalURL returns the key one article is known by whatever address
// a feed gives it, or "" when raw is not an absolute http(s) URL. It is a
// key, not an address to show: articles keep the URL their feed gave.
//
// Two URLs get the same key when they differ only in what never changes
// the article a reader gets:
//   - the scheme: http and https serve the same article, so the key is
//     always https;
//   - the case of the host, a trailing dot, a default port (:80, :443),
//     user info;
//   - a www., m., mobile. or amp. host prefix: the desktop, mobile and
//     AMP editions of one site;
//   - a Google AMP cache or viewer wrapping the publisher's URL;
//   - duplicate or trailing slashes, "." and ".." segments, the case of
//     percent escapes and escaped characters that need none (RFC 3986,
//     6.2.2);
//   - AMP path forms: an "amp" segment, a ".amp" or ".amp.html" ending;
//   - the fragment;
//   - tracking parameters (sanitize.IsTrackingParam), AMP switches (amp,
//     amp_*, outputType=amp, usqp) and the order of the parameters left.
func canonicalURL(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	// A cache may wrap a cache; each unwrapping shortens the URL.
	for inner := unwrapAMPCache(u); inner != nil; inner = unwrapAMPCache(u) {
		u = inner
	}
	host := canonicalHost(u)
	if host == "" {
		return ""
	}
	key := "https://" + host + canonicalPath(u.EscapedPath())
	if q := canonicalQuery(u.RawQuery); q != "" {
		key += "?" + q
	}
	return key
}

// hostPrefixes are the labels sites put before their name for another
// edition of the same pages.
var hostPrefixes = []string{"www.", "m.", "mobile.", "amp."}

// canonicalHost is u's host in lower case without edition prefixes and
// with its port only when that is not the scheme's default.
func canonicalHost(u *url.URL) string {
	host := strings.TrimRight(strings.ToLower(u.Hostname()), ".")
	if host == "" || strings.Contains(host, "%") {
		return "" // nothing, or an IPv6 zone: no article's address
	}
	if net.ParseIP(host) == nil {
		for stripped := true; stripped; {
			stripped = false
			for _, p := range hostPrefixes {
				// Keep a name that would lose its last dot: "m.example"
				// is a site of its own, not the mobile edition of "example".
				if rest, ok := strings.CutPrefix(host, p); ok && strings.Contains(rest, ".") {
					host, stripped = rest, true
				}
			}
		}
	}
	port := u.Port()
	if (u.Scheme == "http" && port == "80") || (u.Scheme == "https" && port == "443") {
		port = ""
	}
	if port != "" {
		return net.JoinHostPort(host, port)
	}
	if strings.Contains(host, ":") {
		return "[" + host + "]" // an IPv6 literal
	}
	return host
}

// unwrapAMPCache returns the publisher's URL that a Google AMP cache
// (https://www-example-com.cdn.ampproject.org/c/s/www.example.com/a) or
// the Google AMP viewer (https://www.google.com/amp/s/www.example.com/a)
// serves, or nil when u is neither. A path of "s/" after the prefix
// means the publisher's URL is https.
func unwrapAMPCache(u *url.URL) *url.URL {
	host := strings.ToLower(u.Hostname())
	p := u.EscapedPath()
	var rest string
	switch {
	case host == "cdn.ampproject.org" || strings.HasSuffix(host, ".cdn.ampproject.org"):
		for _, prefix := range []string{"/c/", "/v/", "/i/", "/wp/"} {
			if r, ok := strings.CutPrefix(p, prefix); ok {
				rest = r
				break
			}
		}
	case strings.HasPrefix(strings.TrimPrefix(host, "www."), "google."):
		rest, _ = strings.CutPrefix(p, "/amp/")
	}
	if rest == "" {
		return nil
	}
	scheme := "http"
	if r, ok := strings.CutPrefix(rest, "s/"); ok {
		scheme, rest = "https", r
	}
	inner, err := url.Parse(scheme + "://" + rest)
	if err != nil || inner.Host == "" {
		return nil
	}
	inner.RawQuery = u.RawQuery
	return inner
}

// canonicalPath normalizes an escaped path: percent escapes, dot
// segments, empty segments (duplicate and trailing slashes) and the AMP
// forms of an article's address. The root is "/". One pass can uncover
// another form ("a.amp.amp"), so passes repeat until nothing changes;
// each change shortens the path.
func canonicalPath(escaped string) string {
	p := pathPass(escaped)
	for next := pathPass(p); next != p; next = pathPass(p) {
		p = next
	}
	return p
}

// pathPass is one pass of canonicalPath.
func pathPass(escaped string) string {
	var segs []string
	for _, s := range strings.Split(normalizeEscapes(escaped), "/") {
		switch {
		case s == "" || s == ".":
		case s == "..":
			if len(segs) > 0 {
				segs = segs[:len(segs)-1]
			}
		case strings.EqualFold(s, "amp"):
		default:
			segs = append(segs, s)
		}
	}
	if n := len(segs); n > 0 {
		last := segs[n-1]
		lower := strings.ToLower(last)
		switch {
		case strings.HasSuffix(lower, ".amp.html") && len(last) > len(".amp.html"):
			segs[n-1] = last[:len(last)-len(".amp.html")] + ".html"
		case strings.HasSuffix(lower, ".amp") && len(last) > len(".amp"):
			segs[n-1] = last[:len(last)-len(".amp")]
		}
	}
	return "/" + strings.Join(segs, "/")
}

// canonicalQuery drops the parameters that never change the article and
// sorts the rest, each kept as written but for its escapes.
func canonicalQuery(raw string) string {
	var kept []string
	for _, part := range strings.Split(raw, "&") {
		if part == "" {
			continue
		}
		name, value, _ := strings.Cut(part, "=")
		if n, err := url.QueryUnescape(name); err == nil {
			name = n
		}
		if v, err := url.QueryUnescape(value); err == nil {
			value = v
		}
		if ignoredParam(strings.ToLower(name), strings.ToLower(value)) {
			continue
		}
		kept = append(kept, normalizeEscapes(part))
	}
	slices.Sort(kept)
	return strings.Join(kept, "&")
}

// ignoredParam reports whether a query parameter (name and value in lower
// case) leaves the article as it is: tracking, or asking for its AMP
// edition.
func ignoredParam(name, value string) bool {
	switch {
	case sanitize.IsTrackingParam(name):
		return true
	case name == "amp" || strings.HasPrefix(name, "amp_") || name == "usqp":
		return true
	case name == "outputtype" && value == "amp":
		return true
	}
	return false
}

// normalizeEscapes writes percent escapes in upper case and decodes the
// ones of unreserved characters (letters, digits, "-", ".", "_", "~"),
// which mean the same escaped or not (RFC 3986, 6.2.2.1 and 6.2.2.2).
// A malformed escape is kept as it is.
func normalizeEscapes(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		if s[i] != '%' || i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
			b.WriteByte(s[i])
			continue
		}
		c := unhex(s[i+1])<<4 | unhex(s[i+2])
		if isUnreserved(c) {
			b.WriteByte(c)
		} else {
			b.WriteByte('%')
			b.WriteString(strings.ToUpper(s[i+1 : i+3]))
		}
		i += 2
	}
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	}
	return c - '0'
}

func isUnreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~'
}
