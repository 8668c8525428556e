package comments

import (
	"net/netip"
	"slices"
	"strings"

	"github.com/newsdesk/newsdesk/internal/search"
)

// ParseWordList reads a word list as a moderator types it in a text box:
// one entry a line (a word, a phrase, an address or an IP address),
// surrounding white space and blank lines ignored, and entries that match
// the same (the same words once case and diacritics are folded, or the
// same IP address) kept once, the first spelling winning.
func ParseWordList(text string) []string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	var out []string
	seen := map[string]bool{}
	for line := range strings.Lines(text) {
		entry := strings.TrimSpace(line)
		if entry == "" {
			continue
		}
		key := listKey(entry)
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, entry)
	}
	return out
}

// listKey is what two entries share when they match the same things.
func listKey(entry string) string {
	if p, ok := parseIPEntry(entry); ok {
		return "ip:" + p.String()
	}
	return "w:" + strings.Join(analyzer.Words(entry), " ")
}

// analyzer splits and folds words the way search does: lowercase,
// diacritics removed, split at anything that is not a letter or a digit.
// Only its stateless Words is used.
var analyzer search.Analyzer

// listEntry is one compiled entry of a word list.
type listEntry struct {
	text  string       // as the moderator typed it
	words []string     // its folded words; empty for an IP entry
	ip    netip.Prefix // valid for an IP entry (a single address is a /32 or /128)
}

// parseIPEntry reads an entry that is an IP address or a CIDR range.
func parseIPEntry(entry string) (netip.Prefix, bool) {
	if a, err := netip.ParseAddr(entry); err == nil && a.Zone() == "" {
		a = a.Unmap()
		return netip.PrefixFrom(a, a.BitLen()), true
	}
	if p, err := netip.ParsePrefix(entry); err == nil {
		if p.Addr().Is4In6() {
			if p.Bits() < 96 {
				return netip.Prefix{}, false
			}
			p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
		}
		return p.Masked(), true
	}
	return netip.Prefix{}, false
}

// compileList prepares the entries of a word list for matching; entries
// with no word and no address (punctuation alone) are dropped, since
// whole-word matching cannot find them.
func compileList(entries []string) []listEntry {
	out := make([]listEntry, 0, len(entries))
	for _, e := range entries {
		e = strings.TrimSpace(e)
		if p, ok := parseIPEntry(e); ok {
			out = append(out, listEntry{text: e, ip: p})
			continue
		}
		if words := analyzer.Words(e); len(words) > 0 {
			out = append(out, listEntry{text: e, words: words})
		}
	}
	return out
}

// textField is one field of a comment, split into folded words.
type textField struct {
	label string
	words []string
}

// commentFields splits the fields of c that word lists look in.
func commentFields(name, email, website, body, userAgent string) []textField {
	return []textField{
		{"name", analyzer.Words(name)},
		{"email address", analyzer.Words(email)},
		{"website", analyzer.Words(website)},
		{"comment", analyzer.Words(body)},
		{"browser", analyzer.Words(userAgent)},
	}
}

// match returns the first entry of list found in fields (as whole words,
// or a phrase of consecutive words, within one field) or equal to the
// client's address, and where it was found.
func match(list []listEntry, fields []textField, ip netip.Addr) (entry, where string, ok bool) {
	for _, e := range list {
		if e.ip.IsValid() {
			if ip.IsValid() && e.ip.Contains(ip) {
				return e.text, "address", true
			}
			continue
		}
		for _, f := range fields {
			if containsPhrase(f.words, e.words) {
				return e.text, f.label, true
			}
		}
	}
	return "", "", false
}

// containsPhrase reports whether phrase occurs in words as consecutive
// words.
func containsPhrase(words, phrase []string) bool {
	for i := 0; i+len(phrase) <= len(words); i++ {
		if words[i] == phrase[0] && slices.Equal(words[i:i+len(phrase)], phrase) {
			return true
		}
	}
	return false
}

// parseClientIP reads the client address as the web layer stores it; the
// zero Addr (matching no entry) when it is not one.
func parseClientIP(s string) netip.Addr {
	a, err := netip.ParseAddr(strings.TrimSpace(s))
	if err != nil {
		return netip.Addr{}
	}
	return a.WithZone("").Unmap()
}
