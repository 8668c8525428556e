package parse

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func FuzzFeed(f *testing.F) {
	files, err := filepath.Glob("testdata/*")
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range files {
		if data, err := os.ReadFile(name); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte(`{"version":"https://jsonfeed.org/version/1","items":[{"id":1,"url":"/x","content_text":"a"}]}`))
	f.Add([]byte(`<feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="::"/></entry></feed>`))
	f.Add([]byte(`<rss><channel><item><link>http://[</link><title>&bogus;</title></item></channel></rss>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		feed, err := Parse(data, "https://fuzz.example/feed")
		if err != nil {
			if feed != nil {
				t.Fatalf("Parse returned a feed and an error %v", err)
			}
			return
		}
		for _, it := range feed.Items {
			for _, u := range []string{it.URL, it.ImageURL} {
				if u != "" && !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
					t.Fatalf("URL %q is not absolute http(s)", u)
				}
			}
		}
	})
}
