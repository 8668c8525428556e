package extract

import (
	"net/url"
	"strings"
)

// pageCanonical picks the address a page gives as its own: the first of
// candidates (absolute http(s) URLs, best first: <link rel=canonical>,
// og:url, the JSON-LD article's url) that names a page rather than a
// site. Many templates point every page's canonical link or og:url at
// the home page; taken at its word, that would make every article of the
// site one article.
func pageCanonical(candidates ...string) string {
	for _, c := range candidates {
		u, err := url.Parse(c)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			continue
		}
		if strings.Trim(u.EscapedPath(), "/") == "" && u.RawQuery == "" {
			continue // the site's root
		}
		return c
	}
	return ""
}
