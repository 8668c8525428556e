package sanitize

import (
	"net/url"
	"strings"
	"testing"
)

func TestStripTracking(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://a.example/x?utm_source=rss&utm_medium=feed", "https://a.example/x"},
		{"https://a.example/x?id=7&UTM_Campaign=z&fbclid=abc&page=2", "https://a.example/x?id=7&page=2"},
		{"https://a.example/x?b=2&a=1", "https://a.example/x?b=2&a=1"},
		{"https://a.example/x?q=a%20b&gclid=1#frag", "https://a.example/x?q=a%20b#frag"},
		{"https://a.example/x", "https://a.example/x"},
		{"mailto:desk@a.example?subject=hi", "mailto:desk@a.example?subject=hi"},
	}
	for _, tt := range tests {
		if got := StripTracking(tt.in); got != tt.want {
			t.Errorf("StripTracking(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestHTML_LinksLoseTrackingParameters(t *testing.T) {
	base, _ := url.Parse("https://news.example/story")
	out := HTML(`<p><a href="/more?id=3&amp;utm_source=feed&amp;fbclid=x">more</a></p>`, base)
	if strings.Contains(out, "utm_") || strings.Contains(out, "fbclid") || !strings.Contains(out, `href="https://news.example/more?id=3"`) {
		t.Errorf("got %s", out)
	}
}
