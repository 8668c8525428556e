package web

import (
	"bytes"
	"fmt"
	"html"
	"html/template"
	"strconv"
	"strings"

	"github.com/newsdesk/newsdesk/internal/comments"
)

// blankForm is the "Leave a Reply" form as most page views show it (a
// new thread, nothing typed, no error) rendered once, with markers where
// each page's own values go. Every article page carries the form, and
// html/template's escaping of its two dozen values would cost more than
// the rest of the page's template.
type blankForm struct {
	parts []string // the HTML between the markers
	slots []int    // which value goes after each part but the last
}

// The markers of blankForm's values: strings the template's escaping
// leaves as they are, that no page holds otherwise.
const (
	markArticle = int64(7290035581047303)
	markCancel  = "zzNewsdeskCancelURLzz"
	markToken   = "zzNewsdeskTokenzz"
)

const (
	slotArticle = iota
	slotCancel
	slotToken
)

// newBlankForm renders the comment-form template with the markers.
func newBlankForm(pages *pageSet) (*blankForm, error) {
	t, ok := pages.byName["article"]
	if !ok {
		return nil, fmt.Errorf("web: no article template")
	}
	var buf bytes.Buffer
	err := t.ExecuteTemplate(&buf, "comment-form", &commentForm{
		ArticleID: markArticle,
		CancelURL: markCancel,
		Token:     markToken,
		Limits:    newFormLimits(commentLimits),
	})
	if err != nil {
		return nil, fmt.Errorf("web: render the comment form: %w", err)
	}
	marks := map[string]int{strconv.FormatInt(markArticle, 10): slotArticle, markCancel: slotCancel, markToken: slotToken}
	f := &blankForm{}
	rest := buf.String()
	for {
		at, which, mark := -1, 0, ""
		for m, slot := range marks {
			if i := strings.Index(rest, m); i >= 0 && (at < 0 || i < at) {
				at, which, mark = i, slot, m
			}
		}
		if at < 0 {
			break
		}
		f.parts = append(f.parts, rest[:at])
		f.slots = append(f.slots, which)
		rest = rest[at+len(mark):]
	}
	f.parts = append(f.parts, rest)
	if len(f.slots) != 3 {
		return nil, fmt.Errorf("web: the comment form template holds %d of its 3 values where expected", len(f.slots))
	}
	return f, nil
}

// render fills the blank form for one page view, escaping each value as
// the template would in its attribute.
func (b *blankForm) render(f *commentForm) template.HTML {
	values := [...]string{
		slotArticle: strconv.FormatInt(f.ArticleID, 10),
		slotCancel:  html.EscapeString(f.CancelURL),
		slotToken:   html.EscapeString(f.Token),
	}
	var sb strings.Builder
	n := 0
	for _, p := range b.parts {
		n += len(p)
	}
	sb.Grow(n + 256)
	for i, p := range b.parts {
		sb.WriteString(p)
		if i < len(b.slots) {
			sb.WriteString(values[b.slots[i]])
		}
	}
	return template.HTML(sb.String())
}

// blank reports whether a form is the one blankForm renders: a new
// thread with nothing typed and nothing to say, whose values need no
// escaping but HTML's (a token is base64url, a cancel link a plain
// path; anything else goes through the template).
func (f *commentForm) blank() bool {
	return f.ParentID == 0 && f.ReplyTo == "" && f.Message == "" && len(f.Errors) == 0 && len(f.Summary) == 0 &&
		f.Values == (comments.Form{}) && plainText(f.Token, "-_") && plainText(f.CancelURL, "-._~!#$&*,/:;=?@[]%")
}

// plainText reports whether s holds only ASCII letters, digits and the
// bytes of extra: characters that html/template writes into an
// attribute value (and a URL attribute) as html.EscapeString does.
func plainText(s, extra string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte(extra, c) >= 0) {
			return false
		}
	}
	return true
}
