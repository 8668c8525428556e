package web

import (
	"strconv"
	"strings"
)

// Content codings the site sends, by preference when a client weighs
// them equally: brotli makes pages about a fifth smaller than gzip.
const (
	encBrotli = "br"
	encGzip   = "gzip"
)

// chooseEncoding reads Accept-Encoding (RFC 9110 section 12.5.3) and
// returns the coding to send: the one with the higher weight, brotli on
// a tie, "" (identity) when neither is acceptable. A coding is acceptable
// when it is listed, or "*" is, with a weight above zero; an explicit
// "br;q=0" refuses it whatever "*" says. brotli=false leaves brotli out
// (a response made without it).
func chooseEncoding(fields []string, brotli bool) string {
	brQ, gzipQ, starQ := -1.0, -1.0, -1.0
	for _, field := range fields {
		for _, item := range strings.Split(field, ",") {
			coding, params, _ := strings.Cut(item, ";")
			coding = strings.ToLower(strings.TrimSpace(coding))
			q := 1.0
			for _, p := range strings.Split(params, ";") {
				k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
				if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
					f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
					if err != nil || f < 0 || f > 1 {
						f = 0 // a weight that does not parse is no consent
					}
					q = f
				}
			}
			switch coding {
			case "br":
				brQ = max(brQ, q)
			case "gzip", "x-gzip":
				gzipQ = max(gzipQ, q)
			case "*":
				starQ = max(starQ, q)
			}
		}
	}
	if brQ < 0 {
		brQ = starQ
	}
	if gzipQ < 0 {
		gzipQ = starQ
	}
	if !brotli {
		brQ = 0
	}
	switch {
	case brQ > 0 && brQ >= gzipQ:
		return encBrotli
	case gzipQ > 0:
		return encGzip
	}
	return ""
}

// noneMatch reports whether If-None-Match fields match etag, the strong
// tag of the representation this request would get: "*" matches any,
// and a listed tag matches by the weak comparison RFC 9110 section
// 13.1.2 prescribes for If-None-Match (W/ is ignored on both sides).
// A malformed list matches nothing, so the client gets the full answer.
func noneMatch(fields []string, etag string) bool {
	want := strings.TrimPrefix(etag, "W/")
	for _, field := range fields {
		rest := strings.TrimSpace(field)
		if rest == "*" {
			return true
		}
		for rest != "" {
			tag, remain, ok := scanTag(rest)
			if !ok {
				break
			}
			if strings.TrimPrefix(tag, "W/") == want {
				return true
			}
			rest = remain
		}
	}
	return false
}

// scanTag reads one entity tag from the start of a comma-separated list
// and returns it with what follows the next comma.
func scanTag(s string) (tag, rest string, ok bool) {
	s = strings.TrimLeft(s, " \t,")
	start := s
	s = strings.TrimPrefix(s, "W/")
	if len(s) < 2 || s[0] != '"' {
		return "", "", false
	}
	end := strings.IndexByte(s[1:], '"')
	if end < 0 {
		return "", "", false
	}
	n := len(start) - len(s) + end + 2
	tag, rest = start[:n], strings.TrimLeft(start[n:], " \t")
	if rest != "" && rest[0] != ',' {
		return "", "", false
	}
	return tag, strings.TrimPrefix(rest, ","), true
}
