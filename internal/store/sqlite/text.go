package sqlite

import (
	"strings"
	"unicode/utf8"

	"github.com/newsdesk/newsdesk/internal/model"
)

// SQLite would store NUL bytes and invalid UTF-8 as given, but PostgreSQL
// refuses them, and both backends must keep the same strings. So stored
// text is cleaned first: invalid bytes become U+FFFD and NULs are dropped.
func clean(s string) string {
	return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "")
}

// findable reports whether s could equal stored text.
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
