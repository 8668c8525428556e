package web

import (
	"net/url"
	"strings"
)

// shareLink is one entry of an article's "Share to:" row. Copy is the
// copy-link button, which needs script and so has no Href.
type shareLink struct {
	Target string
	Label  string
	Href   string
	Copy   bool
}

// shareLinks builds the share row for an absolute article URL and title,
// in the order the settings list the targets; unknown names are skipped.
// The URLs are built here, fully encoded, so the page needs no script to
// share anywhere but the clipboard.
func shareLinks(targets []string, pageURL, title string) []shareLink {
	u, t := queryEscape(pageURL), queryEscape(title)
	var out []shareLink
	for _, target := range targets {
		var l shareLink
		switch target {
		case "facebook":
			l = shareLink{Label: "Facebook", Href: "https://www.facebook.com/sharer/sharer.php?u=" + u}
		case "x":
			l = shareLink{Label: "X", Href: "https://x.com/intent/post?url=" + u + "&text=" + t}
		case "whatsapp":
			l = shareLink{Label: "WhatsApp", Href: "https://wa.me/?text=" + queryEscape(title+" "+pageURL)}
		case "telegram":
			l = shareLink{Label: "Telegram", Href: "https://t.me/share/url?url=" + u + "&text=" + t}
		case "linkedin":
			l = shareLink{Label: "LinkedIn", Href: "https://www.linkedin.com/sharing/share-offsite/?url=" + u}
		case "reddit":
			l = shareLink{Label: "Reddit", Href: "https://www.reddit.com/submit?url=" + u + "&title=" + t}
		case "email":
			l = shareLink{Label: "Email", Href: "mailto:?subject=" + queryEscape(title) +
				"&body=" + queryEscape(title+"\n\n"+pageURL)}
		case "copy":
			l = shareLink{Label: "Copy link", Copy: true}
		default:
			continue
		}
		l.Target = target
		out = append(out, l)
	}
	return out
}

// queryEscape encodes a query value with spaces as %20. RFC 6068 requires
// it for mailto: (mail clients keep a "+"), and every share service reads
// it too, so one encoding serves all targets.
func queryEscape(s string) string {
	return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
}
