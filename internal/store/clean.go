package store

import (
	"strings"
	"unicode/utf8"

	"github.com/newsdesk/newsdesk/internal/model"
)

// PostgreSQL text holds neither NUL bytes nor invalid UTF-8, and rejects a
// whole statement over one such byte; SQLite would store both as given.
// Feeds and HTTP error messages carry both at times, and every backend
// must keep the same strings, so stored text goes through Clean first.

// Clean makes s storable: invalid bytes become U+FFFD and NULs are dropped.
func Clean(s string) string {
	return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "")
}

// Findable reports whether s could equal stored (cleaned) text. A look-up
// of a key that could not be stored answers "not found" without asking
// the database, which might reject the key with an error instead.
func Findable(s string) bool {
	return utf8.ValidString(s) && !strings.Contains(s, "\x00")
}

// CleanArticle cleans every text field of a that a backend stores. The
// names joined in from other tables (SourceName, CategorySlug) are read,
// never written, and Kind is one of model's constants.
func CleanArticle(a model.Article) model.Article {
	for _, f := range []*string{&a.GUID, &a.URL, &a.CanonicalURL, &a.Slug, &a.Title, &a.Excerpt,
		&a.ContentHTML, &a.ContentText, &a.Byline, &a.ImageURL, &a.ImageCredit, &a.Credit,
		&a.Category, &a.Language, &a.ContentHash, &a.CreditURL, &a.ImageCaption} {
		*f = Clean(*f)
	}
	if a.Tags != nil {
		// A copy: the caller's slice is not ours to change.
		tags := make([]string, len(a.Tags))
		for i, t := range a.Tags {
			tags[i] = Clean(t)
		}
		a.Tags = tags
	}
	return a
}

// CleanSource cleans every text field of src, its fetch state included.
func CleanSource(src model.Source) model.Source {
	for _, f := range []*string{&src.FeedURL, &src.SiteURL, &src.Name, &src.Category} {
		*f = Clean(*f)
	}
	src.State = CleanState(src.State)
	return src
}

// CleanState cleans the text fields of a fetch state.
func CleanState(st model.FetchState) model.FetchState {
	for _, f := range []*string{&st.LastError, &st.ETag, &st.LastModified} {
		*f = Clean(*f)
	}
	return st
}
