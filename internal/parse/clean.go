package parse

import (
	"html"
	"net/url"
	"strings"
	"unicode/utf8"

	xhtml "golang.org/x/net/html"
)

// cleanTitle turns a feed title into plain text. Feeds put escaped markup
// and double-escaped entities in titles; JSON Feed titles are plain text
// by definition, so only their whitespace is touched.
func cleanTitle(s string, plain bool) string {
	if plain {
		return collapse(s)
	}
	if !strings.Contains(s, "<") {
		return collapse(unescape(s))
	}
	var b strings.Builder
	z := xhtml.NewTokenizer(strings.NewReader(s))
	skip := 0
	for {
		switch z.Next() {
		case xhtml.ErrorToken:
			return collapse(unescape(b.String()))
		case xhtml.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case xhtml.StartTagToken:
			if name, _ := z.TagName(); string(name) == "script" || string(name) == "style" {
				skip++
			}
		case xhtml.EndTagToken:
			if name, _ := z.TagName(); (string(name) == "script" || string(name) == "style") && skip > 0 {
				skip--
			}
		}
	}
}

// xhtmlOnly spells the two named entities whose XHTML 1.0 meaning differs
// from HTML5's as character references. Named entities in an XML feed
// are XHTML 1.0's, where lang and rang are the angle brackets U+2329 and
// U+232A; HTML5, whose table html.UnescapeString uses, moved them to the
// mathematical brackets U+27E8 and U+27E9.
var xhtmlOnly = strings.NewReplacer("&lang;", "&#x2329;", "&rang;", "&#x232A;")

// unescape decodes the entities of feed text, with XHTML 1.0's meaning.
func unescape(s string) string {
	if !strings.Contains(s, "&") {
		return s
	}
	return html.UnescapeString(xhtmlOnly.Replace(s))
}

// cleanLanguage writes a language tag the BCP 47 way: trimmed, and with
// hyphens where POSIX locale names ("en_US") put underscores.
func cleanLanguage(s string) string {
	return strings.ReplaceAll(strings.TrimSpace(s), "_", "-")
}

// collapse trims s and folds every run of whitespace into one space.
func collapse(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// cleanList collapses each entry and drops empty entries and duplicates.
func cleanList(in []string) []string {
	var out []string
	seen := make(map[string]bool, len(in))
	for _, s := range in {
		s = collapse(unescape(s))
		if s == "" || seen[strings.ToLower(s)] {
			continue
		}
		seen[strings.ToLower(s)] = true
		out = append(out, s)
	}
	return out
}

// resolve makes raw absolute against base and accepts only http(s) URLs
// with a host: anything else cannot be fetched or linked to safely.
func resolve(base *url.URL, raw string) (string, bool) {
	raw = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, strings.TrimSpace(raw))
	if raw == "" {
		return "", false
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", false
	}
	if base != nil && !u.IsAbs() {
		u = base.ResolveReference(u)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", false
	}
	return u.String(), true
}

// truncate shortens s to at most n runes for error messages.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}
