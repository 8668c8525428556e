package parse

import (
	"reflect"
	"testing"
)

// latin1Feed is a feed whose bytes are ISO-8859-1 (é is 0xe9, ß is 0xdf),
// declaring the encoding given.
func latin1Feed(declared string) []byte {
	decl := `<?xml version="1.0"?>`
	if declared != "" {
		decl = `<?xml version="1.0" encoding="` + declared + `"?>`
	}
	return []byte(decl + "<rss version=\"2.0\"><channel><title>Caf\xe9</title>" +
		"<item><title>Stra\xdfe</title><link>https://x.example/s</link></item></channel></rss>")
}

func TestParseHTTP_Charset(t *testing.T) {
	utf8Feed := []byte(`<?xml version="1.0" encoding="iso-8859-1"?><rss version="2.0"><channel><title>Café</title>` +
		`<item><title>Straße</title><link>https://x.example/s</link></item></channel></rss>`)
	tests := []struct {
		name        string
		data        []byte
		contentType string
		title, item string
	}{
		{"header charset decodes undeclared bytes", latin1Feed(""), "text/xml; charset=ISO-8859-1", "Café", "Straße"},
		{"header charset wins over the declaration", utf8Feed, "application/rss+xml; charset=utf-8", "Café", "Straße"},
		{"declaration applies without a header charset", latin1Feed("iso-8859-1"), "application/rss+xml", "Café", "Straße"},
		{"text/xml without charset is not read as us-ascii", latin1Feed("iso-8859-1"), "text/xml", "Café", "Straße"},
		{"single-quoted charset with spaces", latin1Feed("utf-8"), "text/xml;charset= 'windows-1252'", "Café", "Straße"},
		{"unknown header charset falls back to the declaration", latin1Feed("iso-8859-1"), "text/xml; charset=no-such-thing", "Café", "Straße"},
		{"parameter without equals sign is ignored", latin1Feed("iso-8859-1"), "text/xml; charset:utf-8", "Café", "Straße"},
		{"byte-order mark wins over the header", append([]byte("\xef\xbb\xbf"), utf8Feed...), "text/xml; charset=iso-8859-1", "Café", "Straße"},
		// Read as ISO-8859-1, the UTF-8 bytes of é would become "Ã©".
		{"header charset wins: utf-8 bytes read as latin-1", []byte(`<rss version="2.0"><channel><title>Café</title></channel></rss>`),
			"text/xml; charset=iso-8859-1", "CafÃ©", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := ParseHTTP(tt.data, "https://x.example/feed", tt.contentType)
			if err != nil {
				t.Fatalf("ParseHTTP: %v", err)
			}
			if f.Title != tt.title {
				t.Errorf("title = %q, want %q", f.Title, tt.title)
			}
			if tt.item != "" && (len(f.Items) != 1 || f.Items[0].Title != tt.item) {
				t.Errorf("items = %+v, want one titled %q", f.Items, tt.item)
			}
		})
	}
}

func TestParse_IsParseHTTPWithoutHeader(t *testing.T) {
	for _, data := range [][]byte{latin1Feed(""), latin1Feed("iso-8859-1"), latin1Feed("utf-8")} {
		a, errA := Parse(data, "https://x.example/feed")
		b, errB := ParseHTTP(data, "https://x.example/feed", "")
		if !reflect.DeepEqual(a, b) || (errA == nil) != (errB == nil) {
			t.Errorf("Parse = %+v, %v; ParseHTTP(\"\") = %+v, %v", a, errA, b, errB)
		}
	}
}

func TestCharsetParam(t *testing.T) {
	tests := map[string]string{
		"":                                    "",
		"text/xml":                            "",
		"text/xml;":                           "",
		"text/xml; charset=UTF-8":             "UTF-8",
		`application/xml;charset= "us-ascii"`: "us-ascii",
		"application/xml;charset = us-ascii":  "us-ascii",
		"text/xml; qs=0.9; charset='gb2312'":  "gb2312",
		"text/xml; charset:iso-8859-1":        "",
	}
	for in, want := range tests {
		if got := charsetParam(in); got != want {
			t.Errorf("charsetParam(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParse_C1ControlsReadAsWindows1252(t *testing.T) {
	// U+0092 and U+0093/U+0094 encoded in UTF-8: Windows quotes that went
	// through a Latin-1 conversion. U+0081 has no Windows-1252 meaning.
	doc := "<rss version=\"2.0\"><channel><title>don\u0092t \u0093quote\u0094 \u0081</title></channel></rss>"
	f, err := Parse([]byte(doc), "")
	if err != nil {
		t.Fatal(err)
	}
	if want := "don\u2019t \u201cquote\u201d \u0081"; f.Title != want {
		t.Errorf("title = %q, want %q", f.Title, want)
	}
}

func TestHasC1(t *testing.T) {
	tests := map[string]bool{
		"plain":            false,
		"caf\u00e9 \u00a0": false, // C3 A9 and C2 A0: no C1 control
		"\u00c2\u0080":     true,  // C3 82 then C2 80
		"end \u009f":       true,
		"\xc2":             false,
	}
	for in, want := range tests {
		if got := hasC1([]byte(in)); got != want {
			t.Errorf("hasC1(%q) = %v, want %v", in, got, want)
		}
	}
}
