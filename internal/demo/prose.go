package demo

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// expand fills a template's {slots} from the cast, falling back to the
// synonym banks. A capitalised slot name capitalises the value. Unknown
// slots are left in place so tests can spot them.
func expand(t string, slots map[string]string, r *rand.Rand) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(t, '{')
		if i < 0 {
			b.WriteString(t)
			return fixArticles(b.String())
		}
		j := strings.IndexByte(t[i:], '}')
		if j < 0 {
			b.WriteString(t)
			return fixArticles(b.String())
		}
		b.WriteString(t[:i])
		b.WriteString(lookup(t[i+1:i+j], slots, r))
		t = t[i+j+1:]
	}
}

// fixArticles turns "a" into "an" before numbers said with a leading
// vowel ("an 8-kilometre route", "an $11 billion deal"), which templates
// cannot know in advance.
func fixArticles(s string) string {
	if !strings.Contains(s, "a ") && !strings.Contains(s, "A ") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		b.WriteByte(s[i])
		if (s[i] == 'a' || s[i] == 'A') && (i == 0 || s[i-1] == ' ' || s[i-1] == '"') &&
			i+1 < len(s) && s[i+1] == ' ' && vowelNumber(s[i+2:]) {
			b.WriteByte('n')
		}
	}
	return b.String()
}

// vowelNumber reports whether s starts with a number whose English
// reading starts with a vowel: eight..., eleven or eighteen.
func vowelNumber(s string) bool {
	s = strings.TrimPrefix(s, "$")
	switch {
	case strings.HasPrefix(s, "8"):
		return true
	case strings.HasPrefix(s, "11"), strings.HasPrefix(s, "18"):
		return len(s) == 2 || s[2] < '0' || s[2] > '9'
	}
	return false
}

func lookup(key string, slots map[string]string, r *rand.Rand) string {
	name := lowerFirst(key)
	v, ok := slots[name]
	if !ok {
		choices, found := synonyms[name]
		if !found {
			return "{" + key + "}"
		}
		v = choices[r.IntN(len(choices))]
	}
	if name != key {
		return upperFirst(v)
	}
	return v
}

func upperFirst(s string) string {
	c, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(c)) + s[n:]
}

func lowerFirst(s string) string {
	c, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToLower(c)) + s[n:]
}

// smallWords stay lowercase inside a Title Case headline.
var smallWords = map[string]bool{
	"a": true, "an": true, "the": true, "and": true, "or": true, "but": true, "of": true,
	"in": true, "on": true, "at": true, "to": true, "for": true, "by": true, "as": true,
	"with": true, "from": true, "after": true, "over": true, "into": true,
}

// titleCase capitalises a headline the way some newsrooms' style guides
// demand, leaving small words and anything already capitalised alone.
func titleCase(h string) string {
	words := strings.Split(h, " ")
	for i, w := range words {
		lead := strings.IndexFunc(w, unicode.IsLetter)
		if lead < 0 {
			continue
		}
		core := strings.ToLower(strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) }))
		if i > 0 && i < len(words)-1 && smallWords[core] && lead == 0 {
			continue
		}
		words[i] = w[:lead] + upperFirst(w[lead:])
	}
	return strings.Join(words, " ")
}

// slugify makes an ASCII path segment of at most max bytes from a title;
// accented letters lose their accents ("café" becomes "cafe").
func slugify(s string, max int) string {
	var b strings.Builder
	dash := false
	for _, c := range norm.NFKD.String(strings.ToLower(s)) {
		switch {
		case unicode.Is(unicode.Mn, c):
			// combining accents split off by NFKD
		case c < unicode.MaxASCII && (unicode.IsLetter(c) || unicode.IsDigit(c)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(c)
		case c == '\'' || c == '\u2019':
			// "city's" reads better as "citys" than "city-s".
		default:
			dash = true
		}
	}
	out := b.String()
	if len(out) > max {
		out = out[:max]
		if i := strings.LastIndexByte(out, '-'); i > max/2 {
			out = out[:i]
		}
	}
	if out == "" {
		return "story"
	}
	return strings.Trim(out, "-")
}

// thousands formats n with comma separators: 12400 becomes "12,400".
func thousands(n int) string {
	s := strconv.Itoa(n)
	if len(s) <= 3 {
		return s
	}
	var b strings.Builder
	pre := len(s) % 3
	if pre > 0 {
		b.WriteString(s[:pre])
	}
	for i := pre; i < len(s); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(s[i : i+3])
	}
	return b.String()
}

func itoa(n int) string { return strconv.Itoa(n) }

func imageID(outlet string, seq int) string { return fmt.Sprintf("%s-%03d", outlet, seq) }

func articlePath(outlet string, t time.Time, slug string) string {
	return fmt.Sprintf("/%s/%04d/%02d/%02d/%s.html", outlet, t.Year(), int(t.Month()), t.Day(), slug)
}

// attributions introduce a quote; {q} is the quote without its final
// full stop. Forms that use the surname alone are only chosen once the
// speaker has been named earlier in the article.
var attributions = map[byte][]string{
	'o': {"\"{q},\" said {role} {person}.", "{Role} {person} said: \"{q}.\"", "\"{q},\" {surname} said.", "\"{q},\" {surname} told reporters."},
	'e': {"\"{q},\" said {expert}, {exprole}.", "{Expert}, {exprole}, said: \"{q}.\""},
	'w': {"\"{q},\" said {wname}, {job}.", "{Wname}, {job}, said: \"{q}.\""},
	's': {"\"{q},\" said {spokes}, a spokesperson for {org}.", "A spokesperson for {org}, {spokes}, said: \"{q}.\""},
}

// quoteParagraph renders one quote with an attribution, naming the
// speaker in full unless the article already introduced them.
func quoteParagraph(q quote, witness string, c *cast, sofar string, r *rand.Rand) string {
	forms := attributions[q.who]
	if q.who == 'o' {
		// The first two forms introduce the speaker, the others assume
		// the reader has met them.
		if strings.Contains(sofar, c.slots["person"]) {
			forms = forms[2:]
		} else {
			forms = forms[:2]
		}
	}
	form := forms[r.IntN(len(forms))]
	form = strings.NewReplacer("{q}", q.text, "{job}", q.job, "{wname}", witness, "{Wname}", witness).Replace(form)
	return expand(expand(form, c.slots, r), c.slots, r)
}
