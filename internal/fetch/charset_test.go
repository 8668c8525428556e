package fetch

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestResponse_HTMLUTF8(t *testing.T) {
	// Latin text past the first 1024 bytes, where DetermineEncoding no
	// longer looks.
	asciiHead := "<html><head><title>t</title></head><body>" + strings.Repeat("<p>plain ascii text</p>", 60)
	tests := []struct {
		name        string
		contentType string
		body        string
		want        string // a substring of the result
		notWant     string
	}{
		{"header charset", "text/html; charset=iso-8859-1", "<p>caf\xe9</p>", "<p>café</p>", ""},
		{"header charset, quoted and cased", `text/html; charset="KOI8-R"`, "<p>\xf0\xd2\xc9\xd7\xc5\xd4</p>", "<p>Привет</p>", ""},
		{"header beats meta", "text/html; charset=windows-1251", `<meta charset="utf-8"><p>` + "\xcf\xf0\xe8" + `</p>`, "<p>При</p>", ""},
		{"UTF-8 BOM beats header", "text/html; charset=iso-8859-1", "\xef\xbb\xbf<p>café</p>", "<p>café</p>", "\ufeff"},
		{"UTF-16LE BOM", "text/html", "\xff\xfe<\x00p\x00>\x00\xe9\x00<\x00/\x00p\x00>\x00", "<p>é</p>", "\ufeff"},
		{"UTF-16BE BOM", "", "\xfe\xff\x00<\x00p\x00>\x00\xe9\x00<\x00/\x00p\x00>", "<p>é</p>", "\ufeff"},
		{"meta charset", "text/html", "<meta charset=\"windows-1252\"><p>\x93hi\x94</p>", "“hi”", ""},
		{"meta http-equiv", "text/html", `<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-2"><p>` + "\xb3\xf3d\xbc" + `</p>`, "<p>łódź</p>", ""},
		{"meta shift_jis", "", `<meta charset="shift_jis"><p>` + "\x93\xfa\x96\x7b" + `</p>`, "<p>日本</p>", ""},
		{"undeclared valid UTF-8", "text/html", "<p>naïve café – “ok”</p>", "<p>naïve café – “ok”</p>", ""},
		{"undeclared windows-1252", "text/html", "<p>\x93caf\xe9\x94 \x80</p>", "<p>“café” €</p>", ""},
		{"undeclared windows-1252 after 1 KiB", "text/html", asciiHead + "<p>caf\xe9 \x96 end</p>", "<p>café – end</p>", ""},
		{"undeclared UTF-8 after 1 KiB", "text/html", asciiHead + "<p>café – end</p>", "<p>café – end</p>", ""},
		{"http-equiv with more parameters", "", `<meta http-equiv="content-type" content="text/html; charset=koi8-r; x=y">` + asciiHead + "<p>\xf0\xd2\xc9</p>", "<p>При</p>", ""},
		{"declared UTF-8 with a stray byte", "text/html; charset=utf-8", "<p>caf\xe9 ok</p>", "<p>caf\ufffd ok</p>", ""},
		{"meta UTF-8 with a stray byte after 1 KiB", "text/html", `<meta charset="utf-8">` + asciiHead + "<p>caf\xe9 ok</p>", "<p>caf\ufffd ok</p>", ""},
		{"unknown header charset falls to meta", "text/html; charset=x-no-such", `<meta charset="iso-8859-1"><p>caf` + "\xe9" + `</p>`, "<p>café</p>", ""},
		{"empty body", "text/html", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &Response{Body: []byte(tt.body), ContentType: tt.contentType}
			got := string(r.HTMLUTF8())
			if !utf8.ValidString(got) {
				t.Fatalf("result is not valid UTF-8: %q", got)
			}
			if !strings.Contains(got, tt.want) {
				t.Errorf("got %q, want it to contain %q", got, tt.want)
			}
			if tt.notWant != "" && strings.Contains(got, tt.notWant) {
				t.Errorf("got %q, must not contain %q", got, tt.notWant)
			}
		})
	}
}
