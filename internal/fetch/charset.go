package fetch

import (
	"bytes"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
)

// prescanBytes is how much of a page the HTML standard reads looking for
// a <meta> charset declaration.
const prescanBytes = 1024

// HTMLUTF8 returns the body of an HTML page converted to valid UTF-8. The
// encoding is taken from, in order, a byte-order mark, the Content-Type
// header's charset, and a <meta charset> or <meta http-equiv=
// "Content-Type"> in the first 1024 bytes. A page that declares nothing is
// read as UTF-8 when the whole body is valid UTF-8, and as windows-1252
// (the de facto default of the web) otherwise. Bytes invalid in a declared
// UTF-8 become U+FFFD, and a byte-order mark is dropped.
func (r *Response) HTMLUTF8() []byte {
	enc, name, certain := charset.DetermineEncoding(r.Body, r.ContentType)
	if !certain && !declaresCharset(r.Body) {
		// DetermineEncoding guessed from the first 1024 bytes alone; the
		// whole body is a better witness.
		if utf8.Valid(r.Body) {
			enc, name = encoding.Nop, "utf-8"
		} else {
			enc, name = charmap.Windows1252, "windows-1252"
		}
	}
	var out []byte
	if name == "utf-8" {
		out = bytes.ToValidUTF8(r.Body, []byte("\uFFFD"))
	} else {
		var err error
		out, err = io.ReadAll(enc.NewDecoder().Reader(bytes.NewReader(r.Body)))
		if err != nil {
			// The decoders replace what they cannot decode rather than
			// fail; should one fail anyway, keep the text made valid.
			out = bytes.ToValidUTF8(r.Body, []byte("\uFFFD"))
		}
	}
	return bytes.TrimPrefix(out, []byte("\uFEFF"))
}

// declaresCharset reports whether the first 1024 bytes of a page hold a
// <meta> naming an encoding we know, either as charset="…" or as
// http-equiv="Content-Type" content="…; charset=…".
func declaresCharset(body []byte) bool {
	z := html.NewTokenizer(bytes.NewReader(body[:min(len(body), prescanBytes)]))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return false
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			if string(name) != "meta" || !hasAttr {
				continue
			}
			var label, content string
			var contentType bool
			for more := true; more; {
				var k, v []byte
				k, v, more = z.TagAttr()
				switch string(k) {
				case "charset":
					label = string(v)
				case "http-equiv":
					contentType = strings.EqualFold(strings.TrimSpace(string(v)), "content-type")
				case "content":
					content = string(v)
				}
			}
			if label == "" && contentType {
				if i := strings.Index(strings.ToLower(content), "charset="); i >= 0 {
					label = strings.TrimLeft(content[i+len("charset="):], ` "'`)
					if end := strings.IndexAny(label, ` "';`); end >= 0 {
						label = label[:end]
					}
				}
			}
			if label != "" {
				if e, _ := charset.Lookup(label); e != nil {
					return true
				}
			}
		}
	}
}
