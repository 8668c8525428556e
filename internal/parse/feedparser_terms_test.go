package parse

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// fpCheck evaluates one mapped term against Parse's outcome and returns
// whether it holds and what was found, for the failure samples.
type fpCheck func(out fpOutcome) (bool, string)

// fpMapTerm maps a feedparser term onto our model. It returns the key the
// term is reported under and its check, or ok=false when our model cannot
// express the term faithfully. The mapping, and the rules behind it:
//
//   - bozo false: Parse returned no error. bozo true is unmapped: feedparser
//     flags ill-formed input yet still returns what it could read, while
//     our API has no "read with complaints" signal, only outright refusal,
//     and refusing is not what the expectation asks for.
//   - feed.title, feed.title_detail.value → Feed.Title; feed.link →
//     SiteURL; feed.language → Language.
//   - entries[i] → Items[i]; title/title_detail.value → Title; link → URL;
//     id/guid → GUID; author/author_detail.name → Author;
//     tags[k].term → Categories[k]; image.href, media_thumbnail[0].url,
//     media_content[0].url → ImageURL.
//   - summary, description, summary_detail.value → SummaryHTML, or
//     ContentHTML when SummaryHTML is empty: feedparser copies the first
//     content into summary when an entry has none, and our SummaryHTML
//     does not. content[0].value → ContentHTML.
//   - published_parsed → Published, updated_parsed → Updated, compared on
//     year, month, day, hour, minute, second in UTC; the weekday, yearday
//     and DST slots of the Python tuple follow from those.
//   - len(entries) → len(Items); len(entries[i].tags) → len(Categories).
//
// Plain-text fields (titles, author, categories) are compared after
// reducing feedparser's value to plain text the way our model promises:
// markup dropped, entities decoded, whitespace collapsed. HTML fields are
// compared as canonical HTML (see fpCanonHTML), because feedparser and we
// may spell the same markup differently; neither side is otherwise changed.
// fpBozoKey reports the bozo=false checks.
const fpBozoKey = "bozo=false"

func fpMapTerm(tm fpTerm) (string, fpCheck, bool) {
	switch {
	case tm.Bozo != nil:
		if *tm.Bozo {
			return "", nil, false
		}
		return fpBozoKey, func(out fpOutcome) (bool, string) {
			return out.err == nil, fmt.Sprint(out.err)
		}, true
	case tm.Len != nil:
		return fpMapLen(tm)
	case tm.Path != nil:
		return fpMapPath(tm)
	}
	return "", nil, false
}

func fpMapLen(tm fpTerm) (string, fpCheck, bool) {
	var want int
	if err := json.Unmarshal(tm.Eq, &want); err != nil {
		return "", nil, false
	}
	p := fpPathKey(tm.Len)
	switch {
	case p == "entries":
		return "len(entries)", func(out fpOutcome) (bool, string) {
			if out.err != nil {
				return false, out.err.Error()
			}
			return len(out.feed.Items) == want, strconv.Itoa(len(out.feed.Items))
		}, true
	case p == "entries[].tags":
		i := fpIndex(tm.Len, 1)
		return "len(entries[].tags)", fpItemCheck(i, func(it Item) (bool, string) {
			return len(it.Categories) == want, strconv.Itoa(len(it.Categories))
		}), true
	}
	return "", nil, false
}

func fpMapPath(tm fpTerm) (string, fpCheck, bool) {
	key := fpPathKey(tm.Path)
	if strings.HasPrefix(key, "feed.") {
		return fpMapFeedPath(key, tm.Eq)
	}
	if !strings.HasPrefix(key, "entries[].") {
		return "", nil, false
	}
	i := fpIndex(tm.Path, 1)
	field := strings.TrimPrefix(key, "entries[].")
	if field == "published_parsed" || field == "updated_parsed" {
		return fpMapDate(key, i, tm.Eq)
	}
	var want *string
	if err := json.Unmarshal(tm.Eq, &want); err != nil {
		return "", nil, false
	}
	w := ""
	if want != nil {
		w = *want
	}
	if field == "tags[].term" {
		k := fpIndex(tm.Path, 3)
		return key, fpItemCheck(i, func(it Item) (bool, string) {
			if k >= len(it.Categories) {
				return false, fmt.Sprintf("only %d categories", len(it.Categories))
			}
			return fpPlain(w) == collapse(it.Categories[k]), it.Categories[k]
		}), true
	}
	if (field == "content[].value" || field == "media_thumbnail[].url" ||
		field == "media_content[].url") && fpIndex(tm.Path, 3) != 0 {
		return "", nil, false
	}
	get, cmp, ok := fpItemField(field)
	if !ok {
		return "", nil, false
	}
	return key, fpItemCheck(i, func(it Item) (bool, string) {
		got := get(it)
		return cmp(w, got), got
	}), true
}

// fpItemField picks the Item field a feedparser entry field maps to and
// how the two are compared.
func fpItemField(field string) (func(Item) string, func(want, got string) bool, bool) {
	switch field {
	case "title", "title_detail.value":
		return func(it Item) string { return it.Title }, fpEqPlain, true
	case "link":
		return func(it Item) string { return it.URL }, fpEqExact, true
	case "id", "guid":
		return func(it Item) string { return it.GUID }, fpEqExact, true
	case "author", "author_detail.name":
		return func(it Item) string { return it.Author }, fpEqPlain, true
	case "summary", "description", "summary_detail.value":
		return func(it Item) string {
			if it.SummaryHTML != "" {
				return it.SummaryHTML
			}
			return it.ContentHTML
		}, fpEqHTML, true
	case "content[].value":
		return func(it Item) string { return it.ContentHTML }, fpEqHTML, true
	case "image.href", "media_thumbnail[].url", "media_content[].url":
		return func(it Item) string { return it.ImageURL }, fpEqExact, true
	}
	return nil, nil, false
}

func fpMapFeedPath(key string, eq json.RawMessage) (string, fpCheck, bool) {
	var want *string
	if err := json.Unmarshal(eq, &want); err != nil {
		return "", nil, false
	}
	w := ""
	if want != nil {
		w = *want
	}
	var get func(*Feed) string
	cmp := fpEqExact
	switch key {
	case "feed.title", "feed.title_detail.value":
		get, cmp = func(f *Feed) string { return f.Title }, fpEqPlain
	case "feed.link":
		get = func(f *Feed) string { return f.SiteURL }
	case "feed.language":
		get = func(f *Feed) string { return f.Language }
	default:
		return "", nil, false
	}
	return key, func(out fpOutcome) (bool, string) {
		if out.err != nil {
			return false, "error: " + out.err.Error()
		}
		got := get(out.feed)
		return cmp(w, got), got
	}, true
}

// fpMapDate compares a Python time tuple, or None, with an item time.
func fpMapDate(key string, i int, eq json.RawMessage) (string, fpCheck, bool) {
	var tuple []int
	if err := json.Unmarshal(eq, &tuple); err != nil || (tuple != nil && len(tuple) < 6) {
		return "", nil, false
	}
	pick := func(it Item) time.Time { return it.Published }
	if strings.HasSuffix(key, "updated_parsed") {
		pick = func(it Item) time.Time { return it.Updated }
	}
	return key, fpItemCheck(i, func(it Item) (bool, string) {
		got := pick(it)
		if tuple == nil {
			return got.IsZero(), got.String()
		}
		want := time.Date(tuple[0], time.Month(tuple[1]), tuple[2], tuple[3], tuple[4], tuple[5], 0, time.UTC)
		return !got.IsZero() && got.UTC().Truncate(time.Second).Equal(want), got.UTC().String()
	}), true
}

// fpItemCheck runs check on Items[i], failing when Parse failed or kept
// fewer items.
func fpItemCheck(i int, check func(Item) (bool, string)) fpCheck {
	return func(out fpOutcome) (bool, string) {
		if out.err != nil {
			return false, "error: " + out.err.Error()
		}
		if i < 0 || i >= len(out.feed.Items) {
			return false, fmt.Sprintf("only %d items (%d skipped)", len(out.feed.Items), len(out.feed.Skipped))
		}
		return check(out.feed.Items[i])
	}
}

// fpPathKey writes a path with its indexes elided: entries[].tags[].term.
func fpPathKey(p []any) string {
	var b strings.Builder
	for _, el := range p {
		switch v := el.(type) {
		case string:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(v)
		case float64:
			b.WriteString("[]")
		}
	}
	return b.String()
}

// fpIndex is the integer at position n of a path, or -1.
func fpIndex(p []any, n int) int {
	if n >= len(p) {
		return -1
	}
	if v, ok := p[n].(float64); ok {
		return int(v)
	}
	return -1
}

func fpEqExact(want, got string) bool { return strings.TrimSpace(want) == strings.TrimSpace(got) }

func fpEqPlain(want, got string) bool { return fpPlain(want) == collapse(got) }

func fpEqHTML(want, got string) bool { return fpCanonHTML(want) == fpCanonHTML(got) }
