// Package site holds the settings that make a newsdesk site its own:
// name, tagline, contact phone, copyright holder, time zone, base URL and
// the share targets offered under each article.
package site

import (
	"net/netip"
	"time"
)

// Settings are the site-wide settings every page renders with.
type Settings struct {
	Name            string
	Tagline         string
	Phone           string // shown as a tel: link
	CopyrightHolder string
	Location        *time.Location // the site's time zone; dates render in it
	BaseURL         string         // absolute, without trailing slash, e.g. "https://news.example.com"
	ShareTargets    []string       // subset of AllShareTargets, in display order
	// Language is the language articles are searched in (stemming):
	// one of internal/search.Languages; "" means English.
	Language string
	// SearchHalfLife is the age at which an article's recency boost in
	// search relevance halves; zero means the store's default (7 days).
	SearchHalfLife time.Duration
	// TrustedProxies are the reverse proxies in front of the site whose
	// X-Forwarded-For header names the client, for rate limits.
	TrustedProxies []netip.Prefix
	// AllowPrivate lists the non-public networks the fetch client may
	// reach anyway (feeds on the newsroom's own network).
	AllowPrivate []netip.Prefix
}

// AllShareTargets are the share targets newsdesk knows, in default order.
var AllShareTargets = []string{"facebook", "x", "whatsapp", "telegram", "linkedin", "reddit", "email", "copy"}

// Defaults returns the settings of a fresh install.
func Defaults() Settings {
	return Settings{
		Name:            "newsdesk",
		Tagline:         "All your news, one platform",
		Phone:           "+1 555 0100",
		CopyrightHolder: "newsdesk",
		Location:        time.UTC,
		BaseURL:         "http://127.0.0.1:8080",
		ShareTargets:    append([]string(nil), AllShareTargets...),
		Language:        "english",
	}
}

// Now returns the current time in the site's time zone.
func (s Settings) Now() time.Time {
	loc := s.Location
	if loc == nil {
		loc = time.UTC
	}
	return time.Now().In(loc)
}
