package parse

import (
	"bytes"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"unicode/utf8"
)

// decodeBase64Constructs decodes Atom 0.3's base64-encoded text
// constructs (<content mode="base64" type="text/html">) in place: their
// text is replaced by the decoded text, escaped, with the mode attribute
// removed and a type gofeed reads as escaped markup ("html") or text.
// gofeed decodes base64 only for binary media types, so encoded HTML
// would otherwise reach readers as a block of base64. Elements whose
// content is not valid base64 of UTF-8 text, or that hold child
// elements, are left as written; so is the rest of the document.
func decodeBase64Constructs(data []byte) []byte {
	if !bytes.Contains(data, []byte("base64")) {
		return data
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	var out bytes.Buffer
	copied := 0 // data[:copied] is in out already
	for {
		off := int(d.InputOffset())
		tok, err := d.RawToken()
		if err != nil {
			if !errors.Is(err, io.EOF) {
				return data
			}
			break
		}
		se, ok := tok.(xml.StartElement)
		if !ok || !isBase64Mode(se) {
			continue
		}
		tagEnd := int(d.InputOffset())
		text, closeStart, ok := simpleText(d)
		if !ok {
			return data
		}
		decoded, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(text), ""))
		if err != nil || !utf8.Valid(decoded) || bytes.HasSuffix(data[off:tagEnd], []byte("/>")) {
			continue
		}
		out.Write(data[copied:off])
		writeStartWithoutMode(&out, se)
		escapeInto(&out, string(decoded), false)
		copied = closeStart
	}
	if copied == 0 {
		return data
	}
	out.Write(data[copied:])
	return out.Bytes()
}

func isBase64Mode(se xml.StartElement) bool {
	for _, a := range se.Attr {
		if a.Name.Space == "" && a.Name.Local == "mode" && strings.EqualFold(strings.TrimSpace(a.Value), "base64") {
			return true
		}
	}
	return false
}

// simpleText reads an element's character data up to its end tag and
// returns it with the offset where the end tag starts; ok is false when
// the element holds child elements or the document breaks off.
func simpleText(d *xml.Decoder) (string, int, bool) {
	var b strings.Builder
	for {
		off := int(d.InputOffset())
		tok, err := d.RawToken()
		if err != nil {
			return "", 0, false
		}
		switch t := tok.(type) {
		case xml.CharData:
			b.Write(t)
		case xml.EndElement:
			return b.String(), off, true
		case xml.StartElement:
			return "", 0, false
		}
	}
}

// writeStartWithoutMode writes the start tag without its mode attribute
// and with a type saying how gofeed must read the decoded text: markup
// types (text/html, application/xhtml+xml) as escaped HTML, anything
// else as text.
func writeStartWithoutMode(b *bytes.Buffer, se xml.StartElement) {
	b.WriteString("<" + qname(se.Name))
	typ := "text"
	for _, a := range se.Attr {
		if a.Name.Space == "" && (a.Name.Local == "mode" || a.Name.Local == "type") {
			if a.Name.Local == "type" {
				if t := strings.ToLower(a.Value); strings.Contains(t, "html") || strings.Contains(t, "xml") {
					typ = "html"
				}
			}
			continue
		}
		b.WriteString(" " + qname(a.Name) + `="`)
		escapeInto(b, a.Value, true)
		b.WriteString(`"`)
	}
	b.WriteString(` type="` + typ + `">`)
}
