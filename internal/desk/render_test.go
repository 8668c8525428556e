package desk

import (
	"net/url"
	"strings"
	"testing"
)

var siteBase, _ = url.Parse("https://news.example.org/")

func TestRender_Markdown(t *testing.T) {
	md := "# Storm\n\n## Damage\n\nThe *harbor* **reopened** with [a map](https://maps.example/harbor) and [the earlier report](/2024/06/21/storm/).\n\n" +
		"- one\n- two\n\n1. first\n2. second\n\n`inline` code and\n\n```\nblock code\n```\n\n" +
		"| Port | Ships |\n|------|------:|\n| North | 12 |\n\n~~gone~~ and https://auto.example/link\n\n> quoted\n"
	got := Render(md, siteBase).HTML
	for _, want := range []string{
		"<h2>Storm</h2>", // the page has the only h1
		"<h2>Damage</h2>",
		"<em>harbor</em>", "<strong>reopened</strong>",
		`href="https://maps.example/harbor"`,
		`href="https://news.example.org/2024/06/21/storm/"`,
		"<ul>", "<li>one</li>", "<ol>", "<li>first</li>",
		"<code>inline</code>", "<pre><code>block code",
		"<table>", "<th>Port</th>", "<td>North</td>",
		"<del>gone</del>", `href="https://auto.example/link"`,
		"<blockquote>",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("Render lacks %q:\n%s", want, got)
		}
	}
}

func TestRender_NeutralizesHostileInput(t *testing.T) {
	for _, md := range []string{
		"<script>alert(1)</script>",
		"Hello <script>alert(1)</script> there",
		"[click](javascript:alert(1))",
		"[click](JaVaScRiPt:alert(1))",
		"![x](javascript:alert(1))",
		"<img src=x onerror=alert(1)>",
		`<a href="https://ok.example" onclick="alert(1)">x</a>`,
		"<iframe src=\"https://evil.example\"></iframe>",
		"<div style=\"background:url(javascript:alert(1))\">x</div>",
		"[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
		"<svg onload=alert(1)>",
		"```\n<script>alert(1)</script>\n```",
	} {
		got := strings.ToLower(Render(md, siteBase).HTML)
		for _, bad := range []string{"<script", "javascript:", "onerror", "onclick", "onload", "<iframe", "style=", "<svg", "data:text"} {
			if strings.Contains(got, bad) {
				t.Errorf("Render(%q) = %q holds %q", md, got, bad)
			}
		}
	}
	// Code keeps its text, escaped.
	if got := Render("```\n<script>alert(1)</script>\n```", siteBase).HTML; !strings.Contains(got, "&lt;script&gt;") {
		t.Errorf("code block lost its text: %q", got)
	}
}

func TestRender_Text(t *testing.T) {
	r := Render("# Title\n\nFirst paragraph with **bold**.\n\nSecond one.", siteBase)
	if strings.Contains(r.Text, "<") || !strings.Contains(r.Text, "First paragraph with bold.") || !strings.Contains(r.Text, "Second one.") {
		t.Fatalf("Text = %q", r.Text)
	}
	if got := Render(" \n ", siteBase); got != (Rendered{}) {
		t.Fatalf("blank body rendered as %+v", got)
	}
}

func TestCheckSlug(t *testing.T) {
	for s, ok := range map[string]bool{
		"storm-hits-coast": true, "2024-budget": true, "a": true,
		"": false, "Storm": false, "storm--hits": false, "-storm": false, "storm-": false,
		"storm hits": false, "stórm": false, "storm/hits": false, strings.Repeat("a", 81): false,
	} {
		if err := CheckSlug(s); (err == nil) != ok {
			t.Errorf("CheckSlug(%q) = %v, want ok=%v", s, err, ok)
		}
	}
	if got := SlugFor("", "Storm hits the Coast!"); got != "storm-hits-the-coast" {
		t.Errorf("SlugFor = %q", got)
	}
}

func TestParseTags(t *testing.T) {
	got, err := ParseTags(" Storms , harbor,,storms,  North   Sea ")
	if err != nil || JoinTags(got) != "Storms, harbor, North Sea" {
		t.Fatalf("ParseTags = %q, %v", got, err)
	}
	if _, err := ParseTags(strings.Repeat("x", 41)); err == nil {
		t.Error("a 41-character tag was accepted")
	}
	if _, err := ParseTags(strings.Repeat("t,", 5) + "a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r,s,u,v"); err == nil {
		t.Error("21 tags were accepted")
	}
}
