package demo

import (
	"encoding/xml"
	"fmt"
	"html"
	"strings"
	"time"
)

// RSS 2.0 documents. Element names carry their namespace prefix literally
// and the root declares the prefixes, which is how feeds in the wild look
// and what keeps encoding/xml from repeating xmlns on every element.
type rssDoc struct {
	XMLName   xml.Name   `xml:"rss"`
	Version   string     `xml:"version,attr"`
	NSContent string     `xml:"xmlns:content,attr,omitempty"`
	NSMedia   string     `xml:"xmlns:media,attr,omitempty"`
	NSDC      string     `xml:"xmlns:dc,attr,omitempty"`
	NSAtom    string     `xml:"xmlns:atom,attr"`
	Channel   rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title         string    `xml:"title"`
	Link          string    `xml:"link"`
	Description   string    `xml:"description"`
	Language      string    `xml:"language"`
	LastBuildDate string    `xml:"lastBuildDate"`
	Self          atomLink  `xml:"atom:link"`
	Items         []rssItem `xml:"item"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
}

type rssItem struct {
	Title       string        `xml:"title"`
	Link        string        `xml:"link"`
	GUID        rssGUID       `xml:"guid"`
	PubDate     string        `xml:"pubDate"`
	Creator     string        `xml:"dc:creator,omitempty"`
	Author      string        `xml:"author,omitempty"`
	Categories  []string      `xml:"category"`
	Description string        `xml:"description"`
	Content     *cdata        `xml:"content:encoded,omitempty"`
	Media       *mediaContent `xml:"media:content,omitempty"`
	Enclosure   *rssEnclosure `xml:"enclosure,omitempty"`
}

type rssGUID struct {
	IsPermaLink string `xml:"isPermaLink,attr"`
	Value       string `xml:",chardata"`
}

type cdata struct {
	Value string `xml:",cdata"`
}

type mediaContent struct {
	URL         string `xml:"url,attr"`
	Type        string `xml:"type,attr"`
	Medium      string `xml:"medium,attr"`
	Width       int    `xml:"width,attr"`
	Height      int    `xml:"height,attr"`
	Credit      string `xml:"media:credit"`
	Description string `xml:"media:description,omitempty"`
}

type rssEnclosure struct {
	URL    string `xml:"url,attr"`
	Length int    `xml:"length,attr"`
	Type   string `xml:"type,attr"`
}

// rssFeed renders an outlet's RSS 2.0 feed for a world reached at base.
func (w *World) rssFeed(o outletSpec, base string) ([]byte, error) {
	doc := rssDoc{
		Version: "2.0",
		NSDC:    "http://purl.org/dc/elements/1.1/",
		NSAtom:  "http://www.w3.org/2005/Atom",
		Channel: rssChannel{
			Title:         o.Name,
			Link:          base + o.HomePath,
			Description:   o.tagline,
			Language:      "en",
			LastBuildDate: w.lastUpdate(o.Slug).Format(time.RFC1123Z),
			Self:          atomLink{Href: base + o.feedURLPath(), Rel: "self", Type: "application/rss+xml"},
		},
	}
	if o.kind == kindRSSMedia {
		doc.NSContent = "http://purl.org/rss/1.0/modules/content/"
		doc.NSMedia = "http://search.yahoo.com/mrss/"
	}
	if o.kind == kindRSSEnclosure {
		if err := w.prerender(w.byOutlet[o.Slug]); err != nil {
			return nil, err
		}
	}
	for _, i := range w.byOutlet[o.Slug] {
		a := &w.articles[i]
		item, err := w.rssItem(o, a, base)
		if err != nil {
			return nil, err
		}
		doc.Channel.Items = append(doc.Channel.Items, item)
	}
	return marshalXML(doc)
}

func (w *World) rssItem(o outletSpec, a *Article, base string) (rssItem, error) {
	item := rssItem{
		Title:       a.Title,
		Link:        base + a.Path,
		GUID:        rssGUID{IsPermaLink: "true", Value: base + a.Path},
		PubDate:     a.Published.Format(time.RFC1123Z),
		Creator:     a.Byline,
		Categories:  []string{a.Category},
		Description: a.Summary,
	}
	switch o.kind {
	case kindRSSMedia:
		item.Content = &cdata{Value: bodyHTML(a)}
		item.Media = &mediaContent{
			URL: base + a.ImagePath, Type: "image/png", Medium: "image",
			Width: imageWidth, Height: imageHeight,
			Credit: a.ImageCredit, Description: a.Caption,
		}
	case kindRSSEnclosure:
		size, err := w.imageSize(a)
		if err != nil {
			return item, err
		}
		item.Enclosure = &rssEnclosure{URL: base + a.ImagePath, Length: size, Type: "image/png"}
	case kindRSSHTMLSummary:
		// Many small publishers put a thumbnail and a teaser paragraph in
		// the description as escaped HTML.
		item.Description = fmt.Sprintf(`<p><img src="%s" alt="%s" width="600" height="338"></p><p>%s</p>`,
			html.EscapeString(base+a.ImagePath), html.EscapeString(altText(a)), html.EscapeString(a.Summary))
	case kindRSSMinimal:
		// Plain text, no categories: the source's default category applies.
		item.Categories = nil
		item.Creator = ""
		item.GUID = rssGUID{IsPermaLink: "false", Value: "pitchside:" + a.ID}
	}
	return item, nil
}

// bodyHTML renders an article's paragraphs as HTML for full-content feeds.
func bodyHTML(a *Article) string {
	var b strings.Builder
	for _, p := range a.Paragraphs {
		b.WriteString("<p>")
		b.WriteString(html.EscapeString(p))
		b.WriteString("</p>\n")
	}
	return b.String()
}

// figureHTML is the lead photo block used inside full-content bodies.
func figureHTML(a *Article, base string) string {
	caption := "Photo: " + a.ImageCredit
	if a.Caption != "" {
		caption = a.Caption + " " + caption
	}
	return fmt.Sprintf(`<figure><img src="%s" alt="%s" width="%d" height="%d"><figcaption>%s</figcaption></figure>`+"\n",
		html.EscapeString(base+a.ImagePath), html.EscapeString(altText(a)), imageWidth, imageHeight, html.EscapeString(caption))
}

func altText(a *Article) string {
	if a.Caption != "" {
		return a.Caption
	}
	return a.Title
}

func marshalXML(v any) ([]byte, error) {
	out, err := xml.MarshalIndent(v, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("demo: marshal feed: %w", err)
	}
	return append([]byte(xml.Header), append(out, '\n')...), nil
}

// lastUpdate is the newest publication time of an outlet.
func (w *World) lastUpdate(slug string) time.Time {
	idx := w.byOutlet[slug]
	if len(idx) == 0 {
		return w.now
	}
	return w.articles[idx[0]].Published
}
