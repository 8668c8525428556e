package ingest

import (
	"strings"
	"testing"
)

func TestCanonicalURL_VariantsShareOneKey(t *testing.T) {
	const want = "https://example.com/news/ferry-returns"
	variants := []string{
		"https://example.com/news/ferry-returns",
		"http://example.com/news/ferry-returns",
		"HTTPS://Example.COM/news/ferry-returns",
		"https://example.com./news/ferry-returns",
		"https://example.com../news/ferry-returns",
		"https://example.com:443/news/ferry-returns",
		"http://example.com:80/news/ferry-returns",
		"https://www.example.com/news/ferry-returns",
		"https://m.example.com/news/ferry-returns",
		"https://mobile.example.com/news/ferry-returns",
		"https://amp.example.com/news/ferry-returns",
		"https://www.m.example.com/news/ferry-returns",
		"https://example.com/news/ferry-returns/",
		"https://example.com//news///ferry-returns//",
		"https://example.com/news/./ferry-returns",
		"https://example.com/news/x/../ferry-returns",
		"https://example.com/news/ferry-returns#comments",
		"https://reader:secret@example.com/news/ferry-returns",
		"https://example.com/news/ferry-returns?utm_source=rss&utm_medium=feed&utm_campaign=x",
		"https://example.com/news/ferry-returns?fbclid=IwAR0&gclid=abc&mc_cid=1&mc_eid=2",
		"https://example.com/news/ferry-returns?UTM_Source=Twitter",
		"https://example.com/news/ferry-returns?",
		"https://example.com/news/ferry-returns?&&",
		"https://example.com/news/ferry-returns/amp",
		"https://example.com/news/ferry-returns/amp/",
		"https://example.com/amp/news/ferry-returns",
		"https://example.com/news/amp/ferry-returns",
		"https://example.com/news/ferry-returns.amp",
		"https://example.com/news/ferry-returns?amp",
		"https://example.com/news/ferry-returns?amp=1",
		"https://example.com/news/ferry-returns?outputType=amp",
		"https://example.com/news/ferry-returns?amp_js_v=0.1&usqp=mq331AQFKAGwASA%3D",
		"https://www-example-com.cdn.ampproject.org/c/s/www.example.com/news/ferry-returns/amp/",
		"https://www-example-com.cdn.ampproject.org/v/s/example.com/news/ferry-returns?amp_js_v=0.1",
		"https://example-com.cdn.ampproject.org/c/example.com/news/ferry-returns",
		"https://www.google.com/amp/s/m.example.com/news/ferry-returns.amp",
		"https://example.com/%6Eews/ferry%2Dreturns",
		"  https://example.com/news/ferry-returns  ",
		"http://m.example.com/news/ferry-returns/amp?utm_source=rss&utm_medium=feed",
	}
	for _, v := range variants {
		if got := canonicalURL(v); got != want {
			t.Errorf("canonicalURL(%q) = %q, want %q", v, got, want)
		}
	}
}

func TestCanonicalURL_KeepsWhatTellsArticlesApart(t *testing.T) {
	tests := []struct{ in, want string }{
		// Parameters that pick the article stay, sorted.
		{"https://example.com/story?id=7", "https://example.com/story?id=7"},
		{"https://example.com/story?page=2&id=7&utm_source=x", "https://example.com/story?id=7&page=2"},
		{"https://example.com/story?outputType=print", "https://example.com/story?outputType=print"},
		// Escapes are normalized, not decoded where they mean something.
		{"https://example.com/a%2fb", "https://example.com/a%2Fb"},
		{"https://example.com/caf%c3%a9", "https://example.com/caf%C3%A9"},
		// Paths are case-sensitive.
		{"https://example.com/News/Story", "https://example.com/News/Story"},
		// Other ports stay; an IP's labels are not prefixes.
		{"http://127.0.0.1:8080/a/", "https://127.0.0.1:8080/a"},
		{"https://[::1]:8443/a", "https://[::1]:8443/a"},
		{"http://[::1]/a", "https://[::1]/a"},
		// A prefix is stripped only when a site name is left.
		{"https://m.example/a", "https://m.example/a"},
		{"https://www.co/a", "https://www.co/a"},
		// Roots.
		{"https://example.com", "https://example.com/"},
		{"https://www.example.com/?utm_source=x#top", "https://example.com/"},
		// Words that merely contain "amp" are words.
		{"https://example.com/news/camp-fire", "https://example.com/news/camp-fire"},
		{"https://example.com/news/amplifier.html", "https://example.com/news/amplifier.html"},
		{"https://example.com/news/story.amp.html", "https://example.com/news/story.html"},
		{"https://example.com/news/.amp", "https://example.com/news/.amp"},
		// A cache URL that wraps nothing usable is kept as it is.
		{"https://example-com.cdn.ampproject.org/c/s/", "https://example-com.cdn.ampproject.org/c/s"},
		{"https://www.google.com/search?q=ferry", "https://google.com/search?q=ferry"},
	}
	for _, tt := range tests {
		if got := canonicalURL(tt.in); got != tt.want {
			t.Errorf("canonicalURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCanonicalURL_NotAnArticleAddress(t *testing.T) {
	for _, in := range []string{
		"", " ", "/news/story", "news/story", "//example.com/a", "mailto:desk@example.com",
		"ftp://example.com/a", "javascript:alert(1)", "https://", "http://:80/a",
		"https://exa mple.com/a", "https://example.com:port/a", "https://example.com/\x00",
		"https://[::1/a", "%zz", "http://%41/",
	} {
		if got := canonicalURL(in); got != "" {
			t.Errorf("canonicalURL(%q) = %q, want \"\"", in, got)
		}
	}
}

// FuzzCanonicalURL checks that any input gives a key or "" without
// panicking, and that a key is its own key.
func FuzzCanonicalURL(f *testing.F) {
	for _, s := range []string{
		"https://www.example.com/a/amp/?utm_source=x&b=2&a=1#f",
		"https://www-example-com.cdn.ampproject.org/c/s/www.example.com/p",
		"https://www.google.com/amp/s/", "http://[::1]:80/%2e%2E/x", "https://a.b/%",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		key := canonicalURL(raw)
		if key == "" {
			return
		}
		if !strings.HasPrefix(key, "https://") {
			t.Fatalf("canonicalURL(%q) = %q: not https", raw, key)
		}
		if again := canonicalURL(key); again != key {
			t.Fatalf("canonicalURL(%q) = %q, but that key's key is %q", raw, key, again)
		}
	})
}
