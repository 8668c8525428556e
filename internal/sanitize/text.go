package sanitize

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// silent lists elements whose content is never reader-visible text.
var silent = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Template: true, atom.Head: true,
	atom.Title: true, atom.Noscript: true, atom.Iframe: true, atom.Svg: true,
	atom.Math: true, atom.Select: true, atom.Textarea: true, atom.Object: true,
	atom.Noembed: true, atom.Noframes: true, atom.Button: true,
}

// blocks lists elements that start and end a paragraph of their own.
var blocks = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.H1: true, atom.H2: true, atom.H3: true,
	atom.H4: true, atom.H5: true, atom.H6: true, atom.Ul: true, atom.Ol: true,
	atom.Li: true, atom.Blockquote: true, atom.Pre: true, atom.Figure: true,
	atom.Figcaption: true, atom.Table: true, atom.Tr: true, atom.Caption: true,
	atom.Section: true, atom.Article: true, atom.Header: true, atom.Footer: true,
	atom.Aside: true, atom.Nav: true, atom.Main: true, atom.Dl: true, atom.Dt: true,
	atom.Dd: true, atom.Hr: true, atom.Address: true, atom.Details: true,
	atom.Summary: true, atom.Form: true, atom.Fieldset: true, atom.Picture: true,
}

// Text turns an HTML fragment into plain text: entities decoded, script and
// style contents dropped, whitespace collapsed, block elements separated
// by a blank line ("\n\n") and <br> by a newline.
//
// It reads the fragment as a stream of tokens rather than building a
// tree: ingest calls it on every item, twice, and the tree builder was
// most of its cost. On well-formed HTML, which is what HTML returns,
// both readings give the same text (a test holds them to that).
func Text(htmlFragment string) string {
	if strings.TrimSpace(htmlFragment) == "" {
		return ""
	}
	var tb textBuilder
	z := html.NewTokenizerFragment(strings.NewReader(htmlFragment), "body")
	silentDepth, preDepth := 0, 0
	afterPre := false // the token before was <pre>
	for {
		tt := z.Next()
		justAfterPre := afterPre
		afterPre = false
		switch tt {
		case html.ErrorToken:
			return tb.String()
		case html.TextToken:
			if silentDepth == 0 {
				text := strings.ReplaceAll(string(z.Text()), "\x00", "")
				if justAfterPre {
					// A newline right after <pre> is not content.
					text = strings.TrimPrefix(text, "\n")
				}
				tb.text(text, preDepth > 0)
			}
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if silent[a] {
				if tt == html.StartTagToken && !voidElements[a] {
					silentDepth++
				} else if tt == html.EndTagToken && silentDepth > 0 {
					silentDepth--
				}
				continue
			}
			if silentDepth > 0 {
				continue
			}
			switch {
			case a == atom.Br:
				// </br> is read as <br>, as browsers do.
				tb.lineBreak()
			case a == atom.Td || a == atom.Th:
				tb.space = true
			case blocks[a]:
				tb.paraBreak()
			}
			if a == atom.Pre {
				if tt == html.StartTagToken {
					preDepth++
					afterPre = true
				} else if tt == html.EndTagToken && preDepth > 0 {
					preDepth--
				}
			}
		}
	}
}

// voidElements have no end tag: a start tag opens nothing.
var voidElements = map[atom.Atom]bool{
	atom.Area: true, atom.Base: true, atom.Br: true, atom.Col: true, atom.Embed: true,
	atom.Hr: true, atom.Img: true, atom.Input: true, atom.Link: true, atom.Meta: true,
	atom.Source: true, atom.Track: true, atom.Wbr: true,
}

// textBuilder gathers paragraphs of lines of collapsed text.
type textBuilder struct {
	paras []string
	lines []string
	cur   strings.Builder
	space bool // whitespace seen since the last word
}

// text appends s, collapsing whitespace; inside <pre> newlines are kept.
// Words are copied whole rather than rune by rune.
func (tb *textBuilder) text(s string, pre bool) {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if pre && r == '\n' {
			tb.lineBreak()
			i += size
			continue
		}
		if unicode.IsSpace(r) {
			tb.space = true
			i += size
			continue
		}
		j := i + size
		for j < len(s) {
			r, size := utf8.DecodeRuneInString(s[j:])
			if unicode.IsSpace(r) {
				break
			}
			j += size
		}
		if tb.space && tb.cur.Len() > 0 {
			tb.cur.WriteByte(' ')
		}
		tb.space = false
		tb.cur.WriteString(s[i:j])
		i = j
	}
}

func (tb *textBuilder) lineBreak() {
	if tb.cur.Len() > 0 {
		tb.lines = append(tb.lines, tb.cur.String())
	}
	tb.cur.Reset()
	tb.space = false
}

func (tb *textBuilder) paraBreak() {
	tb.lineBreak()
	if len(tb.lines) > 0 {
		tb.paras = append(tb.paras, strings.Join(tb.lines, "\n"))
	}
	tb.lines = tb.lines[:0]
}

func (tb *textBuilder) String() string {
	tb.paraBreak()
	return strings.Join(tb.paras, "\n\n")
}

// Excerpt shortens plain text to at most maxRunes runes for listings. It
// keeps whole sentences when at least one fits in a meaningful share of
// the room; otherwise it cuts at a word boundary and marks the cut with
// "…" (counted in maxRunes). Whitespace, paragraph breaks included, is
// collapsed to single spaces.
func Excerpt(text string, maxRunes int) string {
	if maxRunes <= 0 {
		return ""
	}
	runes := []rune(strings.Join(strings.Fields(text), " "))
	if len(runes) <= maxRunes {
		return string(runes)
	}
	if end := lastSentenceEnd(runes, maxRunes); end >= maxRunes/3 && end > 0 {
		return string(runes[:end])
	}
	if maxRunes == 1 {
		return "…"
	}
	cut := maxRunes - 1
	// runes[cut] is the first rune left out: cutting there is a word
	// boundary only when it is a space.
	if runes[cut] != ' ' {
		if i := lastSpace(runes[:cut]); i > 0 {
			cut = i
		}
	}
	head := strings.TrimRightFunc(string(runes[:cut]), func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsPunct(r) && r != ')' && r != '"' && r != '”'
	})
	return head + "…"
}

// lastSentenceEnd returns the length of the longest prefix of runes, at
// most limit long, that ends a sentence; 0 when there is none.
func lastSentenceEnd(runes []rune, limit int) int {
	best := 0
	for i := 0; i < limit && i < len(runes); i++ {
		if !strings.ContainsRune(".!?…", runes[i]) {
			continue
		}
		j := i + 1
		for j < len(runes) && j < limit && strings.ContainsRune(`"'”’)]»`, runes[j]) {
			j++
		}
		if j == len(runes) || runes[j] == ' ' {
			best = j
		}
	}
	return best
}

func lastSpace(runes []rune) int {
	for i := len(runes) - 1; i >= 0; i-- {
		if runes[i] == ' ' {
			return i
		}
	}
	return -1
}
