package extract

import (
	"strings"
	"testing"
)

// canonicalPage is an article page whose head holds head.
func canonicalPage(head string) []byte {
	body := strings.Repeat("<p>The harbour ferry is back on the water after two years of repairs, "+
		"and the first crossing carried more than two hundred passengers to the island.</p>", 6)
	return []byte("<!doctype html><html><head><title>Ferry returns</title>" + head +
		"</head><body><article><h1>Ferry returns</h1>" + body + "</article></body></html>")
}

func TestArticle_CanonicalURL(t *testing.T) {
	const page = "https://news.example/2024/06/ferry?utm_source=rss"
	tests := []struct {
		name, head, want string
	}{
		{"absolute link", `<link rel="canonical" href="https://news.example/2024/06/ferry">`,
			"https://news.example/2024/06/ferry"},
		{"relative link", `<link rel="canonical" href="/2024/06/ferry-returns">`,
			"https://news.example/2024/06/ferry-returns"},
		{"link among other rels", `<link rel="alternate canonical" href="ferry-returns">`,
			"https://news.example/2024/06/ferry-returns"},
		{"other host", `<link rel="canonical" href="https://wire.example/ferry">`, "https://wire.example/ferry"},
		{"og:url fallback", `<meta property="og:url" content="https://news.example/ferry">`,
			"https://news.example/ferry"},
		{"root link falls back to og:url",
			`<link rel="canonical" href="/"><meta property="og:url" content="https://news.example/ferry">`,
			"https://news.example/ferry"},
		{"root link", `<link rel="canonical" href="https://news.example/">`, ""},
		{"root without slash", `<link rel="canonical" href="https://news.example">`, ""},
		{"root og:url", `<meta property="og:url" content="https://news.example//">`, ""},
		{"root with a query names a page", `<link rel="canonical" href="/?p=123">`, "https://news.example/?p=123"},
		{"not http", `<link rel="canonical" href="javascript:alert(1)">`, ""},
		{"ftp", `<link rel="canonical" href="ftp://news.example/ferry">`, ""},
		{"malformed", `<link rel="canonical" href="https://news example/%zz">`, ""},
		{"empty", `<link rel="canonical" href="">`, ""},
		{"none", ``, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Article(canonicalPage(tt.head), page)
			if err != nil {
				t.Fatalf("Article: %v", err)
			}
			if r.CanonicalURL != tt.want {
				t.Errorf("CanonicalURL = %q, want %q", r.CanonicalURL, tt.want)
			}
		})
	}
}
