package fetch

import (
	"bytes"
	"io"

	"golang.org/x/net/html/charset"
)

// HTMLUTF8 returns the body of an HTML page converted to UTF-8. The
// encoding is taken from, in order, a byte-order mark, the Content-Type
// header, a <meta charset> in the first 1024 bytes, and finally
// windows-1252, the de facto default of the web.
func (r *Response) HTMLUTF8() []byte {
	enc, name, _ := charset.DetermineEncoding(r.Body, r.ContentType)
	if name == "utf-8" {
		return bytes.TrimPrefix(r.Body, []byte("\xef\xbb\xbf"))
	}
	out, err := io.ReadAll(enc.NewDecoder().Reader(bytes.NewReader(r.Body)))
	if err != nil {
		return r.Body
	}
	return out
}
