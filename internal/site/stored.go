package site

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/newsdesk/newsdesk/internal/fetch"
)

// The keys under which an admin's site settings are stored (the settings
// table, beside the discussion settings). A key absent from the store
// leaves the value the process started with (flags, environment, config
// file); a stored value overrides it.
const (
	KeyName         = "site.name"
	KeyTagline      = "site.tagline"
	KeyPhone        = "site.phone"
	KeyCopyright    = "site.copyright"
	KeyTimeZone     = "site.timezone"      // an IANA name, e.g. "Europe/Paris"
	KeyBaseURL      = "site.base_url"      // absolute http(s), no trailing slash
	KeyShareTargets = "site.share_targets" // comma-separated, in display order
	KeyAllowPrivate = "site.allow_private" // comma-separated CIDRs or addresses
)

// Keys lists the stored site settings, in form order.
var Keys = []string{KeyName, KeyTagline, KeyPhone, KeyCopyright, KeyTimeZone, KeyBaseURL, KeyShareTargets, KeyAllowPrivate}

// Bounds on the texts an admin types.
const (
	maxNameChars  = 100
	maxLineChars  = 200
	maxPhoneChars = 40
	maxBaseURL    = 300
)

// Values returns the editable settings as text, by key, as the store
// keeps them and the settings form shows them.
func (s Settings) Values() map[string]string {
	loc := "UTC"
	if s.Location != nil {
		loc = s.Location.String()
	}
	allow := make([]string, len(s.AllowPrivate))
	for i, p := range s.AllowPrivate {
		allow[i] = p.String()
	}
	return map[string]string{
		KeyName:         s.Name,
		KeyTagline:      s.Tagline,
		KeyPhone:        s.Phone,
		KeyCopyright:    s.CopyrightHolder,
		KeyTimeZone:     loc,
		KeyBaseURL:      s.BaseURL,
		KeyShareTargets: strings.Join(s.ShareTargets, ","),
		KeyAllowPrivate: strings.Join(allow, ", "),
	}
}

// Apply returns base with the stored values of kv laid over it (keys of
// other settings are ignored), and one error per key whose value is
// refused; a refused value leaves base's. Values are read as Parse reads
// them.
func Apply(base Settings, kv map[string]string) (Settings, map[string]error) {
	out := base
	out.ShareTargets = slices.Clone(base.ShareTargets)
	out.AllowPrivate = slices.Clone(base.AllowPrivate)
	errs := map[string]error{}
	for _, k := range Keys {
		v, ok := kv[k]
		if !ok {
			continue
		}
		if err := set(&out, k, v); err != nil {
			errs[k] = err
		}
	}
	return out, errs
}

// Check says what is wrong with value as the setting key, nil when it
// may be stored.
func Check(key, value string) error {
	var s Settings
	return set(&s, key, value)
}

// Normalize returns value as the store keeps it: trimmed, the base URL
// without its trailing slash, share targets lowercased.
func Normalize(key, value string) string {
	value = strings.TrimSpace(value)
	switch key {
	case KeyBaseURL:
		return strings.TrimRight(value, "/")
	case KeyShareTargets:
		var parts []string
		for _, t := range strings.Split(value, ",") {
			if t = strings.ToLower(strings.TrimSpace(t)); t != "" {
				parts = append(parts, t)
			}
		}
		return strings.Join(parts, ",")
	}
	return value
}

func set(s *Settings, key, value string) error {
	value = Normalize(key, value)
	switch key {
	case KeyName:
		if value == "" {
			return errors.New("the site needs a name")
		}
		return text(&s.Name, value, maxNameChars)
	case KeyTagline:
		return text(&s.Tagline, value, maxLineChars)
	case KeyCopyright:
		return text(&s.CopyrightHolder, value, maxLineChars)
	case KeyPhone:
		if strings.IndexFunc(value, func(r rune) bool {
			return !unicode.IsDigit(r) && !strings.ContainsRune("+-()./ ", r)
		}) >= 0 {
			return errors.New("a phone number holds digits, spaces and + - ( ) . / only")
		}
		return text(&s.Phone, value, maxPhoneChars)
	case KeyTimeZone:
		// "Local" would follow the server's own setting, which the
		// admin cannot see: only real zone names.
		if value == "" || value == "Local" {
			return fmt.Errorf("name a time zone such as Europe/Paris or UTC")
		}
		loc, err := time.LoadLocation(value)
		if err != nil {
			return fmt.Errorf("%q is not a time zone this server knows (use an IANA name such as Europe/Paris or America/New_York)", value)
		}
		s.Location = loc
	case KeyBaseURL:
		u, err := url.Parse(value)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
			u.RawQuery != "" || u.Fragment != "" || len(value) > maxBaseURL || !utf8.ValidString(value) {
			return fmt.Errorf("the base URL must be an absolute http:// or https:// address without query, e.g. https://news.example.com")
		}
		s.BaseURL = value
	case KeyShareTargets:
		out := []string{} // none ticked means none shown, not the default
		for _, t := range strings.Split(value, ",") {
			if t == "" {
				continue
			}
			if !slices.Contains(AllShareTargets, t) {
				return fmt.Errorf("unknown share target %q (known: %s)", t, strings.Join(AllShareTargets, ", "))
			}
			if !slices.Contains(out, t) {
				out = append(out, t)
			}
		}
		s.ShareTargets = out
	case KeyAllowPrivate:
		allow, err := fetch.ParseAllowList(value)
		if err != nil {
			return errors.New(strings.TrimPrefix(err.Error(), "fetch: allow-private: "))
		}
		s.AllowPrivate = allow
	default:
		return fmt.Errorf("unknown site setting %q", key)
	}
	return nil
}

// text stores a one-line printable value of at most max characters.
func text(dst *string, value string, max int) error {
	if !utf8.ValidString(value) || strings.IndexFunc(value, unicode.IsControl) >= 0 {
		return errors.New("use plain text on one line")
	}
	if n := utf8.RuneCountInString(value); n > max {
		return fmt.Errorf("at most %d characters (this has %d)", max, n)
	}
	*dst = value
	return nil
}
