package parse

import (
	"bytes"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/encoding/unicode/utf32"
)

// xmlEncodingDecl finds the encoding pseudo-attribute of an XML
// declaration at the start of a document.
var xmlEncodingDecl = regexp.MustCompile(`^(\s*<\?xml[^>]*?encoding\s*=\s*)["']([A-Za-z0-9._:-]*)["']`)

// toUTF8 decodes a document to UTF-8 and makes its XML declaration, if
// any, say so, so that nothing downstream decodes it a second time.
// headerCharset is the charset parameter of the HTTP Content-Type, or "".
//
// The encoding is chosen as RFC 7303 (which replaced RFC 3023) and feed
// readers do, first match wins:
//
//  1. a byte-order mark (UTF-8, UTF-16, UTF-32), or the unmistakable byte
//     pattern of a leading '<' in UTF-16 or UTF-32;
//  2. the charset of the HTTP Content-Type, when it names an encoding;
//  3. the encoding named by the XML declaration;
//  4. UTF-8.
//
// RFC 3023 made us-ascii the default for text/xml (and other text/*
// types) sent without a charset. Feed readers never applied that rule:
// servers label feeds text/xml while the declaration names the real
// encoding, and reading those feeds as ASCII would garble every accented
// letter. RFC 7303 dropped the rule, and so does toUTF8: a text/* type
// without a charset is treated like application/xml.
//
// A document that claims UTF-8, or claims nothing, but is not valid UTF-8
// is read as Windows-1252: such feeds are almost always Latin-1 or its
// Windows superset served without a correct declaration. C1 controls in
// the decoded text are read as Windows-1252 too (see c1AsWindows1252).
func toUTF8(data []byte, headerCharset string) []byte {
	if out, ok := byBOM(data); ok {
		return c1AsWindows1252(out)
	}
	label := strings.TrimSpace(headerCharset)
	enc := lookupCharset(label)
	if enc == nil {
		if m := xmlEncodingDecl.FindSubmatch(data); m != nil {
			label = string(m[2])
			enc = lookupCharset(label)
		}
	}
	name := ""
	if enc != nil {
		name, _ = htmlindex.Name(enc)
	}
	switch {
	case name == "" || name == "utf-8" || strings.HasPrefix(name, "utf-16"):
		// UTF-8 by default or by name; an unknown name is no better than
		// no name at all, and a UTF-16 name on bytes byBOM did not
		// recognise as UTF-16 is wrong: the bytes are ASCII-compatible.
		if !utf8.Valid(data) {
			if out, err := charmap.Windows1252.NewDecoder().Bytes(data); err == nil {
				data = out
			}
		}
	default:
		if out, err := enc.NewDecoder().Bytes(data); err == nil {
			data = out
		}
	}
	return declareUTF8(c1AsWindows1252(data))
}

// c1AsWindows1252 replaces the C1 control characters U+0080 to U+009F of
// UTF-8 text with the characters Windows-1252 puts at those bytes (U+0092
// becomes ’). They are the trace of Windows text converted as if it were
// Latin-1; as controls they mean nothing in a feed, and HTML maps the
// numeric references &#128; to &#159; the same way. The five bytes
// Windows-1252 leaves undefined stay as they are.
func c1AsWindows1252(data []byte) []byte {
	if !hasC1(data) {
		return data
	}
	dec := charmap.Windows1252.DecodeByte
	return bytes.Map(func(r rune) rune {
		if isC1(r) {
			if w := dec(byte(r)); w != utf8.RuneError {
				return w
			}
		}
		return r
	}, data)
}

func isC1(r rune) bool { return r >= 0x80 && r <= 0x9f }

// hasC1 reports whether UTF-8 data holds a C1 control, encoded as 0xC2
// followed by 0x80 to 0x9F; a search for the lead byte is far cheaper
// than decoding every rune.
func hasC1(data []byte) bool {
	for {
		i := bytes.IndexByte(data, 0xc2)
		if i < 0 || i+1 >= len(data) {
			return false
		}
		if b := data[i+1]; b >= 0x80 && b <= 0x9f {
			return true
		}
		data = data[i+1:]
	}
}

// byBOM decodes a document whose first bytes fix its encoding: a byte
// order mark, or '<' written in UTF-16 or UTF-32. UTF-32 is tested first:
// the UTF-16 little-endian mark is a prefix of UTF-32's.
func byBOM(data []byte) ([]byte, bool) {
	var enc encoding.Encoding
	switch {
	case bytes.HasPrefix(data, []byte{0x00, 0x00, 0xfe, 0xff}), bytes.HasPrefix(data, []byte{0x00, 0x00, 0x00, '<'}):
		enc = utf32.UTF32(utf32.BigEndian, utf32.UseBOM)
	case bytes.HasPrefix(data, []byte{0xff, 0xfe, 0x00, 0x00}), bytes.HasPrefix(data, []byte{'<', 0x00, 0x00, 0x00}):
		enc = utf32.UTF32(utf32.LittleEndian, utf32.UseBOM)
	case bytes.HasPrefix(data, []byte{0xfe, 0xff}), bytes.HasPrefix(data, []byte{0x00, '<', 0x00}):
		enc = unicode.UTF16(unicode.BigEndian, unicode.UseBOM)
	case bytes.HasPrefix(data, []byte{0xff, 0xfe}), bytes.HasPrefix(data, []byte{'<', 0x00, '?', 0x00}):
		enc = unicode.UTF16(unicode.LittleEndian, unicode.UseBOM)
	case bytes.HasPrefix(data, []byte("\xef\xbb\xbf")):
		// Invalid bytes after a UTF-8 mark become U+FFFD: the mark is the
		// publisher's explicit word, unlike a missing declaration.
		return declareUTF8(bytes.ToValidUTF8(data[3:], []byte("\uFFFD"))), true
	default:
		return nil, false
	}
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return nil, false
	}
	return declareUTF8(out), true
}

// lookupCharset finds an encoding by its name, as browsers do (the WHATWG
// Encoding Standard's labels, which map us-ascii and iso-8859-1 to their
// superset Windows-1252). It returns nil for an unknown or empty name.
func lookupCharset(label string) encoding.Encoding {
	label = strings.TrimSpace(label)
	if label == "" {
		return nil
	}
	enc, err := htmlindex.Get(label)
	if err != nil || enc == encoding.Replacement {
		// The replacement encoding (ISO-2022-KR, HZ...) would turn the
		// whole document into one U+FFFD: no better than not knowing.
		return nil
	}
	return enc
}

// charsetParam reads the charset parameter of a Content-Type header value.
// It is lenient the way servers need: spaces around "=", single or double
// quotes, any case; a parameter without "=" is ignored.
func charsetParam(contentType string) string {
	params := strings.Split(contentType, ";")
	for _, p := range params[1:] {
		name, value, ok := strings.Cut(p, "=")
		if !ok || !strings.EqualFold(strings.TrimSpace(name), "charset") {
			continue
		}
		return strings.Trim(strings.TrimSpace(value), `"' `)
	}
	return ""
}

// declareUTF8 makes the XML declaration, if any, state what the bytes now
// are, so the parser does not decode them a second time.
func declareUTF8(data []byte) []byte {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	return xmlEncodingDecl.ReplaceAll(data, []byte(`${1}"utf-8"`))
}
