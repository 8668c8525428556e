package web

import (
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/newsdesk/newsdesk/internal/media"
	"github.com/newsdesk/newsdesk/internal/model"
)

// pageMeta is what a page tells link previews and search engines beyond
// the frame's title, description and image: the Open Graph type, the
// article's dates, section and tags, the preview image's size, and the
// page's structured data. A nil pageMeta is a plain "website" page.
type pageMeta struct {
	Type     string // og:type: "article" or "website"
	ImageW   int    // size of the frame's image in pixels; 0 when unknown
	ImageH   int
	ImageAlt string
	// Published and Modified are RFC 3339 times for article:*; empty
	// leaves the tag out.
	Published string
	Modified  string
	Section   string
	Tags      []string
	// JSONLD are JSON-LD documents, each already encoded by jsonLD so
	// nothing in the data can end the script element it is written in.
	JSONLD []template.JS
	// Crumbs is the visible breadcrumb trail, Home first; empty for none.
	Crumbs []crumb
}

// crumb is one step of a breadcrumb trail; the last one, the page
// itself, has no link.
type crumb struct {
	Name string
	URL  string
}

// Structured data (schema.org) in the shape JSON-LD documents take.
type (
	ldImage struct {
		Type       string `json:"@type"`
		URL        string `json:"url"`
		Width      int    `json:"width,omitempty"`
		Height     int    `json:"height,omitempty"`
		CreditText string `json:"creditText,omitempty"`
		Caption    string `json:"caption,omitempty"`
	}
	ldThing struct {
		Type string   `json:"@type"`
		Name string   `json:"name"`
		URL  string   `json:"url,omitempty"`
		Logo *ldImage `json:"logo,omitempty"`
	}
	ldNewsArticle struct {
		Context          string    `json:"@context"`
		Type             string    `json:"@type"`
		Headline         string    `json:"headline"`
		Description      string    `json:"description,omitempty"`
		Image            *ldImage  `json:"image,omitempty"`
		DatePublished    string    `json:"datePublished"`
		DateModified     string    `json:"dateModified"`
		Author           []ldThing `json:"author,omitempty"`
		Publisher        ldThing   `json:"publisher"`
		MainEntityOfPage string    `json:"mainEntityOfPage"`
		ArticleSection   string    `json:"articleSection,omitempty"`
		Keywords         []string  `json:"keywords,omitempty"`
		IsBasedOn        string    `json:"isBasedOn,omitempty"`
	}
	ldListItem struct {
		Type     string `json:"@type"`
		Position int    `json:"position"`
		Name     string `json:"name"`
		Item     string `json:"item,omitempty"`
	}
	ldBreadcrumbs struct {
		Context string       `json:"@context"`
		Type    string       `json:"@type"`
		Items   []ldListItem `json:"itemListElement"`
	}
	ldSearchAction struct {
		Type   string `json:"@type"`
		Target struct {
			Type        string `json:"@type"`
			URLTemplate string `json:"urlTemplate"`
		} `json:"target"`
		QueryInput string `json:"query-input"`
	}
	ldWebSite struct {
		Context         string         `json:"@context"`
		Type            string         `json:"@type"`
		Name            string         `json:"name"`
		URL             string         `json:"url"`
		Description     string         `json:"description,omitempty"`
		PotentialAction ldSearchAction `json:"potentialAction"`
	}
)

// jsonLD encodes v for a <script type="application/ld+json"> element.
// json.Marshal writes <, > and & as \u003c, \u003e and \u0026, so no
// "</script>" or "<!--" in a title can close or confuse the element, and
// U+2028/U+2029 as escapes too. html/template leaves a template.JS value
// as it is inside the script, so this encoding is what the page gets.
func jsonLD(v any) (template.JS, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("web: encode JSON-LD: %w", err)
	}
	return template.JS(b), nil
}

// absolute turns a site path ("/media/7/1200.jpg") into an absolute URL
// for previews, which are read far from the site; absolute URLs and ""
// stay as they are.
func (s *server) absolute(u string) string {
	if strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "//") {
		return s.absURL(u)
	}
	return u
}

// imageSize returns the pixel size of a photo uploaded through the desk,
// read from its address "/media/{id}/{width}.{ext}"; 0, 0 for any other
// picture, whose size the site does not know, or when it cannot be read
// (the preview then goes without a size rather than the page failing).
func (s *server) imageSize(ctx context.Context, u string) (int, int) {
	rest, ok := strings.CutPrefix(u, "/media/")
	if !ok {
		return 0, 0
	}
	idPart, file, ok := strings.Cut(rest, "/")
	id, err := strconv.ParseInt(idPart, 10, 64)
	if !ok || err != nil || id <= 0 {
		return 0, 0
	}
	width, _, ok := media.ParseVariantFile(file)
	if !ok {
		return 0, 0
	}
	img, err := s.store.GetImage(ctx, id)
	if err != nil {
		s.log.Warn("web: image size unavailable", "image", id, "err", err)
		return 0, 0
	}
	for _, v := range img.Variants {
		if v.Width == width {
			return v.Width, v.Height
		}
	}
	return 0, 0
}

// publisher is the site as schema.org's Organization, its favicon the
// logo (the only picture of the site newsdesk has).
func (s *server) publisher() ldThing {
	st := s.settings()
	org := ldThing{Type: "Organization", Name: st.Name, URL: st.BaseURL + "/"}
	if p, err := s.assets.path("favicon.svg"); err == nil {
		org.Logo = &ldImage{Type: "ImageObject", URL: s.absolute(p), Width: 64, Height: 64}
	}
	return org
}

// bylineSplit separates the names of a shared byline: "A, B and C".
var bylineSplit = regexp.MustCompile(`\s*(?:,|&|\band\b)\s*`)

// authors are the article's authors for structured data: the people its
// byline names or, without a byline, the outlet it came from.
func authors(a model.Article) []ldThing {
	var out []ldThing
	for _, name := range bylineSplit.Split(strings.TrimSpace(a.Byline), -1) {
		if name != "" {
			out = append(out, ldThing{Type: "Person", Name: name})
		}
	}
	if len(out) == 0 && a.SourceName != "" {
		out = append(out, ldThing{Type: "Organization", Name: a.SourceName})
	}
	return out
}

// articleMeta builds an article page's metadata and makes the frame's
// preview image absolute. p must be complete (BasedOn is read from it).
func (s *server) articleMeta(ctx context.Context, a model.Article, p articlePage, fr *frame) error {
	st := s.settings()
	rfc := func(t time.Time) string { return t.In(st.Location).Format(time.RFC3339) }
	m := &pageMeta{Type: "article", Published: rfc(a.PublishedAt), Section: a.Category, Tags: a.Tags}
	modified := a.PublishedAt
	if !a.UpdatedAt.IsZero() {
		modified = a.UpdatedAt
		m.Modified = rfc(a.UpdatedAt)
	}
	doc := ldNewsArticle{
		Context: "https://schema.org", Type: "NewsArticle",
		Headline: a.Title, Description: a.Excerpt,
		DatePublished: m.Published, DateModified: rfc(modified),
		Author: authors(a), Publisher: s.publisher(),
		MainEntityOfPage: fr.Canonical,
		ArticleSection:   a.Category, Keywords: a.Tags,
	}
	if a.ImageURL != "" {
		fr.Image = s.absolute(a.ImageURL)
		m.ImageW, m.ImageH = s.imageSize(ctx, a.ImageURL)
		m.ImageAlt = firstNonEmpty(a.ImageCaption, a.Title)
		doc.Image = &ldImage{Type: "ImageObject", URL: fr.Image, Width: m.ImageW, Height: m.ImageH,
			CreditText: p.PhotoCredit, Caption: a.ImageCaption}
	}
	switch {
	case a.Kind != model.KindOriginal && a.URL != "":
		doc.IsBasedOn = a.URL
	case p.BasedOn != nil:
		doc.IsBasedOn = s.absolute(p.BasedOn.URL)
	}
	crumbs := []crumb{{"Home", "/"}}
	if p.Category != "" {
		crumbs = append(crumbs, crumb{p.Category, p.CategoryURL})
	}
	crumbs = append(crumbs, crumb{Name: a.Title})
	for _, v := range []any{doc, s.breadcrumbList(crumbs, fr.Canonical)} {
		js, err := jsonLD(v)
		if err != nil {
			return err
		}
		m.JSONLD = append(m.JSONLD, js)
	}
	m.Crumbs = crumbs
	fr.Meta = m
	return nil
}

// breadcrumbList is a trail as schema.org's BreadcrumbList; the last
// step, the page itself, links to self.
func (s *server) breadcrumbList(crumbs []crumb, self string) ldBreadcrumbs {
	out := ldBreadcrumbs{Context: "https://schema.org", Type: "BreadcrumbList"}
	for i, c := range crumbs {
		item := s.absolute(c.URL)
		if c.URL == "" {
			item = self
		}
		out.Items = append(out.Items, ldListItem{Type: "ListItem", Position: i + 1, Name: c.Name, Item: item})
	}
	return out
}

// homeMeta gives the home page the WebSite document that tells search
// engines how to search the site.
func (s *server) homeMeta(fr *frame) error {
	st := s.settings()
	doc := ldWebSite{Context: "https://schema.org", Type: "WebSite", Name: st.Name, URL: st.BaseURL + "/",
		Description: st.Tagline}
	doc.PotentialAction.Type = "SearchAction"
	doc.PotentialAction.Target.Type = "EntryPoint"
	doc.PotentialAction.Target.URLTemplate = st.BaseURL + "/search?q={search_term_string}"
	doc.PotentialAction.QueryInput = "required name=search_term_string"
	js, err := jsonLD(doc)
	if err != nil {
		return err
	}
	fr.Meta = &pageMeta{Type: "website", JSONLD: []template.JS{js}}
	if fr.Description == "" {
		fr.Description = st.Tagline
	}
	return nil
}
