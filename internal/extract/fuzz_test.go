package extract

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func FuzzArticle(f *testing.F) {
	files, err := filepath.Glob("testdata/*.html")
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range files {
		if data, err := os.ReadFile(name); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte(`<script type="application/ld+json">{"@graph":[{"@type":["NewsArticle"],"image":{"@id":"#i"}},{"@id":"#i","@type":"ImageObject","url":"javascript:x"}]}</script><p>a</p>`))
	f.Add([]byte(`<figure><img src="a"><figcaption>Photo: <span class=credit>©</span></figcaption></figure>`))
	f.Fuzz(func(t *testing.T, page []byte) {
		r, err := Article(page, "https://fuzz.example/a/b.html")
		if err != nil {
			return
		}
		if strings.Contains(strings.ToLower(r.ContentHTML), "<script") {
			t.Fatalf("script in content: %q", r.ContentHTML)
		}
		for _, u := range []string{r.LeadImage, r.CanonicalURL} {
			if u != "" && !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
				t.Fatalf("URL %q is not http(s)", u)
			}
		}
	})
}
