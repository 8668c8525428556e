package parse

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"strings"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/atom"
	gjson "github.com/mmcdole/gofeed/json"
	"github.com/mmcdole/gofeed/rss"
)

// document is a decoded feed: gofeed's universal form plus the few
// format-specific facts the universal form loses.
type document struct {
	feed *gofeed.Feed
	// rss and json are set for their formats: the universal form merges
	// JSON Feed's content_text into content and drops isPermaLink.
	rss  *rss.Feed
	json *gjson.Feed
	// plainTitles is true when titles are plain text by definition (JSON
	// Feed), so "<" in them is a character, not markup.
	plainTitles bool
}

// rssTranslator skips gofeed's scan of every item's HTML for an image: we
// choose the lead image ourselves, in our own order, and the scan would
// parse each item's HTML a second time.
var rssTranslator = &gofeed.DefaultRSSTranslator{DisableContentImageScan: true}

// decode converts data to UTF-8 (see toUTF8; headerCharset is the HTTP
// Content-Type's charset, or ""), detects the format over the whole
// input (gofeed's own detection looks at the first 4 KiB only, which a
// long leading comment defeats) and parses it.
func decode(data []byte, headerCharset string) (*document, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fmt.Errorf("%w: empty document", ErrNotFeed)
	}
	data = toUTF8(data, headerCharset)
	switch gofeed.DetectFeedType(bytes.NewReader(data)) {
	case gofeed.FeedTypeRSS:
		return decodeXML(data, decodeRSS)
	case gofeed.FeedTypeAtom:
		return decodeXML(data, decodeAtom)
	case gofeed.FeedTypeJSON:
		return decodeJSON(data)
	}
	if isCDF(data) {
		return decodeXML(data, decodeCDF)
	}
	return nil, fmt.Errorf("%w: %s", ErrNotFeed, describe(data))
}

// decodeXML parses an XML feed with parseXML; when that fails, it repairs
// the faults feed readers tolerate (see repairXML) and tries once more,
// reporting the first error if the repaired document fails too. A
// document whose DTD declares entities is expanded by repairXML first:
// the parser underneath does not read DTDs.
func decodeXML(data []byte, parseXML func([]byte) (*document, error)) (*document, error) {
	if bytes.Contains(data, []byte("&lang;")) || bytes.Contains(data, []byte("&rang;")) {
		// gofeed decodes named entities with HTML5's table; in a feed
		// they have XHTML 1.0's meaning (see xhtmlOnly).
		data = []byte(xhtmlOnly.Replace(string(data)))
	}
	if hasDeclaredEntities(data) {
		if expanded := repairXML(data); expanded != nil {
			data = expanded
		}
	}
	doc, err := parseXML(data)
	if err == nil {
		return doc, nil
	}
	repaired := repairXML(data)
	if repaired == nil {
		return nil, err
	}
	if doc, rerr := parseXML(repaired); rerr == nil {
		return doc, nil
	}
	return nil, err
}

func decodeRSS(data []byte) (*document, error) {
	rf, err := (&rss.Parser{}).Parse(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("parse: malformed RSS: %w", err)
	}
	gf, err := rssTranslator.Translate(rf)
	if err != nil {
		return nil, fmt.Errorf("parse: RSS: %w", err)
	}
	return &document{feed: gf, rss: rf}, nil
}

func decodeAtom(data []byte) (*document, error) {
	data = decodeBase64Constructs(adoptAtomNamespace(data))
	af, err := (&atom.Parser{}).Parse(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("parse: malformed Atom: %w", err)
	}
	gf, err := (&gofeed.DefaultAtomTranslator{}).Translate(af)
	if err != nil {
		return nil, fmt.Errorf("parse: Atom: %w", err)
	}
	return &document{feed: gf}, nil
}

// decodeJSON accepts a JSON object only when it looks like a JSON Feed: a
// version naming jsonfeed.org, or an items array. Other JSON (a REST API
// answer announced as application/json) is not a feed.
func decodeJSON(data []byte) (*document, error) {
	var probe struct {
		Version string          `json:"version"`
		Items   json.RawMessage `json:"items"`
	}
	if err := json.Unmarshal(data, &probe); err != nil {
		return nil, fmt.Errorf("parse: malformed JSON Feed: %w", err)
	}
	if !strings.Contains(probe.Version, "jsonfeed.org") && !bytes.HasPrefix(bytes.TrimSpace(probe.Items), []byte("[")) {
		return nil, fmt.Errorf("%w: JSON document without a JSON Feed version or items", ErrNotFeed)
	}
	jf, err := (&gjson.Parser{}).Parse(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("parse: malformed JSON Feed: %w", err)
	}
	gf, err := (&gofeed.DefaultJSONTranslator{}).Translate(jf)
	if err != nil {
		return nil, fmt.Errorf("parse: JSON Feed: %w", err)
	}
	return &document{feed: gf, json: jf, plainTitles: true}, nil
}

// describe names what the bytes look like, for the ErrNotFeed message.
func describe(data []byte) string {
	head := bytes.ToLower(bytes.TrimSpace(data))
	if len(head) > 512 {
		head = head[:512]
	}
	switch {
	case bytes.Contains(head, []byte("<html")) || bytes.HasPrefix(head, []byte("<!doctype html")):
		return "an HTML page"
	case bytes.HasPrefix(head, []byte("<")):
		return "XML or markup without an rss, rdf, feed or CDF channel root element"
	case bytes.HasPrefix(head, []byte("[")):
		return "a JSON array"
	default:
		return "neither XML nor JSON"
	}
}

// Atom's namespaces: 1.0 (RFC 4287) and the 0.3 draft.
const (
	atom10NS = "http://www.w3.org/2005/Atom"
	atom03NS = "http://purl.org/atom/ns#"
)

// adoptAtomNamespace reads a <feed> root in a namespace other than Atom's
// as Atom. Before 0.3 the format was drafted under other names (Echo,
// Pie, Necho) and namespaces, and feeds in those namespaces are otherwise
// read as holding no Atom element at all. The root's default namespace is
// rewritten to Atom 0.3's when the root says version="0.3" or earlier,
// to Atom 1.0's otherwise; every other byte is kept.
func adoptAtomNamespace(data []byte) []byte {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	for {
		start := int(d.InputOffset())
		tok, err := d.RawToken()
		if err != nil {
			return data
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if se.Name.Space != "" || se.Name.Local != "feed" {
			return data
		}
		ns, version, at := "", "", -1
		for i, a := range se.Attr {
			switch {
			case a.Name.Space == "" && a.Name.Local == "xmlns":
				ns, at = strings.TrimSpace(a.Value), i
			case a.Name.Space == "" && a.Name.Local == "version":
				version = strings.TrimSpace(a.Value)
			}
		}
		if at < 0 || ns == "" || ns == atom10NS || ns == atom03NS {
			return data
		}
		se.Attr[at].Value = atom10NS
		if strings.HasPrefix(version, "0.") {
			se.Attr[at].Value = atom03NS
		}
		end := int(d.InputOffset())
		var out bytes.Buffer
		out.Write(data[:start])
		out.WriteString("<" + qname(se.Name))
		for _, a := range se.Attr {
			out.WriteString(" " + qname(a.Name) + `="`)
			escapeInto(&out, a.Value, true)
			out.WriteString(`"`)
		}
		if bytes.HasSuffix(data[start:end], []byte("/>")) {
			out.WriteString("/>")
		} else {
			out.WriteString(">")
		}
		out.Write(data[end:])
		return out.Bytes()
	}
}
