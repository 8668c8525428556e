package demo

import (
	"bytes"
	"fmt"
	"html/template"
	"time"
)

// homeTmpl is an outlet's front page. Its <link rel="alternate"> is the
// only way to find the discovery outlet's feed.
var homeTmpl = template.Must(template.New("home").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.O.Name}}: {{.O.Tagline}}</title>
<meta name="description" content="{{.O.Tagline}}">
<link rel="canonical" href="{{.Base}}{{.O.HomePath}}">
<link rel="alternate" {{.FeedType}} title="{{.O.Name}}: latest stories" href="{{.Base}}{{.FeedPath}}">
<meta property="og:site_name" content="{{.O.Name}}">
<meta property="og:type" content="website">
<style>body{font-family:Georgia,serif;margin:0}.masthead{background:{{.O.Accent}};color:#fff;padding:1rem}main{max-width:60rem;margin:auto;padding:1rem}li{margin:.6rem 0}img{vertical-align:middle}</style>
</head>
<body>
<header class="masthead"><h1>{{.O.Name}}</h1><p>{{.O.Tagline}}</p><p>{{.Today}}</p>
<nav aria-label="Sections"><ul>{{range .Sections}}<li><a href="#{{.}}">{{.}}</a></li>{{end}}</ul></nav></header>
<main>
{{range .Groups}}<section id="{{.Name}}"><h2>{{.Name}}</h2><ul>
{{range .Items}}<li><a href="{{$.Base}}{{.Path}}"><img src="{{$.Base}}{{.ImagePath}}" alt="" width="160" height="90"> {{.Title}}</a> <time datetime="{{.Published.Format "2006-01-02T15:04:05Z07:00"}}">{{.Published.Format "Jan 2, 15:04"}}</time><p>{{.Summary}}</p></li>
{{end}}</ul></section>
{{end}}</main>
<footer><p>&copy; {{.Year}} {{.O.Name}}. {{.O.Name}} is a fictional publication generated for the newsdesk demo.</p></footer>
</body>
</html>
`))

type homeGroup struct {
	Name  string
	Items []*Article
}

type homePage struct {
	O        pageOutlet
	Base     string
	FeedPath string
	FeedType template.HTMLAttr
	Today    string
	Year     int
	Sections []string
	Groups   []homeGroup
}

// homeHTML renders an outlet's front page: its articles grouped by section,
// newest first.
func (w *World) homeHTML(o outletSpec, base string) ([]byte, error) {
	page := homePage{
		O:    pageOutlet{Name: o.Name, HomePath: o.HomePath, Tagline: o.tagline, Accent: template.CSS(o.accent)},
		Base: base, FeedPath: o.feedURLPath(), FeedType: feedLinkType(o),
		Today: w.now.Format("Monday, January 2, 2006"), Year: w.now.Year(),
		Sections: w.sections(o),
	}
	for _, sec := range page.Sections {
		g := homeGroup{Name: sec}
		for _, i := range w.byOutlet[o.Slug] {
			if w.articles[i].Category == sec {
				g.Items = append(g.Items, &w.articles[i])
			}
		}
		if len(g.Items) > 0 {
			page.Groups = append(page.Groups, g)
		}
	}
	var buf bytes.Buffer
	if err := homeTmpl.Execute(&buf, page); err != nil {
		return nil, fmt.Errorf("demo: render home %s: %w", o.Slug, err)
	}
	return buf.Bytes(), nil
}

var indexTmpl = template.Must(template.New("index").Parse(`<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>newsdesk demo world</title></head>
<body>
<h1>newsdesk demo world</h1>
<p>{{.Stats.Outlets}} fictional outlets, {{.Stats.Events}} events, {{.Stats.Articles}} articles published between {{.From}} and {{.To}}.</p>
<ul>{{range .Outlets}}<li><a href="{{$.Base}}{{.HomePath}}">{{.Name}}</a>: subscribe at <a href="{{$.Base}}{{.FeedPath}}">{{$.Base}}{{.FeedPath}}</a> ({{.Format}})</li>
{{end}}</ul>
</body>
</html>
`))

// indexHTML lists the outlets, for people poking at the demo server.
func (w *World) indexHTML(base string) ([]byte, error) {
	data := struct {
		Base     string
		Outlets  []Outlet
		Stats    Stats
		From, To string
	}{base, w.Outlets(), w.Stats(), w.now.Add(-week).Format(time.RFC1123), w.now.Format(time.RFC1123)}
	var buf bytes.Buffer
	if err := indexTmpl.Execute(&buf, data); err != nil {
		return nil, fmt.Errorf("demo: render index: %w", err)
	}
	return buf.Bytes(), nil
}
