package extract

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// chooseTitle picks the article's title. A title the page declares as
// metadata (readability's reading of JSON-LD, Dublin Core and OpenGraph,
// then ours) wins; without one, readability's reading of the <title>
// element (which drops a site or section around the headline when what
// stays is long enough to be a headline). Either way the site's name is
// trimmed: our pages credit the source apart.
func chooseTitle(m pageMeta, readabilityTitle string, isSite func(string) bool) string {
	t := firstNonEmpty(readabilityTitle, m.title)
	if m.declaresTitle() {
		// readability chooses among the declared titles much as we
		// would, but reads only content= attributes; its choice stands
		// when it is one of them.
		t = firstNonEmpty(m.ld.headline, m.declaredTitle())
		if m.isDeclaredTitle(readabilityTitle) {
			t = readabilityTitle
		}
	}
	return withoutSiteName(t, isSite)
}

// longer reports whether a holds more than factor times the letters of b.
func longer(a, b string, factor int) bool {
	return utf8.RuneCountInString(letters(a)) > factor*utf8.RuneCountInString(letters(b))
}

// letters is s folded to lower case with everything but letters and
// digits removed, so typographic quotes, dashes and spacing compare equal.
func letters(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// siteMatcher reports whether a title segment names the site: its
// stated name, or the name its host spells ("Pastebin.com" on
// pastebin.com, "Raw Story" on rawstory.com).
func siteMatcher(site string, hostNames []string) func(string) bool {
	ls := letters(site)
	return func(segment string) bool {
		l := letters(segment)
		if l == "" {
			return false
		}
		if l == ls {
			return true
		}
		for _, h := range hostNames {
			if l == h {
				return true
			}
		}
		return false
	}
}

// hostNames are the names a site's host spells, as letters():
// "www.rawstory.com" gives "rawstory" and "rawstorycom".
func hostNames(base *url.URL) []string {
	if base == nil {
		return nil
	}
	labels := strings.Split(strings.ToLower(base.Hostname()), ".")
	if len(labels) < 2 {
		return nil
	}
	// Skip a second-level label under a country code ("co.jp", "com.au").
	i := len(labels) - 2
	if i > 0 && len(labels[len(labels)-1]) == 2 && len(labels[i]) <= 3 {
		i--
	}
	name := letters(labels[i])
	if len(name) < 3 {
		return nil
	}
	return []string{name, name + letters(strings.Join(labels[i+1:], ""))}
}
