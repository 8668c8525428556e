package search

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// runeClass says what one rune of text is to the word splitter, after
// folding.
type runeClass uint8

const (
	// classSep separates words: spaces, punctuation, symbols, controls.
	classSep runeClass = iota
	// classWord is a letter or digit that joins its neighbours into a word.
	classWord
	// classSingle is a letter of a script written without spaces between
	// words (Han ideographs, kana): each is a word by itself, as a run of
	// them would be one sentence-long word that no query could match.
	classSingle
	// classSkip folds to nothing (combining marks, invisible joiners): it
	// neither starts nor ends a word.
	classSkip
)

// foldSpecial maps lowercase letters that canonical decomposition leaves
// whole to the letters readers type for them.
func foldSpecial(r rune) (string, bool) {
	switch r {
	case 'ø':
		return "o", true
	case 'æ':
		return "ae", true
	case 'œ':
		return "oe", true
	case 'ß':
		return "ss", true
	case 'ł':
		return "l", true
	case 'đ':
		return "d", true
	case 'ı':
		return "i", true
	case 'ð':
		return "d", true
	case 'þ':
		return "th", true
	case 'ħ':
		return "h", true
	case 'ŧ':
		return "t", true
	case 'ŀ':
		return "l", true
	case 'ſ':
		return "s", true
	case 'ς': // Greek final sigma: "ΟΔΟΣ" lowercases to a plain sigma
		return "σ", true
	}
	return "", false
}

// ignorable reports invisible format characters that may sit inside a word
// (soft hyphen, zero-width joiners, word joiner, byte-order mark) and so must
// not split it.
func ignorable(r rune) bool {
	switch r {
	case 0x00AD, 0x200C, 0x200D, 0x2060, 0xFEFF:
		return true
	}
	return false
}

// singleScript reports letters of scripts written without spaces, which
// are indexed one character a word.
func singleScript(r rune) bool {
	if r < 0x2E80 {
		return false
	}
	return unicode.Is(unicode.Han, r) ||
		(r >= 0x3040 && r <= 0x30FF) || // Hiragana, Katakana
		(r >= 0x31F0 && r <= 0x31FF) || // Katakana phonetic extensions
		(r >= 0xFF66 && r <= 0xFF9F) // halfwidth Katakana
}

// appendFoldRune appends the folded form of r to dst and classifies it.
// Folding works one rune at a time (lowercase, canonical decomposition,
// combining marks dropped, a few letters mapped), so folding a text and
// splitting it agree with splitting it and folding each word, and the
// highlighter can map every folded word back to its span in the original.
func appendFoldRune(dst []byte, r rune) ([]byte, runeClass) {
	if r < utf8.RuneSelf {
		switch {
		case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
			return append(dst, byte(r)), classWord
		case 'A' <= r && r <= 'Z':
			return append(dst, byte(r+'a'-'A')), classWord
		}
		return append(dst, byte(r)), classSep
	}
	if ignorable(r) || unicode.Is(unicode.M, r) {
		return dst, classSkip
	}
	r = unicode.ToLower(r)
	if s, ok := foldSpecial(r); ok {
		return append(dst, s...), classWord
	}
	var buf [utf8.UTFMax]byte
	n := utf8.EncodeRune(buf[:], r)
	dec := norm.NFD.Properties(buf[:n]).Decomposition()
	if len(dec) == 0 {
		return utf8.AppendRune(dst, r), classOf(r)
	}
	start := len(dst)
	for len(dec) > 0 {
		c, size := utf8.DecodeRune(dec)
		dec = dec[size:]
		if unicode.Is(unicode.M, c) {
			continue
		}
		c = unicode.ToLower(c)
		if s, ok := foldSpecial(c); ok {
			dst = append(dst, s...)
		} else {
			dst = utf8.AppendRune(dst, c)
		}
	}
	return dst, classOfFolded(dst[start:])
}

// classOfFolded classifies the folded form of one rune.
func classOfFolded(out []byte) runeClass {
	if len(out) == 0 {
		return classSkip
	}
	r, size := utf8.DecodeRune(out)
	if size == len(out) {
		return classOf(r)
	}
	for _, c := range string(out) {
		if !unicode.IsLetter(c) && !unicode.IsDigit(c) {
			return classSep
		}
	}
	return classWord
}

// classOf classifies a rune that folding leaves as it is.
func classOf(r rune) runeClass {
	switch {
	case unicode.IsLetter(r):
		if singleScript(r) {
			return classSingle
		}
		return classWord
	case unicode.IsDigit(r):
		return classWord
	}
	return classSep
}

// Fold lowercases s (Unicode), removes its diacritics (canonical
// decomposition, then every combining mark dropped) and maps the letters
// decomposition leaves whole (ø→o, æ→ae, œ→oe, ß→ss, ł→l, đ→d, ı→i, ð→d,
// þ→th, ħ→h, ŧ→t, ŀ→l, ſ→s, final ς→σ), so "Café" becomes "cafe". Soft
// hyphens and zero-width joiners are dropped too. Everything else (spaces,
// punctuation) is kept. Invalid UTF-8 becomes U+FFFD. Fold is idempotent.
func Fold(s string) string {
	if isFoldedASCII(s) {
		return s
	}
	dst := make([]byte, 0, len(s)+8)
	for _, r := range s {
		dst, _ = appendFoldRune(dst, r)
	}
	return string(dst)
}

// isFoldedASCII reports whether s is ASCII without capitals, which Fold
// leaves as it is.
func isFoldedASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}

// maxWordBytes is the longest folded word kept; longer ones (hashes, runs
// of glued text) are dropped from the index and from queries alike.
const maxWordBytes = 64

// scanWords calls emit for every word of text with its span and folded
// form, in order; words longer than maxWordBytes are passed over. The
// folded string passed to emit is only valid during the call.
func scanWords(text string, emit func(start, end int, folded []byte)) {
	var buf []byte
	var tmp [16]byte
	start, end := -1, -1
	flush := func() {
		if start >= 0 && len(buf) > 0 && len(buf) <= maxWordBytes {
			emit(start, end, buf)
		}
		buf = buf[:0]
		start, end = -1, -1
	}
	for i := 0; i < len(text); {
		// ASCII, most of most texts, is folded here byte by byte, as
		// appendFoldRune would: letters lowercased, digits kept, the rest
		// separating words.
		if c := text[i]; c < utf8.RuneSelf {
			switch {
			case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			case 'A' <= c && c <= 'Z':
				c += 'a' - 'A'
			default:
				flush()
				i++
				continue
			}
			if start < 0 {
				start = i
			}
			buf = append(buf, c)
			i++
			end = i
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		folded, class := appendFoldRune(tmp[:0], r)
		switch class {
		case classWord:
			if start < 0 {
				start = i
			}
			buf = append(buf, folded...)
			end = i + size
		case classSingle:
			flush()
			start, end = i, i+size
			buf = append(buf, folded...)
			flush()
		case classSkip:
			if start >= 0 {
				end = i + size
			}
		default:
			flush()
		}
		i += size
	}
	flush()
}

// splitWords returns the folded words of text.
func splitWords(text string) []string {
	var words []string
	scanWords(text, func(_, _ int, folded []byte) {
		words = append(words, string(folded))
	})
	return words
}

// isToken reports whether s is non-empty and made only of folded letters
// and digits, which is what every token in the index is.
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r == utf8.RuneError || !(unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return false
		}
	}
	return true
}

// collapseSpace replaces every run of white space and control characters
// in s by one space and trims both ends.
func collapseSpace(s string) string {
	if isCollapsedASCII(s) {
		return s
	}
	b := make([]byte, 0, len(s))
	space := false
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			// Invalid UTF-8 decodes as U+FFFD, which is written out.
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		i += size
		// ASCII space and controls are every byte up to ' ', and DEL.
		if r <= ' ' || r == 0x7f || (r >= utf8.RuneSelf && (unicode.IsSpace(r) || unicode.IsControl(r))) {
			space = len(b) > 0
			continue
		}
		if space {
			b = append(b, ' ')
			space = false
		}
		if r < utf8.RuneSelf {
			b = append(b, byte(r))
		} else {
			b = utf8.AppendRune(b, r)
		}
	}
	return string(b)
}

// isCollapsedASCII reports whether s is ASCII that collapseSpace would
// leave as it is.
func isCollapsedASCII(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || c < ' ' || c == 0x7f || (c == ' ' && s[i-1] == ' ') {
			return false
		}
	}
	return true
}
