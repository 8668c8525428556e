package extract

import (
	"net/url"
	"strings"
	"testing"
)

func TestLiftLeadFigure(t *testing.T) {
	base, _ := url.Parse("https://news.example/2024/story.html")
	const lead = "https://news.example/img/lead.jpg"
	tests := []struct {
		name, raw, lead       string
		wantImage, wantCredit string
		lifted                bool
	}{
		{"figure with credit", `<figure><img src="/img/lead.jpg"><figcaption>Dawn. Photo: Ana Ruiz / Ledger</figcaption></figure><p>Body.</p>`,
			lead, lead, "Ana Ruiz / Ledger", true},
		{"bare image, no lead yet", ` <img src="lead.jpg"> <p>Body.</p>`, "", "https://news.example/2024/lead.jpg", "", true},
		{"paragraph wrapping the image", `<p><a href="/big"><img src="/img/lead.jpg"></a></p><p>Body.</p>`, lead, lead, "", true},
		{"another picture than the lead", `<figure><img src="/img/other.jpg"></figure><p>Body.</p>`, lead, "", "", false},
		{"text first", `<p>Body first.</p><img src="/img/lead.jpg">`, lead, "", "", false},
		{"paragraph with words and image", `<p>Look: <img src="/img/lead.jpg"></p>`, lead, "", "", false},
		{"no image", `<p>Just words.</p>`, lead, "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rest, img, credit := LiftLeadFigure(tt.raw, base, tt.lead)
			if img != tt.wantImage || credit != tt.wantCredit {
				t.Errorf("image %q credit %q, want %q %q", img, credit, tt.wantImage, tt.wantCredit)
			}
			if tt.lifted {
				if strings.Contains(rest, "<img") || !strings.Contains(rest, "Body.") {
					t.Errorf("rest = %q, want the picture gone and the body kept", rest)
				}
			} else if rest != tt.raw {
				t.Errorf("rest = %q, want the content unchanged", rest)
			}
		})
	}
}
