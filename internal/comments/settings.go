package comments

import (
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The discussion settings an admin edits, as they are kept in the
// store's settings (store.SettingStore). A key never set reads as its
// default.
const (
	KeyModerationWords = "discussion.moderation_words" // one entry a line
	KeyDisallowedWords = "discussion.disallowed_words" // one entry a line
	KeyHoldLinks       = "discussion.hold_links"       // 0: links never hold a comment
	KeyHoldFirst       = "discussion.hold_first"       // "true" or "false"
	KeyMaxDepth        = "discussion.thread_depth"     // levels of replies; 1: none
	KeyCloseAfterDays  = "discussion.close_after_days" // 0: never
	KeyPerPage         = "discussion.per_page"         // top-level threads a page
	KeyNewestFirst     = "discussion.newest_first"     // "true" or "false"
	// KeySecret holds the form tokens' key (hex). It is made once, on
	// first use, and shared by every process serving the site.
	KeySecret = "discussion.form_secret"
)

// DefaultPerPage is the number of top-level threads an article page shows.
const DefaultPerPage = 50

// Settings are a site's discussion settings.
type Settings struct {
	Policy      Policy
	PerPage     int  // top-level threads a page; at least 1
	NewestFirst bool // threads newest first instead of oldest first
}

// DefaultSettings are the settings of a site that changed none.
func DefaultSettings() Settings {
	return Settings{Policy: DefaultPolicy(), PerPage: DefaultPerPage}
}

// Bounds of the numbers an admin may set.
const (
	maxHoldLinks = 100
	maxDepth     = 20
	maxCloseDays = 36500
	maxPerPage   = 500
)

// SettingsFrom reads the discussion settings from the store's key-value
// settings; absent keys keep their defaults. A malformed value is an
// error naming the setting, so a bad edit is refused rather than
// silently ignored.
func SettingsFrom(kv map[string]string) (Settings, error) {
	s := DefaultSettings()
	p := &s.Policy
	if v, ok := kv[KeyModerationWords]; ok {
		p.ModerationWords = ParseWordList(v)
	}
	if v, ok := kv[KeyDisallowedWords]; ok {
		p.DisallowedWords = ParseWordList(v)
	}
	ints := []struct {
		key      string
		dst      *int
		min, max int
		what     string
	}{
		{KeyHoldLinks, &p.HoldLinks, 0, maxHoldLinks, "the number of links that holds a comment"},
		{KeyMaxDepth, &p.MaxDepth, 1, maxDepth, "the depth of threads"},
		{KeyPerPage, &s.PerPage, 1, maxPerPage, "the number of threads a page"},
	}
	for _, f := range ints {
		v, ok := kv[f.key]
		if !ok {
			continue
		}
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n < f.min || n > f.max {
			return Settings{}, fmt.Errorf("%s must be a whole number from %d to %d, not %q", f.what, f.min, f.max, v)
		}
		*f.dst = n
	}
	if v, ok := kv[KeyCloseAfterDays]; ok {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n < 0 || n > maxCloseDays {
			return Settings{}, fmt.Errorf("the days after which comments close must be a whole number from 0 (never) to %d, not %q", maxCloseDays, v)
		}
		p.CloseAfter = time.Duration(n) * 24 * time.Hour
	}
	bools := []struct {
		key  string
		dst  *bool
		what string
	}{
		{KeyHoldFirst, &p.HoldFirst, "holding a new address's first comment"},
		{KeyNewestFirst, &s.NewestFirst, "the order of threads"},
	}
	for _, f := range bools {
		v, ok := kv[f.key]
		if !ok {
			continue
		}
		b, err := strconv.ParseBool(strings.TrimSpace(v))
		if err != nil {
			return Settings{}, fmt.Errorf("%s must be true or false, not %q", f.what, v)
		}
		*f.dst = b
	}
	return s, nil
}

// Values are the settings as the store keeps them (every key but the
// secret), for SetSettings.
func (s Settings) Values() map[string]string {
	p := s.Policy
	return map[string]string{
		KeyModerationWords: strings.Join(p.ModerationWords, "\n"),
		KeyDisallowedWords: strings.Join(p.DisallowedWords, "\n"),
		KeyHoldLinks:       strconv.Itoa(p.HoldLinks),
		KeyHoldFirst:       strconv.FormatBool(p.HoldFirst),
		KeyMaxDepth:        strconv.Itoa(p.MaxDepth),
		KeyCloseAfterDays:  strconv.Itoa(int(p.CloseAfter / (24 * time.Hour))),
		KeyPerPage:         strconv.Itoa(s.PerPage),
		KeyNewestFirst:     strconv.FormatBool(s.NewestFirst),
	}
}

// SecretFrom reads the form tokens' key from the settings; ok is false
// when there is none yet or it is not a valid key (then the caller makes
// one with NewSecret and stores it under KeySecret as EncodeSecret).
func SecretFrom(kv map[string]string) (secret []byte, ok bool) {
	b, err := hex.DecodeString(kv[KeySecret])
	if err != nil || len(b) < MinSecretLen {
		return nil, false
	}
	return b, true
}

// EncodeSecret is a key as SecretFrom reads it.
func EncodeSecret(secret []byte) string { return hex.EncodeToString(secret) }
