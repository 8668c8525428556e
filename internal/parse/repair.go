package parse

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"regexp"
	"strings"
)

// Limits of repairXML: how many stray '<' it escapes before giving up,
// how long an entity declared in the document's DTD may be, and how much
// the repaired document may outgrow the original (entity expansion).
const (
	maxRepairRestarts = 200
	maxEntityValue    = 1024
	maxEntities       = 256
	repairSlack       = 1 << 20
)

// errUnrepairable stops a repair that would have to guess.
var errUnrepairable = errors.New("parse: document cannot be repaired")

// repairXML rewrites a feed the XML parser refused into well-formed XML,
// fixing the faults feed readers tolerate:
//
//   - '&' that starts no reference ("a=1&b=2"), and references to
//     entities XML does not define but XHTML 1.0 does (&nbsp;, &eacute;),
//     or that the document's own DTD declares (<!ENTITY id "...">);
//   - '<' that starts no markup ("a < b");
//   - end tags that close nothing, or close an element while its children
//     are still open (the children are closed first);
//   - a document that ends without closing its root element, or inside
//     the root's end tag ("</rss").
//
// Well-formed markup is copied as written. It returns nil when the
// document cannot be repaired without guessing at content: above all when
// it ends before its root element's children do, which is a truncated
// download, not a slip of the publisher's.
func repairXML(data []byte) []byte {
	data = dropControlChars(data)
	r := &repairer{
		data:  data,
		limit: 4*len(data) + repairSlack,
	}
	if err := r.run(); err != nil {
		return nil
	}
	return r.out.Bytes()
}

type repairer struct {
	data     []byte
	out      bytes.Buffer
	limit    int
	open     []string // qualified names of the open elements
	rootSeen bool
	entities map[string]string
}

func (r *repairer) run() error {
	r.entities = declaredEntities(r.data)
	// The decoder expands a whole text run before handing it over, so an
	// expansion bomb must be refused before decoding: declared entities
	// whose expansion would outgrow the limit are not expanded at all.
	grown := 0
	for name, value := range r.entities {
		grown += bytes.Count(r.data, []byte("&"+name+";")) * len(value)
	}
	if grown > r.limit {
		r.entities = nil
	}
	pos := 0
	for restarts := 0; ; restarts++ {
		next, err := r.scan(pos)
		if err == nil {
			return r.finish(len(r.data))
		}
		if err == errUnrepairable || restarts >= maxRepairRestarts {
			return errUnrepairable
		}
		// The token at next failed. If it begins with '<' that starts no
		// markup, the '<' is text; anything else cannot be mended here.
		if next >= len(r.data) || r.data[next] != '<' || startsMarkup(r.data[next:]) {
			return r.finish(next)
		}
		r.out.WriteString("&lt;")
		pos = next + 1
	}
}

// scan tokenizes data from pos, writing the repaired tokens. It returns
// nil at the end of the input, or the offset where the failing token
// starts and the error.
func (r *repairer) scan(pos int) (int, error) {
	d := xml.NewDecoder(bytes.NewReader(r.data[pos:]))
	d.Strict = false
	d.Entity = r.entityMap()
	start := pos
	for {
		tok, err := d.RawToken()
		end := pos + int(d.InputOffset())
		if errors.Is(err, io.EOF) {
			return end, nil
		}
		if err != nil {
			return start, err
		}
		if err := r.write(tok, r.data[start:end]); err != nil {
			return start, err
		}
		if r.out.Len() > r.limit {
			return start, errUnrepairable
		}
		start = end
	}
}

func (r *repairer) write(tok xml.Token, raw []byte) error {
	switch t := tok.(type) {
	case xml.StartElement:
		if len(r.open) == 0 && r.rootSeen {
			// A second root element: what follows the document is not
			// part of the feed.
			return errUnrepairable
		}
		r.rootSeen = true
		name := qname(t.Name)
		r.out.WriteString("<" + name)
		for _, a := range t.Attr {
			r.out.WriteString(" " + qname(a.Name) + `="`)
			escapeInto(&r.out, string(a.Value), true)
			r.out.WriteString(`"`)
		}
		if bytes.HasSuffix(raw, []byte("/>")) {
			// The decoder reports the end of an empty-element tag as an
			// EndElement without input; write nothing for it.
			r.out.WriteString("/>")
		} else {
			r.out.WriteString(">")
		}
		r.open = append(r.open, name)
	case xml.EndElement:
		name := qname(t.Name)
		if len(raw) == 0 {
			if n := len(r.open); n > 0 && r.open[n-1] == name {
				r.open = r.open[:n-1]
			}
			return nil
		}
		for i := len(r.open) - 1; i >= 0; i-- {
			if r.open[i] != name {
				continue
			}
			for j := len(r.open) - 1; j >= i; j-- {
				r.out.WriteString("</" + r.open[j] + ">")
			}
			r.open = r.open[:i]
			return nil
		}
		// An end tag that closes nothing is dropped.
	case xml.CharData:
		if bytes.HasPrefix(raw, []byte("<![CDATA[")) {
			r.out.Write(raw)
			return nil
		}
		if len(r.open) == 0 && len(bytes.TrimSpace(t)) > 0 && r.rootSeen {
			return errUnrepairable
		}
		if !bytes.ContainsRune(raw, '&') {
			r.out.Write(raw)
			return nil
		}
		escapeInto(&r.out, string(t), false)
	case xml.Directive:
		// The DTD's entities are expanded in place; the DTD itself goes,
		// so no parser reads the internal subset a second time.
	default: // comments and processing instructions
		r.out.Write(raw)
	}
	return nil
}

// finish closes what is still open once the input ends at offset end. Only
// the root element may still be open, and only whitespace or a prefix of
// its own end tag may follow: anything else is a truncated document.
func (r *repairer) finish(end int) error {
	tail := bytes.TrimSpace(r.data[end:])
	switch {
	case !r.rootSeen:
		return errUnrepairable
	case len(r.open) == 0:
		if len(tail) > 0 {
			return errUnrepairable
		}
		return nil
	case len(r.open) > 1:
		return errUnrepairable
	}
	closing := "</" + r.open[0] + ">"
	if len(tail) > 0 && !strings.HasPrefix(closing, string(tail)) {
		return errUnrepairable
	}
	r.out.WriteString(closing)
	r.open = nil
	return nil
}

// entityMap is the entities the decoder expands: XHTML 1.0's (which the
// HTML 4 names are), then those the document declares.
func (r *repairer) entityMap() map[string]string {
	if len(r.entities) == 0 {
		return xml.HTMLEntity
	}
	m := make(map[string]string, len(xml.HTMLEntity)+len(r.entities))
	for k, v := range xml.HTMLEntity {
		m[k] = v
	}
	for k, v := range r.entities {
		m[k] = v
	}
	return m
}

// escapeInto writes s as XML text, or as an attribute value in double
// quotes, escaping only what must be: unlike xml.EscapeText it leaves
// line breaks and tabs as they are.
func escapeInto(b *bytes.Buffer, s string, attr bool) {
	for _, c := range s {
		switch {
		case c == '&':
			b.WriteString("&amp;")
		case c == '<':
			b.WriteString("&lt;")
		case c == '>':
			b.WriteString("&gt;")
		case c == '"' && attr:
			b.WriteString("&quot;")
		default:
			b.WriteRune(c)
		}
	}
}

func qname(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return n.Space + ":" + n.Local
}

// startsMarkup reports whether b, which begins with '<', begins a tag, an
// end tag, a comment, a CDATA section, a declaration or a processing
// instruction rather than a lone '<'.
func startsMarkup(b []byte) bool {
	if len(b) < 2 {
		return false
	}
	c := b[1]
	return c == '/' || c == '!' || c == '?' || c == '_' || c == ':' ||
		(c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80
}

// doctypeSubset finds a DOCTYPE's internal subset before the root element.
var (
	doctypeSubset = regexp.MustCompile(`(?s)^(?:\s|<\?.*?\?>|<!--.*?-->)*<!DOCTYPE[^\[>]*\[(.*?)\]\s*>`)
	entityDecl    = regexp.MustCompile(`<!ENTITY\s+([A-Za-z_][A-Za-z0-9._-]*)\s+(?:"([^"]*)"|'([^']*)')\s*>`)
	charRef       = regexp.MustCompile(`&#(?:[0-9]{1,7}|[xX][0-9A-Fa-f]{1,6});`)
)

// hasDeclaredEntities reports whether the document's DTD declares general
// entities, which only repairXML expands.
func hasDeclaredEntities(data []byte) bool {
	if !bytes.Contains(data, []byte("<!ENTITY")) {
		return false
	}
	m := doctypeSubset.FindSubmatch(data)
	return m != nil && entityDecl.Match(m[1])
}

// declaredEntities reads the internal general entities of the document's
// DTD, such as <!ENTITY id "tag:example.com,">. Character references in a
// value are expanded; entity references in it are not, so expansion
// cannot recurse. External and parameter entities are ignored.
func declaredEntities(data []byte) map[string]string {
	if !bytes.Contains(data, []byte("<!ENTITY")) {
		return nil
	}
	m := doctypeSubset.FindSubmatch(data)
	if m == nil {
		return nil
	}
	out := map[string]string{}
	for _, d := range entityDecl.FindAllSubmatch(m[1], maxEntities) {
		value := string(d[2]) + string(d[3])
		if len(value) > maxEntityValue {
			continue
		}
		out[string(d[1])] = charRef.ReplaceAllStringFunc(value, func(ref string) string {
			var v struct {
				S string `xml:",chardata"`
			}
			if err := xml.Unmarshal([]byte("<v>"+ref+"</v>"), &v); err != nil {
				return ref
			}
			return v.S
		})
	}
	return out
}

// dropControlChars removes the C0 control characters XML forbids (all but
// tab, newline and carriage return), which publishers paste in by mistake.
func dropControlChars(data []byte) []byte {
	if bytes.IndexFunc(data, isForbiddenControl) < 0 {
		return data
	}
	return bytes.Map(func(r rune) rune {
		if isForbiddenControl(r) {
			return -1
		}
		return r
	}, data)
}

func isForbiddenControl(r rune) bool {
	return r < 0x20 && r != '\t' && r != '\n' && r != '\r'
}
