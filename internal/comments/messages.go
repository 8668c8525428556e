package comments

import (
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ReaderMessage returns the sentence to show a reader whose comment was
// not taken because of err: a Rejection's message, or for a token error
// (ErrTokenInvalid, ErrTokenWrongArticle, ErrTokenTooFast,
// ErrTokenExpired) its text without the details Check adds for the log.
// Any other error is the site's problem, not the reader's, and gets a
// general sentence that reveals nothing about it.
func ReaderMessage(err error) string {
	var rej *Rejection
	if errors.As(err, &rej) {
		return rej.Message
	}
	for _, sentinel := range []error{ErrTokenInvalid, ErrTokenWrongArticle, ErrTokenTooFast, ErrTokenExpired} {
		if errors.Is(err, sentinel) {
			return sentence(sentinel.Error())
		}
	}
	return "Your comment could not be posted just now; please try again."
}

// sentence capitalizes an error text and ends it with a period.
func sentence(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	s = string(unicode.ToUpper(r)) + s[size:]
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}
