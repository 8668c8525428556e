package web

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// ClientAddr is the address a request comes from, as the site's rate
// limits and comment rules name it: see clientAddr. The admin area and
// other handlers mounted beside the site use it to agree with them.
func ClientAddr(r *http.Request, trusted []netip.Prefix) (netip.Addr, bool) {
	return clientAddr(r, trusted)
}

// clientAddr is the address a request comes from. The peer's address is
// taken as it is unless the peer is one of the trusted proxies: then the
// X-Forwarded-For header is read from its right end, skipping the
// trusted proxies that appended to it, and the first address that is not
// one of them is the client (the left part of the header is whatever the
// client sent, and proves nothing). Without a usable header the peer's
// address stands. An invalid peer address is returned as !ok.
func clientAddr(r *http.Request, trusted []netip.Prefix) (netip.Addr, bool) {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	peer, err := netip.ParseAddr(host)
	if err != nil {
		return netip.Addr{}, false
	}
	peer = peer.Unmap().WithZone("")
	if !isTrusted(peer, trusted) {
		return peer, true
	}
	hops := r.Header.Values("X-Forwarded-For")
	for i := len(hops) - 1; i >= 0; i-- {
		parts := strings.Split(hops[i], ",")
		for j := len(parts) - 1; j >= 0; j-- {
			a, err := netip.ParseAddr(strings.TrimSpace(parts[j]))
			if err != nil {
				return peer, true // a garbled hop: nothing left of it is known
			}
			a = a.Unmap().WithZone("")
			if !isTrusted(a, trusted) {
				return a, true
			}
		}
	}
	return peer, true
}

func isTrusted(a netip.Addr, trusted []netip.Prefix) bool {
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// ParseTrustedProxies reads a comma-separated list of addresses and
// networks ("10.0.0.0/8, 192.0.2.7, ::1").
func ParseTrustedProxies(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for f := range strings.SplitSeq(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if strings.Contains(f, "/") {
			p, err := netip.ParsePrefix(f)
			if err != nil {
				return nil, &proxyError{f}
			}
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, &proxyError{f}
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

type proxyError struct{ value string }

func (e *proxyError) Error() string {
	return "trusted proxy " + quoteForError(e.value) + " is not an IP address or CIDR network (e.g. 10.0.0.0/8)"
}

func quoteForError(s string) string {
	if len(s) > 60 {
		s = s[:60] + "…"
	}
	return `"` + strings.ToValidUTF8(s, "?") + `"`
}

// peerTrusted reports whether the request's peer is a trusted proxy.
func peerTrusted(r *http.Request, trusted []netip.Prefix) bool {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	peer, err := netip.ParseAddr(host)
	return err == nil && isTrusted(peer.Unmap().WithZone(""), trusted)
}
