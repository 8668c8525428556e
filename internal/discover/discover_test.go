package discover

import (
	"reflect"
	"testing"
)

func TestFeedLinks(t *testing.T) {
	tests := []struct {
		name string
		page string
		url  string
		want []Link
	}{
		{
			name: "rss atom and json feed in document order",
			page: `<!DOCTYPE html><html><head><title>Gazette</title>
				<link rel="stylesheet" href="/s.css">
				<link rel="alternate" type="application/atom+xml" title="Atom" href="/atom.xml">
				<link rel="alternate" type="application/rss+xml" title="  All   news " href="feed.xml">
				<link rel="alternate" type="application/feed+json" href="https://cdn.example.net/feed.json">
				</head><body></body></html>`,
			url: "https://gazette.example.com/news/index.html",
			want: []Link{
				{URL: "https://gazette.example.com/atom.xml", Title: "Atom", Type: "application/atom+xml"},
				{URL: "https://gazette.example.com/news/feed.xml", Title: "All news", Type: "application/rss+xml"},
				{URL: "https://cdn.example.net/feed.json", Type: "application/feed+json"},
			},
		},
		{
			name: "rel token list, case and type parameters",
			page: `<html><head>
				<LINK REL="Alternate Home" TYPE="Application/RSS+XML; charset=utf-8" HREF="/a.rss">
				<link rel="alternate stylesheet" type="text/css" href="/alt.css">
				<link rel="alternates" type="application/rss+xml" href="/not-a-token.rss">
				</head></html>`,
			url:  "https://x.example/",
			want: []Link{{URL: "https://x.example/a.rss", Type: "application/rss+xml"}},
		},
		{
			name: "base href respected",
			page: `<html><head><base href="https://static.example.org/site/"><link rel="alternate" type="application/rss+xml" href="rss"></head></html>`,
			url:  "https://www.example.org/page",
			want: []Link{{URL: "https://static.example.org/site/rss", Type: "application/rss+xml"}},
		},
		{
			name: "relative base href",
			page: `<html><head><base href="/blog/"><link rel="alternate" type="application/atom+xml" href="atom"></head></html>`,
			url:  "https://www.example.org/page",
			want: []Link{{URL: "https://www.example.org/blog/atom", Type: "application/atom+xml"}},
		},
		{
			name: "duplicates removed and generic json last",
			page: `<html><head>
				<link rel="alternate" type="application/json" href="/wp-json/wp/v2/posts/1">
				<link rel="alternate" type="application/rss+xml" href="/feed/">
				<link rel="alternate" type="application/rss+xml" href="https://x.example/feed/#top">
				<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
				<link rel="alternate" type="application/rss+xml" href="">
				</head></html>`,
			url: "https://x.example/",
			want: []Link{
				{URL: "https://x.example/feed/", Type: "application/rss+xml"},
				{URL: "https://x.example/wp-json/wp/v2/posts/1", Type: "application/json"},
			},
		},
		{
			name: "links in body ignored",
			page: `<html><head><title>t</title></head><body><link rel="alternate" type="application/rss+xml" href="/b.rss"></body></html>`,
			url:  "https://x.example/",
			want: nil,
		},
		{name: "no feeds", page: `<html><head><title>t</title></head></html>`, url: "https://x.example/", want: nil},
		{name: "empty page", page: ``, url: "https://x.example/", want: nil},
		{name: "not html at all", page: "\x00\x01\xff", url: "::bad", want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := FeedLinks([]byte(tt.page), tt.url)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("FeedLinks\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestLooksLikeHTML(t *testing.T) {
	tests := []struct {
		name string
		data string
		want bool
	}{
		{"doctype html", "<!DOCTYPE html><html><body>x</body></html>", true},
		{"bom and spaces", "\xef\xbb\xbf  \n<html lang=en>", true},
		{"comment first", "<!-- generated --><html>", true},
		{"xhtml", `<?xml version="1.0"?><!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "x"><html xmlns="http://www.w3.org/1999/xhtml">`, true},
		{"fragment", "<div>hello</div>", true},
		{"rss", `<?xml version="1.0"?><rss version="2.0"><channel/></rss>`, false},
		{"rss 0.91 doctype", `<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "x"><rss version="0.91">`, false},
		{"atom after comment", `<?xml version="1.0"?><!-- hi --><feed xmlns="http://www.w3.org/2005/Atom">`, false},
		{"rdf", `<rdf:RDF xmlns:rdf="x">`, false},
		{"json feed", `{"version":"https://jsonfeed.org/version/1.1"}`, false},
		{"plain text", "hello", false},
		{"empty", "", false},
		{"unterminated comment", "<!-- never ends", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := LooksLikeHTML([]byte(tt.data)); got != tt.want {
				t.Errorf("LooksLikeHTML(%q) = %v, want %v", tt.data, got, tt.want)
			}
		})
	}
}
