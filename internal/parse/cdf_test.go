package parse

import (
	"errors"
	"testing"
	"time"
)

func TestParse_CDF(t *testing.T) {
	doc := `<?xml version="1.0"?>
<CHANNEL HREF="http://news.example.org/" BASE="http://news.example.org/cdf/" LASTMOD="2004-04-06T23:05:43-05:00">
  <TITLE>Example &amp; Co</TITLE>
  <ABSTRACT>All the news &lt;fit&gt; to push</ABSTRACT>
  <ITEM HREF="story/1.html" LASTMOD="2004-04-07T08:00">
    <TITLE>First story</TITLE>
    <ABSTRACT>What happened first</ABSTRACT>
  </ITEM>
  <channel href="/sport/">
    <item href="http://other.example.org/2"><title>Second story</title></item>
  </channel>
</CHANNEL>`
	f, err := Parse([]byte(doc), "http://feeds.example.org/news.cdf")
	if err != nil {
		t.Fatal(err)
	}
	if f.Format != "cdf" || f.Title != "Example & Co" || f.SiteURL != "http://news.example.org/" {
		t.Errorf("feed = %q %q %q", f.Format, f.Title, f.SiteURL)
	}
	if len(f.Items) != 2 {
		t.Fatalf("items = %+v, want the channel's item and the sub-channel's", f.Items)
	}
	first := f.Items[0]
	if first.URL != "http://news.example.org/cdf/story/1.html" || first.Title != "First story" ||
		first.SummaryHTML != "What happened first" || !first.Updated.Equal(time.Date(2004, 4, 7, 8, 0, 0, 0, time.UTC)) ||
		!first.Published.Equal(first.Updated) {
		t.Errorf("first item = %+v", first)
	}
	if second := f.Items[1]; second.URL != "http://other.example.org/2" || second.Title != "Second story" {
		t.Errorf("second item = %+v", second)
	}
}

func TestParse_CDFLastmodWithZone(t *testing.T) {
	doc := `<CHANNEL><ITEM HREF="http://x.example/1" LASTMOD="2004-04-06T23:05:43-05:00"><TITLE>t</TITLE></ITEM></CHANNEL>`
	f, err := Parse([]byte(doc), "")
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2004, 4, 7, 4, 5, 43, 0, time.UTC); len(f.Items) != 1 || !f.Items[0].Updated.Equal(want) {
		t.Errorf("items = %+v, want one updated %v", f.Items, want)
	}
}

func TestParse_XMLWithoutFeedRootStillNotAFeed(t *testing.T) {
	for _, doc := range []string{`<catalog><channel>x</channel></catalog>`, `<html><body><channel/></body></html>`} {
		if _, err := Parse([]byte(doc), ""); !errors.Is(err, ErrNotFeed) {
			t.Errorf("Parse(%q) error = %v, want ErrNotFeed", doc, err)
		}
	}
}
