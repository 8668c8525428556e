package extract

import (
	"encoding/json"
	"sort"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// linkedData is what schema.org JSON-LD says about the article.
type linkedData struct {
	headline, name, author, published, siteName, language, url string
	image                                                      ldImage
}

// ldImage is the article's image as JSON-LD describes it.
type ldImage struct {
	url, credit string
}

// articleTypes are the schema.org types that describe an article page.
var articleTypes = map[string]bool{
	"article": true, "newsarticle": true, "reportagenewsarticle": true, "analysisnewsarticle": true,
	"opinionnewsarticle": true, "backgroundnewsarticle": true, "reviewnewsarticle": true,
	"askpublicnewsarticle": true, "blogposting": true, "liveblogposting": true, "techarticle": true,
	"scholarlyarticle": true, "report": true, "socialmediaposting": true, "satiricalarticle": true,
}

// readLinkedData reads every JSON-LD block of doc and describes the first
// article node found, following @id references (as Yoast-style @graph
// documents use for authors, publishers and images).
func readLinkedData(doc *html.Node) linkedData {
	var nodes []map[string]any
	walk(doc, func(n *html.Node) bool {
		if n.Type == html.ElementNode && n.DataAtom == atom.Script && isLDType(attr(n, "type")) {
			nodes = append(nodes, decodeLD(scriptText(n))...)
			return false
		}
		return true
	})
	byID := make(map[string]map[string]any)
	for _, n := range nodes {
		if id, ok := n["@id"].(string); ok && id != "" {
			byID[id] = n
		}
	}
	ld := ldReader{byID: byID}
	for _, n := range nodes {
		if ld.isArticle(n) {
			return ld.describe(n)
		}
	}
	return linkedData{}
}

func isLDType(t string) bool {
	t = strings.ToLower(strings.TrimSpace(strings.SplitN(t, ";", 2)[0]))
	return t == "application/ld+json"
}

func scriptText(n *html.Node) string {
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	s := strings.TrimSpace(b.String())
	// Some CMSs wrap the JSON in CDATA markers or HTML comments.
	for _, wrap := range [][2]string{{"//<![CDATA[", "//]]>"}, {"<![CDATA[", "]]>"}, {"<!--", "-->"}} {
		s = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(s, wrap[0]), wrap[1]))
	}
	return s
}

// decodeLD returns every object with an @type in one JSON-LD block,
// however deeply nested, so "mainEntity" and "@graph" members are found.
func decodeLD(text string) []map[string]any {
	var root any
	if err := json.Unmarshal([]byte(text), &root); err != nil {
		return nil
	}
	var out []map[string]any
	var visit func(v any, depth int)
	visit = func(v any, depth int) {
		if depth > 32 {
			return
		}
		switch t := v.(type) {
		case []any:
			for _, e := range t {
				visit(e, depth+1)
			}
		case map[string]any:
			if _, ok := t["@type"]; ok {
				out = append(out, t)
			}
			// Map order is random; sorted keys keep "the first article"
			// the same on every run.
			keys := make([]string, 0, len(t))
			for k := range t {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				visit(t[k], depth+1)
			}
		}
	}
	visit(root, 0)
	return out
}

type ldReader struct {
	byID map[string]map[string]any
}

func (ld ldReader) isArticle(n map[string]any) bool {
	for _, t := range typeNames(n["@type"]) {
		if articleTypes[strings.ToLower(t)] {
			return true
		}
	}
	return false
}

func (ld ldReader) describe(n map[string]any) linkedData {
	return linkedData{
		headline:  collapse(firstNonEmpty(str(n["headline"]), str(n["name"]))),
		name:      collapse(str(n["name"])),
		author:    strings.Join(ld.names(n["author"]), ", "),
		published: str(n["datePublished"]),
		siteName:  firstNonEmpty(ld.names(n["publisher"])...),
		language:  firstNonEmpty(str(n["inLanguage"]), ld.name(n["inLanguage"])),
		url:       firstNonEmpty(str(n["url"]), ld.ref(n["mainEntityOfPage"])),
		image:     ld.image(n["image"]),
	}
}

// resolve follows an {"@id": ...} reference to the node it names.
func (ld ldReader) resolve(v any) any {
	m, ok := v.(map[string]any)
	if !ok || len(m) != 1 {
		return v
	}
	if id, ok := m["@id"].(string); ok {
		if target, ok := ld.byID[id]; ok {
			return target
		}
	}
	return v
}

// names reads a person or organization, or a list of them.
func (ld ldReader) names(v any) []string {
	var out []string
	if list, ok := v.([]any); ok {
		for _, e := range list {
			if n := ld.name(e); n != "" {
				out = append(out, n)
			}
		}
		return out
	}
	if n := ld.name(v); n != "" {
		out = append(out, n)
	}
	return out
}

func (ld ldReader) name(v any) string {
	switch t := ld.resolve(v).(type) {
	case string:
		return collapse(t)
	case map[string]any:
		return collapse(str(t["name"]))
	}
	return ""
}

// ref reads a URL given as a string or as {"@id": url}.
func (ld ldReader) ref(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case map[string]any:
		return firstNonEmpty(str(t["@id"]), str(t["url"]))
	}
	return ""
}

// image reads an ImageObject, a URL, or the first of a list of them.
func (ld ldReader) image(v any) ldImage {
	if list, ok := v.([]any); ok {
		for _, e := range list {
			if img := ld.image(e); img.url != "" {
				return img
			}
		}
		return ldImage{}
	}
	switch t := ld.resolve(v).(type) {
	case string:
		return ldImage{url: t}
	case map[string]any:
		return ldImage{
			url:    firstNonEmpty(str(t["url"]), str(t["contentUrl"])),
			credit: firstNonEmpty(str(t["creditText"]), ld.name(t["copyrightHolder"]), ld.name(t["creator"]), ld.name(t["author"])),
		}
	}
	return ldImage{}
}

func str(v any) string {
	if s, ok := v.(string); ok {
		return strings.TrimSpace(s)
	}
	return ""
}

// typeNames reads a value that schema.org allows as one string or a list.
func typeNames(v any) []string {
	switch t := v.(type) {
	case string:
		return []string{t}
	case []any:
		var out []string
		for _, e := range t {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}
