package parse

import "testing"

func TestParse_AtomBase64Content(t *testing.T) {
	// "<p>Hello <b>world</b> &amp; more</p>" and "Plain & simple", base64.
	doc := `<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>B</title>
<entry>
  <title mode="base64">UGxhaW4gJiBzaW1wbGU=</title>
  <link rel="alternate" type="text/html" href="https://x.example/1"/>
  <content type="text/html" mode="base64">
    PHA+SGVsbG8gPGI+d29ybGQ8L2I+ICZhbXA7IG1vcmU8L3A+
  </content>
  <summary type="application/xhtml+xml" mode="BASE64">PHA+SGVsbG8gPGI+d29ybGQ8L2I+ICZhbXA7IG1vcmU8L3A+</summary>
</entry>
<entry>
  <title>Not encoded</title>
  <content type="text/html" mode="base64">this is not base64!</content>
</entry>
</feed>`
	f, err := Parse([]byte(doc), "https://x.example/feed")
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Items) != 2 {
		t.Fatalf("items = %+v", f.Items)
	}
	const html = "<p>Hello <b>world</b> &amp; more</p>"
	it := f.Items[0]
	if it.Title != "Plain & simple" || it.ContentHTML != html || it.SummaryHTML != html {
		t.Errorf("decoded item: title %q content %q summary %q", it.Title, it.ContentHTML, it.SummaryHTML)
	}
	if got := f.Items[1].ContentHTML; got != "this is not base64!" {
		t.Errorf("content that is not base64 = %q, want it as written", got)
	}
}
