package sanitize

import (
	"net/url"
	"strings"
)

// isTrackingParam names the query parameters campaigns and ad networks
// append to links: they identify the reader's click to a third party and
// never change what the page shows.
func isTrackingParam(name string) bool {
	n := strings.ToLower(name)
	switch n {
	case "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "yclid", "igshid":
		return true
	}
	return strings.HasPrefix(n, "utm_")
}

// StripTracking removes tracking parameters from an absolute URL and
// returns it; a URL that does not parse is returned unchanged. Ingest uses
// it for canonical URLs and the sanitizer for every link, so both follow
// one rule. The query is rebuilt only when something was removed, so
// other parameters keep their order and encoding.
func StripTracking(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.RawQuery == "" {
		return raw
	}
	parts := strings.Split(u.RawQuery, "&")
	kept := parts[:0]
	for _, p := range parts {
		name, _, _ := strings.Cut(p, "=")
		if unescaped, err := url.QueryUnescape(name); err == nil {
			name = unescaped
		}
		if !isTrackingParam(name) {
			kept = append(kept, p)
		}
	}
	if len(kept) == len(strings.Split(u.RawQuery, "&")) {
		return raw
	}
	u.RawQuery = strings.Join(kept, "&")
	return u.String()
}
