package demo

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"time"
)

// articleTmpl is a realistic article page: cookie banner, masthead, ads
// and footer around an <article> with the metadata extractors look for.
var articleTmpl = template.Must(template.New("article").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.A.Title}} | {{.O.Name}}</title>
<meta name="description" content="{{.A.Summary}}">
<meta name="author" content="{{.A.Byline}}">
<link rel="canonical" href="{{.URL}}">
<link rel="alternate" {{.FeedType}} title="{{.O.Name}}" href="{{.Base}}{{.FeedPath}}">
<meta property="og:type" content="article">
<meta property="og:site_name" content="{{.O.Name}}">
<meta property="og:title" content="{{.A.Title}}">
<meta property="og:description" content="{{.A.Summary}}">
<meta property="og:url" content="{{.URL}}">
<meta property="og:image" content="{{.Image}}">
<meta property="og:image:width" content="{{.Width}}">
<meta property="og:image:height" content="{{.Height}}">
<meta property="article:published_time" content="{{.ISO}}">
<meta property="article:section" content="{{.A.Category}}">
<meta name="twitter:card" content="summary_large_image">
<script type="application/ld+json">{{.JSONLD}}</script>
<style>body{font-family:Georgia,serif;margin:0;color:#222}.masthead{background:{{.O.Accent}};color:#fff;padding:1rem}.masthead a{color:#fff}main{max-width:46rem;margin:auto;padding:1rem}figure img{max-width:100%;height:auto}.ad{background:#eee;text-align:center;padding:2rem;color:#888}</style>
</head>
<body>
<div class="cookie-banner" role="dialog">We use cookies to remember your preferences. <button type="button">Accept all</button> <button type="button">Settings</button></div>
<header class="masthead">
<a class="logo" href="{{.Base}}{{.O.HomePath}}">{{.O.Name}}</a> <span class="tagline">{{.O.Tagline}}</span>
<nav aria-label="Sections"><ul>{{range .Sections}}<li><a href="{{$.Base}}{{$.O.HomePath}}#{{.}}">{{.}}</a></li>{{end}}</ul></nav>
<form class="search" action="{{.Base}}{{.O.HomePath}}" method="get"><label>Search <input name="q" type="search"></label></form>
</header>
<div class="ad ad-leaderboard">Advertisement</div>
<main>
<article class="story">
<p class="kicker"><a href="{{.Base}}{{.O.HomePath}}#{{.A.Category}}">{{.A.Category}}</a></p>
<h1 class="headline">{{.A.Title}}</h1>
<p class="byline">By <a class="author" rel="author" href="{{.Base}}{{.O.HomePath}}#staff">{{.A.Byline}}</a></p>
<p class="dateline"><time datetime="{{.ISO}}">{{.Human}}</time></p>
<figure class="lead-image">
<img src="{{.Image}}" alt="{{.Alt}}" width="{{.Width}}" height="{{.Height}}">
<figcaption>{{if .A.Caption}}{{.A.Caption}} {{end}}<span class="credit">Photo: {{.A.ImageCredit}}</span></figcaption>
</figure>
<div class="article-body">
{{range .A.Paragraphs}}<p>{{.}}</p>
{{end}}</div>
<div class="share">Share this story: <a href="mailto:?subject={{.A.Title}}">Email</a> · <a href="{{.URL}}">Permalink</a></div>
</article>
<aside class="related" aria-label="Related stories">
<h2>More from {{.O.Name}}</h2>
<ul>{{range .Related}}<li><a href="{{$.Base}}{{.Path}}">{{.Title}}</a></li>{{end}}</ul>
</aside>
<div class="ad ad-box">Advertisement</div>
</main>
<section class="newsletter"><h2>The morning briefing</h2><p>The stories that matter, in your inbox before breakfast.</p><form><label>Email <input type="email" name="email"></label> <button type="submit">Sign up</button></form></section>
<footer class="site-footer"><p>&copy; {{.Year}} {{.O.Name}}. All rights reserved.</p><p><a href="{{.Base}}{{.O.HomePath}}">Home</a> · <a href="{{.Base}}{{.FeedPath}}">Feed</a> · About us · Contact · Privacy policy · Terms</p><p>{{.O.Name}} is a fictional publication generated for the newsdesk demo.</p></footer>
</body>
</html>
`))

type pageOutlet struct {
	Name, HomePath, Tagline string
	Accent                  template.CSS
}

type articlePage struct {
	A                     *Article
	O                     pageOutlet
	Base, URL, Image, Alt string
	FeedPath              string
	FeedType              template.HTMLAttr
	ISO, Human            string
	Width, Height, Year   int
	Sections              []string
	Related               []*Article
	JSONLD                template.JS
}

// newsArticleLD is schema.org NewsArticle metadata.
type newsArticleLD struct {
	Context       string        `json:"@context"`
	Type          string        `json:"@type"`
	Headline      string        `json:"headline"`
	Description   string        `json:"description"`
	DatePublished string        `json:"datePublished"`
	DateModified  string        `json:"dateModified"`
	Section       string        `json:"articleSection"`
	URL           string        `json:"url"`
	MainEntity    string        `json:"mainEntityOfPage"`
	Author        []ldThing     `json:"author"`
	Publisher     ldThing       `json:"publisher"`
	Image         ldImageObject `json:"image"`
}

type ldThing struct {
	Type string `json:"@type"`
	Name string `json:"name"`
}

type ldImageObject struct {
	Type       string `json:"@type"`
	URL        string `json:"url"`
	Width      int    `json:"width"`
	Height     int    `json:"height"`
	CreditText string `json:"creditText"`
	Caption    string `json:"caption,omitempty"`
}

// articleHTML renders the article page at index i.
func (w *World) articleHTML(i int, base string) ([]byte, error) {
	a := &w.articles[i]
	o := w.outlets[w.outletAt[a.Outlet]]
	iso := a.Published.Format(time.RFC3339)
	ld := newsArticleLD{
		Context: "https://schema.org", Type: "NewsArticle",
		Headline: a.Title, Description: a.Summary,
		DatePublished: iso, DateModified: iso, Section: a.Category,
		URL: base + a.Path, MainEntity: base + a.Path,
		Publisher: ldThing{Type: "NewsMediaOrganization", Name: o.Name},
		Image: ldImageObject{Type: "ImageObject", URL: base + a.ImagePath, Width: imageWidth,
			Height: imageHeight, CreditText: a.ImageCredit, Caption: a.Caption},
	}
	for _, p := range authors(a.Byline) {
		ld.Author = append(ld.Author, ldThing{Type: "Person", Name: p.Name})
	}
	// encoding/json escapes <, > and &, so the result is safe in <script>.
	ldJSON, err := json.Marshal(ld)
	if err != nil {
		return nil, fmt.Errorf("demo: marshal json-ld: %w", err)
	}
	page := articlePage{
		A:    a,
		O:    pageOutlet{Name: o.Name, HomePath: o.HomePath, Tagline: o.tagline, Accent: template.CSS(o.accent)},
		Base: base, URL: base + a.Path, Image: base + a.ImagePath, Alt: altText(a),
		FeedPath: o.feedURLPath(), FeedType: feedLinkType(o),
		ISO: iso, Human: a.Published.Format("Monday, January 2, 2006, 15:04 MST"),
		Width: imageWidth, Height: imageHeight, Year: w.now.Year(),
		Sections: w.sections(o), JSONLD: template.JS(ldJSON),
	}
	for _, j := range w.related[i] {
		page.Related = append(page.Related, &w.articles[j])
	}
	var buf bytes.Buffer
	if err := articleTmpl.Execute(&buf, page); err != nil {
		return nil, fmt.Errorf("demo: render article %s: %w", a.Path, err)
	}
	return buf.Bytes(), nil
}

// feedLinkType is the type attribute of a <link rel="alternate"> to the
// outlet's feed. It is written verbatim: html/template would turn the "+"
// into "&#43;", which is valid HTML but trips up naive feed discovery.
func feedLinkType(o outletSpec) template.HTMLAttr {
	switch o.Format {
	case "atom":
		return `type="application/atom+xml"`
	case "json":
		return `type="application/feed+json"`
	default:
		return `type="application/rss+xml"`
	}
}

func (w *World) sections(o outletSpec) []string {
	if o.beats != nil {
		return o.beats
	}
	return categories
}

// buildRelated links each article to up to four others from its outlet
// and category, nearest in time first, like a "more on this" rail.
func (w *World) buildRelated() map[int][]int {
	rel := make(map[int][]int, len(w.articles))
	for _, idx := range w.byOutlet {
		for pos, i := range idx {
			var picks []int
			for d := 1; d < len(idx) && len(picks) < 4; d++ {
				for _, p := range []int{pos - d, pos + d} {
					if p >= 0 && p < len(idx) && len(picks) < 4 && w.articles[idx[p]].Category == w.articles[i].Category {
						picks = append(picks, idx[p])
					}
				}
			}
			rel[i] = picks
		}
	}
	return rel
}
