package demo

import (
	"encoding/xml"
	"strings"
	"time"
)

type atomFeed struct {
	XMLName  xml.Name    `xml:"feed"`
	NS       string      `xml:"xmlns,attr"`
	Lang     string      `xml:"xml:lang,attr"`
	Base     string      `xml:"xml:base,attr,omitempty"`
	Title    string      `xml:"title"`
	Subtitle string      `xml:"subtitle"`
	ID       string      `xml:"id"`
	Updated  string      `xml:"updated"`
	Links    []atomHref  `xml:"link"`
	Author   atomPerson  `xml:"author"`
	Entries  []atomEntry `xml:"entry"`
}

type atomHref struct {
	Rel    string `xml:"rel,attr"`
	Type   string `xml:"type,attr,omitempty"`
	Href   string `xml:"href,attr"`
	Length int    `xml:"length,attr,omitempty"`
	Title  string `xml:"title,attr,omitempty"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomText struct {
	Type  string `xml:"type,attr"`
	Value string `xml:",chardata"`
}

type atomCategory struct {
	Term string `xml:"term,attr"`
}

type atomEntry struct {
	Title     atomText       `xml:"title"`
	ID        string         `xml:"id"`
	Links     []atomHref     `xml:"link"`
	Published string         `xml:"published"`
	Updated   string         `xml:"updated"`
	Authors   []atomPerson   `xml:"author"`
	Category  []atomCategory `xml:"category"`
	Rights    string         `xml:"rights,omitempty"`
	Summary   atomText       `xml:"summary"`
	Content   *atomText      `xml:"content,omitempty"`
}

// atomFeedDoc renders an outlet's Atom 1.0 feed. The summary-only outlet
// sets xml:base on the feed and writes every link relative to it, as some
// static-site generators do.
func (w *World) atomFeedDoc(o outletSpec, base string) ([]byte, error) {
	relative := o.kind == kindAtomRelative
	ref := func(path string) string {
		if relative {
			return strings.TrimPrefix(path, o.HomePath)
		}
		return base + path
	}
	doc := atomFeed{
		NS:       "http://www.w3.org/2005/Atom",
		Lang:     "en",
		Title:    o.Name,
		Subtitle: o.tagline,
		ID:       "tag:" + o.Slug + ".demo,2024:feed",
		Updated:  w.lastUpdate(o.Slug).Format(time.RFC3339),
		Links: []atomHref{
			{Rel: "self", Type: "application/atom+xml", Href: base + o.feedURLPath()},
			{Rel: "alternate", Type: "text/html", Href: base + o.HomePath},
		},
		Author: atomPerson{Name: o.Name},
	}
	if relative {
		doc.Base = base + o.HomePath
		doc.Links[1].Href = "./"
	}
	for _, i := range w.byOutlet[o.Slug] {
		a := &w.articles[i]
		e := atomEntry{
			Title:     atomText{Type: "text", Value: a.Title},
			ID:        "tag:" + o.Slug + ".demo,2024:" + a.ID,
			Published: a.Published.Format(time.RFC3339),
			Updated:   a.Published.Format(time.RFC3339),
			Authors:   authors(a.Byline),
			Category:  []atomCategory{{Term: a.Category}},
			Summary:   atomText{Type: "text", Value: a.Summary},
			Links: []atomHref{
				{Rel: "alternate", Type: "text/html", Href: ref(a.Path)},
				{Rel: "enclosure", Type: "image/png", Href: imageRef(a, base, relative), Title: a.ImageCredit},
			},
		}
		if o.kind == kindAtomFull {
			e.Content = &atomText{Type: "html", Value: figureHTML(a, base) + bodyHTML(a)}
			e.Rights = "Photo: " + a.ImageCredit
		}
		doc.Entries = append(doc.Entries, e)
	}
	return marshalXML(doc)
}

// imageRef is absolute for most feeds; relative feeds use a root-relative
// path, which resolves against xml:base to the same image.
func imageRef(a *Article, base string, relative bool) string {
	if relative {
		return a.ImagePath
	}
	return base + a.ImagePath
}

// authors splits a shared byline ("A and B") into Atom authors.
func authors(byline string) []atomPerson {
	var out []atomPerson
	for _, name := range strings.Split(byline, " and ") {
		out = append(out, atomPerson{Name: name})
	}
	return out
}
