package postgres

import (
	"strings"
	"unicode/utf8"

	"github.com/newsdesk/newsdesk/internal/model"
)

// PostgreSQL text holds neither NUL bytes nor invalid UTF-8, and rejects
// a whole statement over one such byte. Feeds and HTTP error messages
// carry both at times, so stored text is cleaned first: invalid bytes
// become U+FFFD and NULs are dropped. The SQLite backend does the same,
// so both store the same strings.
func clean(s string) string {
	return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "")
}

// findable reports whether s could equal stored text. Look-ups of keys
// that could not be stored answer "not found" without asking the server,
// which would reject them with an error.
func findable(s string) bool {
	return utf8.ValidString(s) && !strings.Contains(s, "\x00")
}

func cleanArticle(a model.Article) model.Article {
	for _, f := range []*string{&a.GUID, &a.URL, &a.CanonicalURL, &a.Slug, &a.Title, &a.Excerpt,
		&a.ContentHTML, &a.ContentText, &a.Byline, &a.ImageURL, &a.ImageCredit, &a.Credit,
		&a.Category, &a.Language, &a.ContentHash} {
		*f = clean(*f)
	}
	return a
}

func cleanSource(src model.Source) model.Source {
	for _, f := range []*string{&src.FeedURL, &src.SiteURL, &src.Name, &src.Category} {
		*f = clean(*f)
	}
	src.State = cleanState(src.State)
	return src
}

func cleanState(st model.FetchState) model.FetchState {
	for _, f := range []*string{&st.LastError, &st.ETag, &st.LastModified} {
		*f = clean(*f)
	}
	return st
}
