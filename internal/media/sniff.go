package media

import (
	"bytes"
	"unicode/utf8"
)

// The formats Process accepts, as Processed.Format names them.
const (
	FormatJPEG = "jpeg"
	FormatPNG  = "png"
	FormatGIF  = "gif"
	FormatWebP = "webp"
)

// Detect tells what data is by its first bytes, never by a file name or
// a declared type: format is one of the Format constants when Process
// can read it, "" otherwise; what names the kind of file in words for an
// editor ("a JPEG photo", "a PDF document"), "" when it is unknown.
func Detect(data []byte) (format, what string) {
	switch {
	case bytes.HasPrefix(data, []byte("\xff\xd8\xff")):
		return FormatJPEG, "a JPEG photo"
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return FormatPNG, "a PNG image"
	case bytes.HasPrefix(data, []byte("GIF87a")), bytes.HasPrefix(data, []byte("GIF89a")):
		return FormatGIF, "a GIF image"
	case len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		return FormatWebP, "a WebP image"
	}
	return "", describeOther(data)
}

// describeOther names the usual wrong files people pick, so the message
// can say what went wrong ("this is a PDF document") instead of only
// that something did.
func describeOther(data []byte) string {
	switch {
	case len(data) == 0:
		return ""
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return "a PDF document"
	case bytes.HasPrefix(data, []byte("II*\x00")), bytes.HasPrefix(data, []byte("MM\x00*")):
		return "a TIFF image"
	case bytes.HasPrefix(data, []byte("BM")) && len(data) > 14:
		return "a BMP image"
	case bytes.HasPrefix(data, []byte("8BPS")):
		return "a Photoshop document"
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return "a ZIP archive (or an office document, which is one)"
	case bytes.HasPrefix(data, []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")):
		return "an old-style office document"
	case len(data) >= 12 && string(data[4:8]) == "ftyp":
		return describeISOBMFF(string(data[8:12]))
	case bytes.HasPrefix(data, []byte("RIFF")):
		return "an audio or video file"
	}
	head := data[:min(len(data), 1024)]
	text := bytes.ToLower(bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n"))
	switch {
	case bytes.Contains(text, []byte("<svg")):
		return "an SVG drawing"
	case bytes.HasPrefix(text, []byte("<!doctype html")), bytes.HasPrefix(text, []byte("<html")),
		bytes.HasPrefix(text, []byte("<head")), bytes.HasPrefix(text, []byte("<body")):
		return "a web page (HTML)"
	case bytes.HasPrefix(text, []byte("<?xml")):
		return "an XML document"
	case isText(head):
		return "a text file"
	}
	return ""
}

// describeISOBMFF names a file of the ISO base media family by its brand:
// phones' HEIC photos and AVIF images share the container with videos.
func describeISOBMFF(brand string) string {
	switch brand {
	case "heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1":
		return "a HEIC photo (the iPhone's own format)"
	case "avif", "avis":
		return "an AVIF image"
	}
	return "a video"
}

// isText reports whether head reads as UTF-8 text without control
// characters other than white space. A multi-byte sequence cut at the end
// of head still counts as text.
func isText(head []byte) bool {
	for len(head) > 0 {
		r, n := utf8.DecodeRune(head)
		if r == utf8.RuneError && n <= 1 {
			return len(head) < utf8.UTFMax && !utf8.FullRune(head)
		}
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' && r != '\f' || r == 0x7f {
			return false
		}
		head = head[n:]
	}
	return true
}
