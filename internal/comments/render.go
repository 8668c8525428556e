package comments

import (
	"fmt"
	"hash/fnv"
	"html"
	"html/template"
	"math"
	"strings"
	"unicode"
	"unicode/utf8"
)

// LinkRel is the rel of every link RenderBody makes: readers' links earn
// no ranking (nofollow, ugc) and the page they open gets no handle on this
// one (noopener).
const LinkRel = "nofollow ugc noopener"

// RenderBody returns a comment's text as HTML: escaped plain text, a
// paragraph (<p>) for each run of lines between blank lines, <br> between
// the lines of a paragraph, and http, https and www. addresses made links
// (www. ones to https://) with rel="nofollow ugc noopener". Nothing the
// commenter typed becomes markup: every character is escaped, and a
// link's href is the parsed, re-encoded address, escaped. Invalid UTF-8
// and control characters (other than line breaks and tabs) show as
// U+FFFD. An empty or blank text renders as "".
func RenderBody(body string) template.HTML {
	body = strings.ReplaceAll(body, "\r\n", "\n")
	body = strings.ReplaceAll(body, "\r", "\n")
	var b strings.Builder
	b.Grow(len(body) + len(body)/4)
	for _, para := range paragraphs(body) {
		b.WriteString("<p>")
		for i, line := range para {
			if i > 0 {
				b.WriteString("<br>\n")
			}
			writeLine(&b, line)
		}
		b.WriteString("</p>\n")
	}
	return template.HTML(b.String())
}

// paragraphs splits text into paragraphs of lines, at blank lines (lines
// of white space alone).
func paragraphs(text string) [][]string {
	var out [][]string
	var cur []string
	for line := range strings.SplitSeq(text, "\n") {
		if strings.TrimSpace(line) == "" {
			if len(cur) > 0 {
				out = append(out, cur)
				cur = nil
			}
			continue
		}
		cur = append(cur, line)
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// writeLine writes one line of text, escaped, with its links.
func writeLine(b *strings.Builder, line string) {
	line = cleanText(line)
	at := 0
	for _, l := range findLinks(line, false) {
		if l.href == "" {
			continue
		}
		b.WriteString(html.EscapeString(line[at:l.start]))
		b.WriteString(`<a href="`)
		b.WriteString(html.EscapeString(l.href))
		b.WriteString(`" rel="` + LinkRel + `">`)
		b.WriteString(html.EscapeString(line[l.start:l.end]))
		b.WriteString("</a>")
		at = l.end
	}
	b.WriteString(html.EscapeString(line[at:]))
}

// cleanText replaces invalid UTF-8 and control characters other than tab
// with U+FFFD, so what is shown is what was stored, visibly.
func cleanText(s string) string {
	clean := true
	for _, r := range s {
		if r == utf8.RuneError || (unicode.IsControl(r) && r != '\t') {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && r != '\t' {
			return utf8.RuneError
		}
		return r
	}, strings.ToValidUTF8(s, string(utf8.RuneError)))
}

// avatarSize is the avatar's width and height in CSS pixels; a
// stylesheet may scale it (it has a viewBox).
const avatarSize = 40

// Avatar returns a small inline SVG for a commenter: their initials in
// white on a colored circle, the color derived from the name (FNV-1a, so
// one name always gets one color, and never from the email address, which
// must not leak even as a color). It has role="img" and an aria-label
// naming the commenter, class="avatar", and needs no request to anyone.
func Avatar(name string) template.HTML {
	name = strings.TrimSpace(cleanText(name))
	h := fnv.New32a()
	h.Write([]byte(name))
	fill := avatarColor(float64(h.Sum32() % 360))
	label := "Avatar of " + name
	if name == "" {
		label = "Avatar"
	}
	return template.HTML(fmt.Sprintf(
		`<svg class="avatar" xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 40 40" role="img" aria-label="%s">`+
			`<circle cx="20" cy="20" r="20" fill="%s"/>`+
			`<text x="20" y="20" dy="0.35em" text-anchor="middle" font-family="sans-serif" font-size="16" font-weight="600" fill="#ffffff" aria-hidden="true">%s</text></svg>`,
		avatarSize, avatarSize, html.EscapeString(label), fill, html.EscapeString(Initials(name))))
}

// Initials returns up to two letters for a name, uppercased: the first
// letters (or digits) of its first and last words ("Ada Lovelace" gives
// "AL", "plato" gives "P"), a letter keeping its combining marks; "?" when
// the name has no letter or digit.
func Initials(name string) string {
	var firsts []string
	inWord := false
	for i, r := range name {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if !inWord {
				end := i + utf8.RuneLen(r)
				for end < len(name) {
					m, size := utf8.DecodeRuneInString(name[end:])
					if !unicode.Is(unicode.M, m) {
						break
					}
					end += size
				}
				firsts = append(firsts, name[i:end])
			}
			inWord = true
		} else if !unicode.Is(unicode.M, r) {
			inWord = false
		}
	}
	switch len(firsts) {
	case 0:
		return "?"
	case 1:
		return strings.ToUpper(firsts[0])
	}
	return strings.ToUpper(firsts[0] + firsts[len(firsts)-1])
}

// avatarColor returns the color of a hue (degrees) at 60% saturation, as
// light as it can be while white text on it keeps a contrast of at least
// 4.6:1 (WCAG AA asks 4.5:1 for normal text), as #rrggbb.
func avatarColor(hue float64) string {
	for l := 0.50; l > 0.05; l -= 0.01 {
		r, g, b := hslToRGB(hue, 0.6, l)
		if contrastWithWhite(r, g, b) >= 4.6 {
			return fmt.Sprintf("#%02x%02x%02x", r, g, b)
		}
	}
	return "#333333"
}

// hslToRGB converts a color from hue (degrees), saturation and lightness
// (0 to 1) to 8-bit RGB.
func hslToRGB(h, s, l float64) (r, g, b uint8) {
	c := (1 - math.Abs(2*l-1)) * s
	hp := math.Mod(h, 360) / 60
	x := c * (1 - math.Abs(math.Mod(hp, 2)-1))
	var r1, g1, b1 float64
	switch {
	case hp < 1:
		r1, g1 = c, x
	case hp < 2:
		r1, g1 = x, c
	case hp < 3:
		g1, b1 = c, x
	case hp < 4:
		g1, b1 = x, c
	case hp < 5:
		r1, b1 = x, c
	default:
		r1, b1 = c, x
	}
	m := l - c/2
	to8 := func(v float64) uint8 { return uint8(math.Round((v + m) * 255)) }
	return to8(r1), to8(g1), to8(b1)
}

// contrastWithWhite is the WCAG contrast ratio of white on an sRGB color.
func contrastWithWhite(r, g, b uint8) float64 {
	lin := func(c uint8) float64 {
		v := float64(c) / 255
		if v <= 0.04045 {
			return v / 12.92
		}
		return math.Pow((v+0.055)/1.055, 2.4)
	}
	lum := 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
	return 1.05 / (lum + 0.05)
}
