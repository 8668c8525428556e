package entities

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// token is one word of the text, with what the surrounding punctuation
// says about it. Offsets are byte offsets into the tokenized string.
type token struct {
	text        string // the word, without a possessive 's
	raw         string // the word as written
	start, end  int
	line        int  // index of the newline-separated line the token is on
	breakBefore bool // punctuation or a line break separates it from the previous token
	sentStart   bool // first word of a sentence, a line, or a quotation after a colon
	possessive  bool // written with 's; the name ends here
}

// abbreviations end with a period that ends neither the sentence nor the
// name: "Mr. Okafor", "J. Smith", "U.S. officials".
var abbreviations = map[string]bool{
	"Mr": true, "Mrs": true, "Ms": true, "Dr": true, "Prof": true, "St": true, "Gen": true,
	"Col": true, "Capt": true, "Sgt": true, "Lt": true, "Rev": true, "Sen": true, "Rep": true,
	"Gov": true, "Jr": true, "Sr": true, "Mt": true, "Ft": true, "Messrs": true, "Pres": true,
}

// tokenize splits s into words, stopping after max tokens so that work on
// hostile input stays bounded. Invalid UTF-8 acts as punctuation.
func tokenize(s string, max int) []token {
	var toks []token
	brk, sent := true, true
	line := 0
	for i := 0; i < len(s) && len(toks) < max; {
		r, w := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && w <= 1:
			brk = true
			i += w
		case isWordRune(r):
			t, next := readWord(s, i)
			t.line, t.breakBefore, t.sentStart = line, brk, sent
			brk, sent = false, false
			toks = append(toks, t)
			i = next
		case r == '\n':
			line++
			brk, sent = true, true
			i += w
		case unicode.IsSpace(r):
			i += w
		case r == '&':
			toks = append(toks, token{text: "&", raw: "&", start: i, end: i + 1, line: line, breakBefore: brk, sentStart: sent})
			brk, sent = false, false
			i += w
		case r == '.' || r == '!' || r == '?' || r == '…':
			if r == '.' && len(toks) > 0 && toks[len(toks)-1].end == i && isAbbrev(toks[len(toks)-1].text) {
				i += w
				continue
			}
			brk, sent = true, true
			i += w
		case (r == '—' || r == '–') && isDateline(toks, line):
			brk, sent = true, true // "SALTMERE (Wire) — People who..."
			i += w
		case r == ':' || r == ';':
			brk, sent = true, true
			i += w
		case r == '"' || r == '“' || r == '‘' || r == '«' || r == '(' || r == '[':
			// A quotation starts a sentence of its own: `, "People are`.
			if n, _ := utf8.DecodeRuneInString(s[i+w:]); isWordRune(n) && r != '(' && r != '[' {
				sent = true
			}
			brk = true
			i += w
		default:
			brk = true
			i += w
		}
	}
	return toks
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func isAbbrev(w string) bool {
	if abbreviations[w] || strings.Contains(w, ".") {
		return true
	}
	r, n := utf8.DecodeRuneInString(w)
	return n == len(w) && unicode.IsUpper(r)
}

// readWord reads the word starting at i: letters and digits, joined by
// inner hyphens and apostrophes ("Strand-Lutz", "O'Brien") and by the
// periods of dotted acronyms ("U.S."). A trailing 's is split off and
// recorded as possessive.
func readWord(s string, i int) (token, int) {
	start := i
	seg := 0 // letters since the last inner period
	dotted := false
	for i < len(s) {
		r, w := utf8.DecodeRuneInString(s[i:])
		if isWordRune(r) {
			seg++
			i += w
			continue
		}
		if r == '-' || r == '\'' || r == '’' || r == '.' {
			n, nw := utf8.DecodeRuneInString(s[i+w:])
			if nw > 0 && isWordRune(n) && (r != '.' || seg == 1 && unicode.IsUpper(n)) {
				if r == '.' {
					dotted = true
				}
				seg = 0
				i += w
				continue
			}
			if r == '.' && dotted && seg == 1 {
				i += w // closing period of "U.S."
			}
			if r != '.' && r != '-' && i > start && s[i-1] == 's' && (nw == 0 || !isWordRune(n)) {
				i += w // plural possessive: "Landlords' Association"
			}
		}
		break
	}
	t := token{text: s[start:i], raw: s[start:i], start: start, end: i}
	for _, suf := range []string{"'s", "’s"} {
		if len(t.text) > len(suf)+1 && strings.HasSuffix(t.text, suf) {
			t.text = t.text[:len(t.text)-len(suf)]
			t.possessive = true
		}
	}
	return t, i
}

// isCap reports whether a word is written like part of a name: an initial
// capital ("Okafor", "NATO") or an Arabic article before one ("al-Sadr").
func isCap(w string) bool {
	for _, p := range []string{"al-", "el-", "bin-"} {
		if strings.HasPrefix(w, p) && len(w) > len(p) {
			w = w[len(p):]
			break
		}
	}
	r, _ := utf8.DecodeRuneInString(w)
	if !unicode.IsUpper(r) {
		return false
	}
	// "Strand-Lutz" is a name, "Sixteen-year-old" is not.
	for _, part := range strings.Split(w, "-")[1:] {
		if p, _ := utf8.DecodeRuneInString(part); unicode.IsLower(p) {
			return false
		}
	}
	return true
}

// isAllCaps reports whether a word has letters and all of them are capitals.
func isAllCaps(w string) bool {
	letters := 0
	for _, r := range w {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters > 0
}

// titleCase turns "OKAFOR" into "Okafor", to look a word from a headline
// in capitals up among the words the body capitalizes.
func titleCase(w string) string {
	r, n := utf8.DecodeRuneInString(w)
	return string(unicode.ToUpper(r)) + strings.ToLower(w[n:])
}

// isDateline reports whether the line so far is a dateline: a first word
// in capitals and only a few words, as in "SALTMERE (Northfield Wire) —".
func isDateline(toks []token, line int) bool {
	n := 0
	for k := len(toks) - 1; k >= 0 && toks[k].line == line; k-- {
		n++
		if n > 6 {
			return false
		}
		if toks[k].sentStart {
			return isAllCaps(toks[k].text) && len(toks[k].text) > 1
		}
	}
	return false
}
