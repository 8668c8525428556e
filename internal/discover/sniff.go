package discover

import (
	"bytes"
)

// sniffWindow bounds how far LooksLikeHTML reads: the first element of a
// document is near its start, after at most a declaration and comments.
const sniffWindow = 4096

// htmlFirstTags are elements that open an HTML document or fragment and
// never a feed.
var htmlFirstTags = map[string]bool{
	"html": true, "head": true, "body": true, "meta": true, "title": true,
	"link": true, "script": true, "style": true, "div": true, "p": true, "table": true,
	"iframe": true, "h1": true, "a": true, "br": true, "base": true, "noscript": true,
}

// LooksLikeHTML tells an HTML page from a feed by its first element,
// skipping a byte order mark, whitespace, an XML declaration, comments
// and a non-HTML DOCTYPE (which feeds and pages alike may start with).
func LooksLikeHTML(data []byte) bool {
	if len(data) > sniffWindow {
		data = data[:sniffWindow]
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	for {
		data = bytes.TrimLeft(data, " \t\r\n\f")
		switch {
		case bytes.HasPrefix(data, []byte("<?")):
			end := bytes.Index(data, []byte("?>"))
			if end < 0 {
				return false
			}
			data = data[end+2:]
		case bytes.HasPrefix(data, []byte("<!--")):
			end := bytes.Index(data[4:], []byte("-->"))
			if end < 0 {
				return false
			}
			data = data[4+end+3:]
		case bytes.HasPrefix(data, []byte("<!")) && firstTagName(data[1:]) == "!doctype":
			// RSS 0.91 feeds carry a DOCTYPE too: only its name tells.
			rest := bytes.TrimLeft(data[len("<!doctype"):], " \t\r\n\f")
			if firstTagName(rest) == "html" {
				return true
			}
			end := bytes.IndexByte(data, '>')
			if end < 0 {
				return false
			}
			data = data[end+1:]
		case bytes.HasPrefix(data, []byte("<")):
			return htmlFirstTags[firstTagName(data[1:])]
		default:
			return false
		}
	}
}

// firstTagName reads the lower-cased name at the start of data.
func firstTagName(data []byte) string {
	end := 0
	for end < len(data) && end < 32 {
		c := data[end]
		if c == ' ' || c == '>' || c == '/' || c == '\t' || c == '\n' || c == '\r' || c == '\f' {
			break
		}
		end++
	}
	return string(bytes.ToLower(data[:end]))
}
