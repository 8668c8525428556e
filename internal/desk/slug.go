package desk

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/newsdesk/newsdesk/internal/model"
)

// MaxSlugLen is the longest slug an article may have, in bytes.
const MaxSlugLen = 80

// CheckSlug reports whether s can be an article's slug as typed: lower
// case ASCII letters and digits in words joined by single hyphens, as
// model.Slugify makes them. It returns a message for the writer.
func CheckSlug(s string) error {
	switch {
	case s == "":
		return fmt.Errorf("give the article an address (slug), or leave it empty to make one from the title")
	case len(s) > MaxSlugLen:
		return fmt.Errorf("the slug is %d characters long; keep it to %d", len(s), MaxSlugLen)
	}
	for i, r := range s {
		ok := r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' && i > 0 && i < len(s)-1 && s[i-1] != '-'
		if !ok {
			return fmt.Errorf("use only lower-case letters a–z, digits and single hyphens between words (such as %q)", model.Slugify(s, MaxSlugLen))
		}
	}
	return nil
}

// SlugFor returns the slug a writer typed, or one made from the title
// when they left it empty.
func SlugFor(typed, title string) string {
	if t := strings.TrimSpace(typed); t != "" {
		return t
	}
	return model.Slugify(title, MaxSlugLen)
}

// Limits on tags.
const (
	MaxTags     = 20
	MaxTagRunes = 40
)

// ParseTags reads tags typed as a comma-separated list: each is trimmed
// and its spaces collapsed, empty and repeated tags (ignoring case) are
// dropped, and the order is kept.
func ParseTags(typed string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for part := range strings.SplitSeq(typed, ",") {
		t := strings.Join(strings.Fields(part), " ")
		if t == "" || seen[strings.ToLower(t)] {
			continue
		}
		if n := utf8.RuneCountInString(t); n > MaxTagRunes {
			return nil, fmt.Errorf("the tag %q is %d characters long; keep tags to %d", t, n, MaxTagRunes)
		}
		seen[strings.ToLower(t)] = true
		out = append(out, t)
	}
	if len(out) > MaxTags {
		return nil, fmt.Errorf("%d tags is too many; keep to %d", len(out), MaxTags)
	}
	return out, nil
}

// JoinTags writes tags back as the form shows them.
func JoinTags(tags []string) string { return strings.Join(tags, ", ") }
