package demo

import (
	"html"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestExpand(t *testing.T) {
	slots := map[string]string{"city": "port alder", "org": "the harbour board"}
	r := rand.New(rand.NewPCG(1, 2))
	tests := []struct{ in, want string }{
		{"Rain in {city}.", "Rain in port alder."},
		{"{Org} said so.", "The harbour board said so."},
		{"{missing} stays", "{missing} stays"},
		{"unclosed {city", "unclosed {city"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := expand(tt.in, slots, r); got != tt.want {
			t.Errorf("expand(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := expand("{Officials} met", slots, r); !strings.HasSuffix(got, " met") || got[0] < 'A' || got[0] > 'Z' {
		t.Errorf("synonym slot gave %q", got)
	}
}

func TestTitleCase(t *testing.T) {
	tests := []struct{ in, want string }{
		{"storm hits the coast of kessling", "Storm Hits the Coast of Kessling"},
		{"the end of an era", "The End of an Era"},
		{`"we lost everything": a town wades in`, `"We Lost Everything": a Town Wades In`},
		{"$480 million for 12-year plan", "$480 Million for 12-Year Plan"},
	}
	for _, tt := range tests {
		if got := titleCase(tt.in); got != tt.want {
			t.Errorf("titleCase(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSlugify(t *testing.T) {
	tests := []struct {
		in   string
		max  int
		want string
	}{
		{"Storm hits Kessling's harbour", 72, "storm-hits-kesslings-harbour"},
		{`Web desk: "<marquee>" & more`, 72, "web-desk-marquee-more"},
		{"Café owner — déjà vu", 72, "cafe-owner-deja-vu"},
		{"one two three four five", 12, "one-two"},
		{"&&&", 72, "story"},
	}
	for _, tt := range tests {
		if got := slugify(tt.in, tt.max); got != tt.want {
			t.Errorf("slugify(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
		}
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{7: "7", 999: "999", 1000: "1,000", 6037: "6,037", 12400: "12,400", 9000000: "9,000,000"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestArticlePage_EscapesSpecialCharacters(t *testing.T) {
	w := shared()
	srv := serve(t, w)
	checked := 0
	for _, a := range w.Articles() {
		if !strings.Contains(a.Title, "<") {
			continue
		}
		checked++
		page := string(mustGet(t, srv, srv.URL+a.Path).body)
		if strings.Contains(page, a.Title) {
			t.Errorf("%s: the raw title %q appears unescaped", a.Path, a.Title)
		}
		if got := html.UnescapeString(submatch(t, reH1, []byte(page), "h1")); got != a.Title {
			t.Errorf("%s: h1 %q, want %q", a.Path, got, a.Title)
		}
	}
	if checked < len(w.Outlets()) {
		t.Errorf("only %d titles carry '<', want one per outlet", checked)
	}
}

func TestFixArticles(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a 8-kilometre route", "an 8-kilometre route"},
		{"on a $11 billion deal", "on an $11 billion deal"},
		{"A 18-year wait", "An 18-year wait"},
		{"a 110-kilometre road", "a 110-kilometre road"},
		{"a 11,000-seat arena", "an 11,000-seat arena"},
		{"a 3-1 win", "a 3-1 win"},
		{"Sofia 8 goals", "Sofia 8 goals"},
	}
	for _, tt := range tests {
		if got := fixArticles(tt.in); got != tt.want {
			t.Errorf("fixArticles(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
