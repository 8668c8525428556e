package comments

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A link is a run of text that reads as a web address.
type link struct {
	start, end int // the byte span in the text
	// href is the address to link to, or "" when the text looks like a
	// link (it counts as one) but must not be made one: no valid host,
	// credentials in it, or a bare domain name.
	href string
}

// bareTLDs are the top-level domains a bare name ("cheap-pills.com", no
// scheme, no www.) must end in to count as a link: the common generic
// ones and the country codes spam uses most. A shorter list misses links;
// a longer one counts "file.py" or "Node.js".
var bareTLDs = map[string]bool{
	"com": true, "net": true, "org": true, "info": true, "biz": true,
	"io": true, "co": true, "me": true, "xyz": true, "top": true,
	"online": true, "site": true, "club": true, "shop": true, "store": true,
	"app": true, "dev": true, "live": true, "link": true, "click": true,
	"win": true, "loan": true, "vip": true, "pro": true, "icu": true,
	"ru": true, "cn": true, "su": true, "uk": true, "de": true, "fr": true,
	"nl": true, "pl": true, "eu": true, "us": true, "tk": true, "ml": true,
	"ga": true, "cf": true, "gq": true, "pw": true, "cc": true, "tv": true,
	"ws": true, "ua": true, "kz": true, "br": true, "vn": true, "ir": true,
}

// findLinks returns the web addresses in text, in order and not
// overlapping:
//
//   - http:// and https:// URLs (the scheme in any case), linked as
//     written when their host is valid and they hold no user name or
//     password;
//   - names starting "www.", linked with https://;
//   - with bare set, domain names ending in one of bareTLDs ("example.com",
//     "example.com/page"), never linked.
//
// A link starts at the beginning of a word (or right after a Chinese or
// Japanese character) and runs until white space, a
// control or invisible character, one of < > " ` \ or wide (CJK)
// punctuation; trailing . , ; : ! ? ' and closing brackets without their
// opening one are not part of it.
func findLinks(text string, bare bool) []link {
	var links []link
	prev := rune(-1)
	for i := 0; i < len(text); {
		if wordBoundary(prev) {
			if l, ok := linkAt(text, i, prev, bare); ok {
				links = append(links, l)
				prev, _ = utf8.DecodeLastRuneInString(text[:l.end])
				i = l.end
				continue
			}
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		prev = r
		i += size
	}
	return links
}

// wordBoundary reports whether a link may start after prev (-1 at the
// start of the text): not inside a word, except after Chinese or Japanese
// characters, which are written without spaces before a link.
func wordBoundary(prev rune) bool {
	if prev < 0 || unicode.In(prev, unicode.Han, unicode.Hiragana, unicode.Katakana) {
		return true
	}
	return !(unicode.IsLetter(prev) || unicode.IsDigit(prev) || unicode.Is(unicode.M, prev))
}

// linkAt reads the link starting at text[i:], if there is one.
func linkAt(text string, i int, prev rune, bare bool) (link, bool) {
	rest := text[i:]
	var prefix string
	switch {
	case hasPrefixFold(rest, "https://"):
		prefix = rest[:len("https://")]
	case hasPrefixFold(rest, "http://"):
		prefix = rest[:len("http://")]
	case hasPrefixFold(rest, "www."):
		prefix = rest[:len("www.")]
	case bare:
		return bareLinkAt(text, i, prev)
	default:
		return link{}, false
	}
	cand := trimLinkEnd(rest[:linkRunEnd(rest)])
	if len(cand) <= len(prefix) { // "www." at the end of a sentence
		return link{}, false
	}
	after := cand[len(prefix):]
	if !strings.ContainsFunc(after, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
		return link{}, false
	}
	l := link{start: i, end: i + len(cand)}
	target := cand
	if prefix[0] == 'w' || prefix[0] == 'W' {
		target = "https://" + cand
	}
	if u, err := url.Parse(target); err == nil && (u.Scheme == "http" || u.Scheme == "https") &&
		u.Opaque == "" && u.User == nil && validURLHost(u) {
		l.href = u.String()
	}
	return l, true
}

// bareLinkAt reads a bare domain name (and what follows it up to the end
// of the link) starting at text[i:]. Names inside email addresses and
// paths are not links: they follow @ or /.
func bareLinkAt(text string, i int, prev rune) (link, bool) {
	switch prev {
	case '@', '.', '/', '-', '_', '\'', '&', '=', '?', '#', ':', '%', '+':
		return link{}, false
	}
	rest := text[i:]
	cand := trimLinkEnd(rest[:linkRunEnd(rest)])
	host := cand
	if j := strings.IndexAny(cand, "/?#:"); j >= 0 {
		host = cand[:j]
	}
	if !strings.Contains(host, ".") || !validHostname(host) {
		return link{}, false
	}
	for _, r := range host {
		if r >= utf8.RuneSelf {
			return link{}, false
		}
	}
	if !bareTLDs[strings.ToLower(host[strings.LastIndexByte(host, '.')+1:])] {
		return link{}, false
	}
	return link{start: i, end: i + len(cand)}, true
}

// linkRunEnd returns the length of the run of s that can belong to a link.
func linkRunEnd(s string) int {
	for j, r := range s {
		if stopsLink(r) {
			return j
		}
	}
	return len(s)
}

// stopsLink reports the characters a link never holds.
func stopsLink(r rune) bool {
	switch r {
	case '<', '>', '"', '`', '\\', utf8.RuneError:
		return true
	}
	if unicode.IsSpace(r) || !unicode.IsGraphic(r) {
		return true
	}
	// Wide punctuation (。 、 「 」 ， ！) ends a link written in CJK text.
	return r >= 0x3000 && (unicode.IsPunct(r) || unicode.IsSymbol(r))
}

// trimLinkEnd drops from the end of s the punctuation that closes the
// sentence around a link rather than belonging to it, and closing
// brackets that have no opening one in s.
func trimLinkEnd(s string) string {
	for s != "" {
		last := s[len(s)-1]
		switch last {
		case '.', ',', ';', ':', '!', '?', '\'', '*':
			s = s[:len(s)-1]
			continue
		case ')', ']', '}':
			open := "([{"[strings.IndexByte(")]}", last)]
			if strings.Count(s, string(last)) > strings.Count(s, string(open)) {
				s = s[:len(s)-1]
				continue
			}
		}
		break
	}
	return s
}

// hasPrefixFold reports whether s starts with prefix, a lowercase ASCII
// string, in any ASCII case (not Unicode folding: the Kelvin sign is not
// a k here).
func hasPrefixFold(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != prefix[i] {
			return false
		}
	}
	return true
}

// CountLinks returns the number of links in a comment's text: http and
// https URLs, www. names and bare domain names with a common top-level
// domain ("cheap-pills.com"), as Policy counts them toward HoldLinks
// (plus one for a website given with the comment).
func CountLinks(text string) int {
	return len(findLinks(text, true))
}
