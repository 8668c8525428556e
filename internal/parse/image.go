package parse

import (
	"path"
	"strconv"
	"strings"

	"github.com/mmcdole/gofeed"
	ext "github.com/mmcdole/gofeed/extensions"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// image is a lead image candidate as written in the feed (URL unresolved).
type image struct {
	url, credit, caption string
}

// leadImage picks the item's lead image from, in order: Media RSS content
// (the widest image), a media:group's content, media:thumbnail, an image
// enclosure, JSON Feed's image or banner_image, itunes:image, and finally
// the first <img> of the content or summary.
func leadImage(doc *document, i int, gi *gofeed.Item, content, summary string) image {
	media := gi.Extensions["media"]
	var groups []ext.Extension
	if media != nil {
		groups = media["group"]
	}
	var img image
	switch {
	case pickMedia(media["content"], isImageMedia, &img):
	case pickGroupMedia(groups, "content", isImageMedia, &img):
	case pickMedia(media["thumbnail"], hasURL, &img):
	case pickGroupMedia(groups, "thumbnail", hasURL, &img):
	default:
		img.url = otherImage(doc, gi, content, summary)
	}
	if img.url == "" {
		return image{}
	}
	if img.credit == "" {
		img.credit = mediaText(media, "credit", "copyright")
	}
	if img.caption == "" {
		img.caption = mediaText(media, "description")
	}
	if img.caption == "" {
		if t := mediaText(media, "title"); !strings.EqualFold(t, cleanTitle(gi.Title, doc.plainTitles)) {
			img.caption = t
		}
	}
	return img
}

// otherImage covers the sources that carry a URL and nothing else.
func otherImage(doc *document, gi *gofeed.Item, content, summary string) string {
	for _, e := range gi.Enclosures {
		if e != nil && strings.HasPrefix(strings.ToLower(strings.TrimSpace(e.Type)), "image/") && e.URL != "" {
			return e.URL
		}
	}
	// gofeed fills Item.Image from image, then banner_image, for JSON
	// Feed; for RSS it mixes in sources we rank differently.
	if doc.json != nil && gi.Image != nil && gi.Image.URL != "" {
		return gi.Image.URL
	}
	if gi.ITunesExt != nil && strings.TrimSpace(gi.ITunesExt.Image) != "" {
		return gi.ITunesExt.Image
	}
	if u := firstImg(content); u != "" {
		return u
	}
	return firstImg(summary)
}

// pickMedia chooses the widest acceptable element of list; with no widths
// given, the first one. Its own credit and caption come with it.
func pickMedia(list []ext.Extension, ok func(ext.Extension) bool, out *image) bool {
	best, bestWidth := -1, -1
	for i, e := range list {
		if !ok(e) {
			continue
		}
		w, err := strconv.Atoi(strings.TrimSpace(e.Attrs["width"]))
		if err != nil {
			w = 0
		}
		if best < 0 || w > bestWidth {
			best, bestWidth = i, w
		}
	}
	if best < 0 {
		return false
	}
	e := list[best]
	out.url = strings.TrimSpace(e.Attrs["url"])
	out.credit = childText(e, "credit", "copyright")
	out.caption = childText(e, "description", "title")
	return true
}

// pickGroupMedia looks into each media:group in turn; the group's own
// credit and caption apply to its members.
func pickGroupMedia(groups []ext.Extension, name string, ok func(ext.Extension) bool, out *image) bool {
	for _, g := range groups {
		if pickMedia(g.Children[name], ok, out) {
			if out.credit == "" {
				out.credit = childText(g, "credit", "copyright")
			}
			if out.caption == "" {
				out.caption = childText(g, "description", "title")
			}
			return true
		}
	}
	return false
}

func hasURL(e ext.Extension) bool { return strings.TrimSpace(e.Attrs["url"]) != "" }

// isImageMedia accepts media:content declared as an image, or declared as
// nothing at all but named like an image file.
func isImageMedia(e ext.Extension) bool {
	if !hasURL(e) {
		return false
	}
	medium := strings.ToLower(strings.TrimSpace(e.Attrs["medium"]))
	typ := strings.ToLower(strings.TrimSpace(e.Attrs["type"]))
	if medium == "image" || strings.HasPrefix(typ, "image/") {
		return true
	}
	if medium != "" || typ != "" {
		return false
	}
	u := strings.ToLower(e.Attrs["url"])
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	switch path.Ext(u) {
	case ".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif":
		return true
	}
	return false
}

// mediaText is the first non-empty item-level media element among names.
func mediaText(media map[string][]ext.Extension, names ...string) string {
	for _, n := range names {
		for _, e := range media[n] {
			if t := mediaValue(e); t != "" {
				return t
			}
		}
	}
	return ""
}

func childText(e ext.Extension, names ...string) string {
	for _, n := range names {
		for _, c := range e.Children[n] {
			if t := mediaValue(c); t != "" {
				return t
			}
		}
	}
	return ""
}

// mediaValue reads a Media RSS text element, which may be type="html".
func mediaValue(e ext.Extension) string {
	return cleanTitle(e.Value, false)
}

// firstImg returns the src of the first <img> in an HTML fragment that is
// neither inline data nor a 1x1 tracking pixel.
func firstImg(fragment string) string {
	if !strings.Contains(strings.ToLower(fragment), "<img") {
		return ""
	}
	z := html.NewTokenizer(strings.NewReader(fragment))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			if t := z.Token(); t.DataAtom == atom.Img {
				if src := imgSrc(t.Attr); src != "" {
					return src
				}
			}
		}
	}
}

func imgSrc(attrs []html.Attribute) string {
	var src, w, h string
	for _, a := range attrs {
		switch a.Key {
		case "src":
			src = strings.TrimSpace(a.Val)
		case "width":
			w = strings.TrimSpace(a.Val)
		case "height":
			h = strings.TrimSpace(a.Val)
		}
	}
	if strings.HasPrefix(strings.ToLower(src), "data:") || (w == "1" && h == "1") {
		return ""
	}
	return src
}
