package parse

import (
	"bytes"
	"regexp"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/encoding/unicode/utf32"
)

// xmlEncodingDecl finds the encoding pseudo-attribute of an XML
// declaration at the start of a document.
var xmlEncodingDecl = regexp.MustCompile(`^(\s*<\?xml[^>]*?encoding\s*=\s*)["']([A-Za-z0-9._:-]*)["']`)

// fromUTF16 decodes a UTF-16 document, which the XML parser underneath
// gofeed cannot read, and rewrites its declaration to match. It returns
// data unchanged when it is not UTF-16.
func fromUTF16(data []byte) []byte {
	var enc encoding.Encoding
	switch {
	case bytes.HasPrefix(data, []byte{0xfe, 0xff}), bytes.HasPrefix(data, []byte{0x00, '<', 0x00}):
		enc = unicode.UTF16(unicode.BigEndian, unicode.UseBOM)
	case bytes.HasPrefix(data, []byte{0xff, 0xfe}), bytes.HasPrefix(data, []byte{'<', 0x00, '?', 0x00}):
		enc = unicode.UTF16(unicode.LittleEndian, unicode.UseBOM)
	default:
		return data
	}
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return data
	}
	return declareUTF8(out)
}

// fromUTF32 decodes a UTF-32 document, by its byte-order mark or by the
// shape of a leading '<', and rewrites its declaration to match. It runs
// before fromUTF16, whose little-endian mark is a prefix of UTF-32's.
func fromUTF32(data []byte) []byte {
	var enc encoding.Encoding
	switch {
	case bytes.HasPrefix(data, []byte{0x00, 0x00, 0xfe, 0xff}), bytes.HasPrefix(data, []byte{0x00, 0x00, 0x00, '<'}):
		enc = utf32.UTF32(utf32.BigEndian, utf32.UseBOM)
	case bytes.HasPrefix(data, []byte{0xff, 0xfe, 0x00, 0x00}), bytes.HasPrefix(data, []byte{'<', 0x00, 0x00, 0x00}):
		enc = utf32.UTF32(utf32.LittleEndian, utf32.UseBOM)
	default:
		return data
	}
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return data
	}
	return declareUTF8(out)
}

// asWindows1252 rescues a document that claims (or defaults to) UTF-8 but
// is not: almost always Latin-1 or its Windows superset, served without
// a correct declaration. It returns nil when that cannot be the problem.
func asWindows1252(data []byte) []byte {
	if utf8.Valid(data) {
		return nil
	}
	if m := xmlEncodingDecl.FindSubmatch(data); m != nil && !isUTF8Label(string(m[2])) {
		// A declared legacy charset was already applied by the parser.
		return nil
	}
	out, err := charmap.Windows1252.NewDecoder().Bytes(data)
	if err != nil {
		return nil
	}
	return declareUTF8(out)
}

func isUTF8Label(label string) bool {
	switch string(bytes.ToLower([]byte(label))) {
	case "utf-8", "utf8", "":
		return true
	}
	return false
}

// declareUTF8 makes the XML declaration, if any, state what the bytes now
// are, so the parser does not decode them a second time.
func declareUTF8(data []byte) []byte {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	return xmlEncodingDecl.ReplaceAll(data, []byte(`${1}"utf-8"`))
}
