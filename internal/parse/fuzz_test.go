package parse

import (
	"errors"
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
	f.Add([]byte(`<rss><channel><item><link>/a?b=1&c=2</link><title>x < y &eacute;</b></title></item></channel></rss`))
	f.Add([]byte(`<!DOCTYPE rss [<!ENTITY e "&#169;&e;">]><rss><channel><title>&e;&lang;</title></channel></rss>`))
	f.Add([]byte(`<CHANNEL BASE="http://b.example/" HREF="x"><ITEM HREF="i" LASTMOD="2004-04-06"><TITLE>t</TITLE><ABSTRACT>a</ABSTRACT></ITEM><CHANNEL><ITEM/></CHANNEL></CHANNEL>`))
	f.Add([]byte(`<feed version="0.3" xmlns="http://purl.org/pie/"><entry><content type="text/html" mode="base64">PGI+eDwvYj4=</content></entry></feed>`))
	f.Add([]byte("<rss version=\"2.0\"><channel><title>\u0092</title><item><author>A &lt;a@b&gt;</author></item></channel></rss>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		feed, err := Parse(data, "https://fuzz.example/feed")
		if _, herr := ParseHTTP(data, "https://fuzz.example/feed", "text/xml; charset=iso-8859-1"); errors.Is(herr, ErrNotFeed) != errors.Is(err, ErrNotFeed) {
			t.Fatalf("a charset changed whether the bytes are a feed at all: %v / %v", err, herr)
		}
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
