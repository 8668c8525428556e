package sanitize

import (
	"net/url"
	"strings"
)

// trackingParams names the query parameters campaigns, ad networks and
// mailing tools append to URLs: they identify the reader's click to a
// third party and never change what the page shows. Names are compared
// in lower case.
var trackingParams = map[string]bool{
	// Ad click identifiers: Facebook, Google (incl. iOS app/web variants),
	// DoubleClick, Microsoft, Yandex, Instagram, X, TikTok, LinkedIn.
	"fbclid": true, "gclid": true, "gclsrc": true, "gbraid": true, "wbraid": true,
	"dclid": true, "msclkid": true, "yclid": true, "igshid": true, "twclid": true,
	"ttclid": true, "li_fat_id": true,
	// Google Analytics cross-domain linkers.
	"_ga": true, "_gl": true,
	// Mailchimp, Marketo, HubSpot, Vero, Olytics.
	"mc_cid": true, "mc_eid": true, "mkt_tok": true,
	"_hsenc": true, "_hsmi": true, "__hstc": true, "__hssc": true, "__hsfp": true, "hsctatracking": true,
	"vero_id": true, "vero_conv": true, "oly_anon_id": true, "oly_enc_id": true,
	// Share and syndication tags: X's ref_src/ref_url, the New York
	// Times' smid, Yahoo's ncid, Microsoft's ocid, AT Internet's at_*.
	"ref_src": true, "ref_url": true, "smid": true, "ncid": true, "ocid": true,
	"at_medium": true, "at_campaign": true,
}

// IsTrackingParam reports whether a query parameter only tracks the
// reader, so a URL means the same page without it. Ingest drops these
// from the canonical URLs it deduplicates articles by.
func IsTrackingParam(name string) bool {
	return isTrackingParam(name)
}

// isTrackingParam reports whether a query parameter only tracks the reader.
func isTrackingParam(name string) bool {
	n := strings.ToLower(name)
	return trackingParams[n] || strings.HasPrefix(n, "utm_")
}

// StripTracking removes tracking parameters from an absolute URL and
// returns it; a URL that does not parse is returned unchanged. Ingest uses
// it for canonical URLs and the sanitizer for every link and image, so all
// follow one rule. The query is rebuilt only when something was removed,
// so other parameters keep their order and encoding.
func StripTracking(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.RawQuery == "" {
		return raw
	}
	parts := strings.Split(u.RawQuery, "&")
	kept := make([]string, 0, len(parts))
	for _, p := range parts {
		name, _, _ := strings.Cut(p, "=")
		if unescaped, err := url.QueryUnescape(name); err == nil {
			name = unescaped
		}
		if !isTrackingParam(name) {
			kept = append(kept, p)
		}
	}
	if len(kept) == len(parts) {
		return raw
	}
	u.RawQuery = strings.Join(kept, "&")
	return u.String()
}

// pixelHosts are hosts that serve nothing but counting images: any image
// from them is a tracker, whatever size it claims.
var pixelHosts = map[string]bool{
	"pixel.wp.com": true, "stats.wp.com": true, "stats.wordpress.com": true,
	"www.google-analytics.com": true, "ssl.google-analytics.com": true, "google-analytics.com": true,
	"pixel.quantserve.com": true, "sb.scorecardresearch.com": true, "b.scorecardresearch.com": true,
	"pixel.mathtag.com": true, "ad.doubleclick.net": true, "pixel.feedburner.com": true,
	"feeds.feedblitz.com": true, "pi.feedsportal.com": true, "rss.buysellads.com": true,
	"ct.pinterest.com": true, "px.ads.linkedin.com": true, "analytics.twitter.com": true,
}

// pixelFiles are file names counting images are conventionally given.
var pixelFiles = map[string]bool{
	"1x1.gif": true, "1x1.png": true, "pixel.gif": true, "pixel.png": true,
	"spacer.gif": true, "__utm.gif": true, "tracking.gif": true, "beacon.gif": true,
}

// isPixelURL spots counting images by where they come from: hosts that
// serve only trackers, a few well-known paths on larger hosts (Facebook's
// /tr, Feedburner's ~r/.../~4/ item counters, Medium's post-view
// counter), and conventional pixel file names.
func isPixelURL(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return false
	}
	host := strings.ToLower(u.Hostname())
	p := u.EscapedPath()
	switch {
	case pixelHosts[host]:
		return true
	case (host == "www.facebook.com" || host == "facebook.com") && (p == "/tr" || p == "/tr/"):
		return true
	case host == "feeds.feedburner.com" && strings.HasPrefix(p, "/~r/") && strings.Contains(p, "/~4/"):
		return true
	case host == "medium.com" && strings.HasPrefix(p, "/_/stat"):
		return true
	}
	name := strings.ToLower(p[strings.LastIndex(p, "/")+1:])
	return pixelFiles[name]
}
