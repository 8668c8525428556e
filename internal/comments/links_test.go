package comments

import (
	"slices"
	"testing"
)

func TestFindLinks(t *testing.T) {
	type want struct{ text, href string }
	cases := []struct {
		in   string
		bare bool
		want []want
	}{
		{"no links here", true, nil},
		{"see https://example.org/a?b=1&c=2#d now", false, []want{{"https://example.org/a?b=1&c=2#d", "https://example.org/a?b=1&c=2#d"}}},
		{"HTTP://Example.ORG/X", false, []want{{"HTTP://Example.ORG/X", "http://Example.ORG/X"}}},
		{"hTtPs://example.org", false, []want{{"hTtPs://example.org", "https://example.org"}}},
		{"www.example.org/page", false, []want{{"www.example.org/page", "https://www.example.org/page"}}},
		{"WWW.Example.org", false, []want{{"WWW.Example.org", "https://WWW.Example.org"}}},
		{"end of sentence: https://example.org.", false, []want{{"https://example.org", "https://example.org"}}},
		{"what about https://example.org/?!", false, []want{{"https://example.org/", "https://example.org/"}}},
		{"list https://a.example, https://b.example; https://c.example:", false, []want{
			{"https://a.example", "https://a.example"}, {"https://b.example", "https://b.example"}, {"https://c.example", "https://c.example"}}},
		{"(see https://example.org/x)", false, []want{{"https://example.org/x", "https://example.org/x"}}},
		{"https://en.wikipedia.org/wiki/Foo_(bar)", false, []want{{"https://en.wikipedia.org/wiki/Foo_(bar)", "https://en.wikipedia.org/wiki/Foo_(bar)"}}},
		{"(https://en.wikipedia.org/wiki/Foo_(bar))", false, []want{{"https://en.wikipedia.org/wiki/Foo_(bar)", "https://en.wikipedia.org/wiki/Foo_(bar)"}}},
		{"[https://example.org/a]", false, []want{{"https://example.org/a", "https://example.org/a"}}},
		{"'https://example.org/a'", false, []want{{"https://example.org/a", "https://example.org/a"}}},
		{`"https://example.org/a"`, false, []want{{"https://example.org/a", "https://example.org/a"}}},
		{"<https://example.org/a>", false, []want{{"https://example.org/a", "https://example.org/a"}}},
		{"https://example.org/a\"onmouseover=alert(1)", false, []want{{"https://example.org/a", "https://example.org/a"}}},
		// Browsers decode a percent-encoded host.
		{"https://例え.jp/パス", false, []want{{"https://例え.jp/パス", "https://%E4%BE%8B%E3%81%88.jp/%E3%83%91%E3%82%B9"}}},
		// Chinese and Japanese put no space before a link, and wide
		// punctuation ends one.
		{"看这里https://example.org。谢谢", false, []want{{"https://example.org", "https://example.org"}}},
		{"リンクwww.example.jp、どうぞ", false, []want{{"www.example.jp", "https://www.example.jp"}}},
		{"看 https://example.org。谢谢", false, []want{{"https://example.org", "https://example.org"}}},
		{"https://example.org/a%20b", false, []want{{"https://example.org/a%20b", "https://example.org/a%20b"}}},
		// Looks like a link (counts) but is not made one.
		{"https://user:pass@example.org/", false, []want{{"https://user:pass@example.org/", ""}}},
		{"https://google.com@evil.example/", false, []want{{"https://google.com@evil.example/", ""}}},
		{"https://localhost/x", false, []want{{"https://localhost/x", ""}}},
		{"http://-x-.example", false, []want{{"http://-x-.example", ""}}},
		// Not links at all.
		{"http:// and https://", false, nil},
		{"type www. then the name", true, nil},
		{"www.", false, nil},
		{"javascript:alert(1)", true, nil},
		{"xhttp://example.org", false, nil},
		{"éhttp://example.org", false, nil},
		{"awww.example.org", false, nil},
		{"https:\\\\example.org", false, nil},
		// Bare domains count only when asked, and are never linked.
		{"buy at cheap-pills.com today", true, []want{{"cheap-pills.com", ""}}},
		{"buy at cheap-pills.com today", false, nil},
		{"Visit Example.COM/deals?x=1.", true, []want{{"Example.COM/deals?x=1", ""}}},
		{"sub.domain.example.ru:8080/x", true, []want{{"sub.domain.example.ru:8080/x", ""}}},
		{"e.g. i.e. Mr.Smith node.js file.py 3.14 v1.2.3", true, nil},
		{"mail me at ada@example.org", true, nil},
		{"path /var/example.com and http://x.example/example.com", true, []want{{"http://x.example/example.com", "http://x.example/example.com"}}},
		{"www.example.org and example.net", true, []want{{"www.example.org", "https://www.example.org"}, {"example.net", ""}}},
		{"bücher.com", true, nil},
	}
	for _, c := range cases {
		var got []want
		for _, l := range findLinks(c.in, c.bare) {
			got = append(got, want{c.in[l.start:l.end], l.href})
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("findLinks(%q, %v) = %q, want %q", c.in, c.bare, got, c.want)
		}
	}
}

func TestCountLinks(t *testing.T) {
	for in, want := range map[string]int{
		"":                                        0,
		"Great article, thanks.":                  0,
		"Source: https://example.org/report":      1,
		"https://a.example https://b.example":     2,
		"www.a.example and b-shop.com":            2,
		"cheap.ru cheap.cn cheap.xyz":             3,
		"see http://x.example/a.com/b.net":        1,
		"ada@example.org wrote e.g. this":         0,
		"https://user:pw@evil.example/ counts":    1,
		"spam.com\nspam.net\n\nspam.org":          3,
		"HTTPS://EXAMPLE.ORG WWW.EXAMPLE.ORG":     2,
		"[link](https://example.org/x) markdown":  1,
		"<a href=\"https://example.org\">x</a>":   1,
		"<a href=https://example.org>example.org": 2,
	} {
		if got := CountLinks(in); got != want {
			t.Errorf("CountLinks(%q) = %d, want %d", in, got, want)
		}
	}
}

func TestTrimLinkEnd(t *testing.T) {
	for in, want := range map[string]string{
		"https://x.example/a.":      "https://x.example/a",
		"https://x.example/a...":    "https://x.example/a",
		"https://x.example/a)":      "https://x.example/a",
		"https://x.example/(a)":     "https://x.example/(a)",
		"https://x.example/(a)).":   "https://x.example/(a)",
		"https://x.example/a]}":     "https://x.example/a",
		"https://x.example/a'!?;:,": "https://x.example/a",
		"https://x.example/a/":      "https://x.example/a/",
		"...":                       "",
	} {
		if got := trimLinkEnd(in); got != want {
			t.Errorf("trimLinkEnd(%q) = %q, want %q", in, got, want)
		}
	}
}
