package parse

import (
	"fmt"
	"html"
	"net/url"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
	ext "github.com/mmcdole/gofeed/extensions"
	gjson "github.com/mmcdole/gofeed/json"
)

// newItem normalizes the i-th item of doc. It returns a reason instead of
// an item only when the item cannot be represented: its link is present
// but not an http(s) URL. An item with neither link nor title is still an
// item (it may carry an id and content); whether it can be stored is the
// caller's decision.
func newItem(doc *document, i int, gi *gofeed.Item, base *url.URL) (Item, string) {
	it := Item{
		Title:       cleanTitle(gi.Title, doc.plainTitles),
		ContentHTML: strings.TrimSpace(gi.Content),
		SummaryHTML: strings.TrimSpace(gi.Description),
		Author:      authorOf(doc, i, gi),
		Categories:  cleanList(append(gi.Categories, extensionCategories(gi)...)),
	}
	raw := itemLink(doc, i, gi)
	if raw != "" {
		link, ok := resolve(base, raw)
		if !ok {
			return Item{}, fmt.Sprintf("link %q is not an http(s) URL", truncate(raw, 200))
		}
		it.URL = link
	}
	it.GUID = strings.TrimSpace(gi.GUID)
	if it.GUID == "" {
		it.GUID = it.URL
	}
	it.Published, it.Updated = timeOf(gi.PublishedParsed), timeOf(gi.UpdatedParsed)
	if it.Published.IsZero() {
		it.Published = dctermsTime(gi, "issued", "created", "available")
	}
	if it.Updated.IsZero() {
		it.Updated = dctermsTime(gi, "modified")
	}
	if it.Published.IsZero() {
		it.Published = it.Updated
	}
	if gi.DublinCoreExt != nil && len(gi.DublinCoreExt.Language) > 0 {
		it.Language = cleanLanguage(gi.DublinCoreExt.Language[0])
	}
	if ji := jsonItem(doc, i); ji != nil {
		it.ContentHTML = strings.TrimSpace(ji.ContentHTML)
		if it.ContentHTML == "" {
			it.ContentHTML = textToHTML(ji.ContentText)
		}
		it.SummaryHTML = textToHTML(ji.Summary)
		it.Language = cleanLanguage(ji.Language)
	}
	imageBase := base
	if u, err := url.Parse(it.URL); err == nil && it.URL != "" {
		imageBase = u
	}
	img := leadImage(doc, i, gi, it.ContentHTML, it.SummaryHTML)
	if u, ok := resolve(imageBase, img.url); ok {
		it.ImageURL, it.ImageCredit, it.ImageCaption = u, img.credit, img.caption
	}
	return it, ""
}

// itemLink is the item's link as written: the link element, another link,
// or for RSS a guid that is a permalink (the RSS 2.0 default).
func itemLink(doc *document, i int, gi *gofeed.Item) string {
	if l := strings.TrimSpace(gi.Link); l != "" {
		return l
	}
	for _, l := range gi.Links {
		if l = strings.TrimSpace(l); l != "" {
			return l
		}
	}
	if doc.rss == nil || i >= len(doc.rss.Items) || doc.rss.Items[i] == nil {
		return ""
	}
	g := doc.rss.Items[i].GUID
	if g == nil || strings.EqualFold(strings.TrimSpace(g.IsPermalink), "false") {
		return ""
	}
	v := strings.TrimSpace(g.Value)
	if lv := strings.ToLower(v); strings.HasPrefix(lv, "http://") || strings.HasPrefix(lv, "https://") {
		return v
	}
	return ""
}

func jsonItem(doc *document, i int) *gjson.Item {
	if doc.json == nil || i >= len(doc.json.Items) {
		return nil
	}
	return doc.json.Items[i]
}

// authorOf names the item's authors. Atom and JSON Feed entries inherit
// the feed's authors when they name none; RSS has no such rule, and its
// channel-level managingEditor is an address, not a byline. An RSS
// author is by definition an address; the name publishers put beside it
// ("Name <address>", "address (Name)") is the byline.
func authorOf(doc *document, i int, gi *gofeed.Item) string {
	if names := personNames(gi.Authors, gi.Author); names != "" {
		return names
	}
	if gf := doc.feed; gf.FeedType == "atom" || gf.FeedType == "json" {
		return personNames(gf.Authors, gf.Author)
	}
	if doc.rss != nil && i < len(doc.rss.Items) && doc.rss.Items[i] != nil {
		return nameBesideAddress(doc.rss.Items[i].Author)
	}
	return ""
}

// nameBesideAddress reads the name in "Name <address>", "address (Name)"
// or "Name (address)"; a bare address has none, a bare name is one.
func nameBesideAddress(raw string) string {
	s := collapse(unescape(raw))
	if open := strings.LastIndexAny(s, "<("); open >= 0 && (strings.HasSuffix(s, ">") || strings.HasSuffix(s, ")")) {
		inside := strings.TrimSpace(s[open+1 : len(s)-1])
		outside := strings.TrimSpace(s[:open])
		switch {
		case strings.Contains(inside, "@") && outside != "" && !strings.Contains(outside, "@"):
			s = outside
		case strings.Contains(outside, "@") && inside != "" && !strings.Contains(inside, "@"):
			s = inside
		}
	}
	if strings.Contains(s, "@") {
		return ""
	}
	return strings.Trim(s, `"' `)
}

// extensionCategories lists the item's Media RSS categories and its
// iTunes categories with their subcategories, which gofeed keeps only as
// extension elements.
func extensionCategories(gi *gofeed.Item) []string {
	var out []string
	for _, e := range gi.Extensions["media"]["category"] {
		out = append(out, e.Value)
	}
	var itunes func(list []ext.Extension, depth int)
	itunes = func(list []ext.Extension, depth int) {
		if depth > 4 {
			return
		}
		for _, e := range list {
			out = append(out, e.Attrs["text"])
			itunes(e.Children["category"], depth+1)
		}
	}
	itunes(gi.Extensions["itunes"]["category"], 0)
	return out
}

// dctermsTime is the first readable date among the item's Dublin Core
// terms of the given names (dcterms:issued, dcterms:modified...), which
// gofeed does not read; zero when there is none.
func dctermsTime(gi *gofeed.Item, names ...string) time.Time {
	for _, n := range names {
		for _, e := range gi.Extensions["dcterms"][n] {
			if t, ok := isoTime(e.Value); ok {
				return t
			}
		}
	}
	return time.Time{}
}

// personNames joins names; addresses are left out, they are not bylines.
func personNames(people []*gofeed.Person, fallback *gofeed.Person) string {
	if len(people) == 0 && fallback != nil {
		people = []*gofeed.Person{fallback}
	}
	var names []string
	for _, p := range people {
		if p == nil {
			continue
		}
		if n := collapse(unescape(p.Name)); n != "" {
			names = append(names, n)
		}
	}
	return strings.Join(cleanList(names), ", ")
}

func timeOf(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}

// textToHTML turns JSON Feed's plain text into HTML paragraphs, so every
// HTML field of Item holds HTML.
func textToHTML(text string) string {
	text = strings.TrimSpace(strings.ReplaceAll(text, "\r\n", "\n"))
	if text == "" {
		return ""
	}
	var b strings.Builder
	for _, para := range strings.Split(text, "\n\n") {
		if para = strings.TrimSpace(para); para == "" {
			continue
		}
		b.WriteString("<p>")
		b.WriteString(strings.ReplaceAll(html.EscapeString(para), "\n", "<br>"))
		b.WriteString("</p>")
	}
	return b.String()
}
