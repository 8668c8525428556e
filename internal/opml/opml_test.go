package opml

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestWriteRead_RoundTrip(t *testing.T) {
	in := []Outline{
		{Title: "Harbor & Sons", FeedURL: "https://a.example/feed.xml", SiteURL: "https://a.example/", Category: "World"},
		{Title: "Loose", FeedURL: "https://b.example/atom.xml"},
		{Title: "Second world", FeedURL: "https://c.example/feed.json", Category: "World"},
	}
	var buf bytes.Buffer
	if err := Write(&buf, "newsdesk sources", in, time.Unix(0, 0)); err != nil {
		t.Fatal(err)
	}
	got, err := Read(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("read %d outlines, want 3: %+v", len(got), got)
	}
	byURL := map[string]Outline{}
	for _, o := range got {
		byURL[o.FeedURL] = o
	}
	for _, want := range in {
		if byURL[want.FeedURL] != want {
			t.Errorf("outline %s = %+v, want %+v", want.FeedURL, byURL[want.FeedURL], want)
		}
	}
}

func TestRead_Errors(t *testing.T) {
	if _, err := Read(strings.NewReader("not xml at all <")); err == nil {
		t.Error("garbage accepted")
	}
	empty := `<?xml version="1.0"?><opml version="2.0"><head/><body><outline text="folder"/></body></opml>`
	if _, err := Read(strings.NewReader(empty)); !errors.Is(err, ErrNoOutlines) {
		t.Errorf("err = %v, want ErrNoOutlines", err)
	}
}
