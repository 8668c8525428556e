package media

import (
	"testing"

	"github.com/newsdesk/newsdesk/internal/model"
)

func TestURLs(t *testing.T) {
	img := model.Image{ID: 7, ContentType: "image/jpeg", Variants: []model.ImageVariant{{Width: 320}, {Width: 640}, {Width: 1024}}}
	if got := URL(7, 640, "jpg"); got != "/media/7/640.jpg" {
		t.Errorf("URL = %q", got)
	}
	for _, tc := range []struct {
		width int
		want  string
	}{
		{0, "/media/7/320.jpg"},
		{320, "/media/7/320.jpg"},
		{321, "/media/7/640.jpg"},
		{800, "/media/7/1024.jpg"},
		{5000, "/media/7/1024.jpg"},
	} {
		if got := VariantURL(img, tc.width); got != tc.want {
			t.Errorf("VariantURL(%d) = %q, want %q", tc.width, got, tc.want)
		}
	}
	if got := VariantURL(model.Image{ID: 1}, 640); got != "" {
		t.Errorf("VariantURL of an image without variants = %q", got)
	}
	png := model.Image{ID: 9, ContentType: "image/png", Variants: []model.ImageVariant{{Width: 320}, {Width: 500}}}
	if got := Srcset(png); got != "/media/9/320.png 320w, /media/9/500.png 500w" {
		t.Errorf("Srcset = %q", got)
	}
}

func TestParseVariantFile(t *testing.T) {
	for _, tc := range []struct {
		file  string
		width int
		ctype string
	}{
		{"640.jpg", 640, "image/jpeg"},
		{"1600.png", 1600, "image/png"},
		{"0640.jpg", 0, ""},
		{"+640.jpg", 0, ""},
		{"640.jpeg", 0, ""},
		{"640.JPG", 0, ""},
		{"640", 0, ""},
		{"0.jpg", 0, ""},
		{"-5.jpg", 0, ""},
		{"99999999999999999999.jpg", 0, ""},
		{"640.jpg.png", 0, ""},
		{"", 0, ""},
	} {
		w, ct, ok := ParseVariantFile(tc.file)
		if ok != (tc.width != 0) || w != tc.width || ct != tc.ctype {
			t.Errorf("ParseVariantFile(%q) = %d, %q, %v", tc.file, w, ct, ok)
		}
	}
}
