package fetch

import (
	"fmt"
	"net"
	"net/netip"
	"strings"
	"syscall"
)

// nonPublic lists the destinations a news fetcher has no business
// reaching: a feed URL is user input, and without this check it could
// read the operator's internal services (SSRF).
var nonPublic = mustPrefixes(
	"0.0.0.0/8",       // "this network"
	"10.0.0.0/8",      // RFC 1918
	"100.64.0.0/10",   // CGNAT, RFC 6598
	"127.0.0.0/8",     // loopback
	"169.254.0.0/16",  // link-local, incl. 169.254.169.254 cloud metadata
	"172.16.0.0/12",   // RFC 1918
	"192.0.0.0/24",    // IETF protocol assignments
	"192.0.2.0/24",    // TEST-NET-1
	"192.88.99.0/24",  // deprecated 6to4 relay anycast, RFC 7526
	"192.168.0.0/16",  // RFC 1918
	"198.18.0.0/15",   // benchmarking
	"198.51.100.0/24", // TEST-NET-2
	"203.0.113.0/24",  // TEST-NET-3
	"224.0.0.0/4",     // multicast
	"240.0.0.0/4",     // reserved, incl. broadcast
	"::/96",           // unspecified, loopback, deprecated IPv4-compatible ::a.b.c.d
	"::ffff:0:0/96",   // IPv4-mapped: would smuggle any IPv4 address
	"64:ff9b::/96",    // NAT64, RFC 6052: embeds an IPv4 address
	"64:ff9b:1::/48",  // local-use NAT64, RFC 8215
	"100::/64",        // discard-only
	"2001::/32",       // Teredo: embeds an IPv4 address
	"2001:2::/48",     // benchmarking
	"2001:db8::/32",   // documentation
	"2002::/16",       // 6to4: embeds an IPv4 address
	"3fff::/20",       // documentation, RFC 9637
	"5f00::/16",       // SRv6 SIDs, RFC 9602
	"fc00::/7",        // unique local (ULA)
	"fe80::/10",       // link-local
	"fec0::/10",       // deprecated site-local
	"ff00::/8",        // multicast
)

func mustPrefixes(ss ...string) []netip.Prefix {
	out := make([]netip.Prefix, len(ss))
	for i, s := range ss {
		out[i] = netip.MustParsePrefix(s)
	}
	return out
}

// ParseAllowList parses the operator's comma-separated list of CIDRs or
// single addresses that may be fetched although they are not public.
func ParseAllowList(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if p, err := netip.ParsePrefix(part); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(part)
		if err != nil {
			return nil, fmt.Errorf("fetch: allow-private: %q is neither a CIDR nor an IP address", part)
		}
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

// PrivateAddressError reports a refused destination and how to allow it.
type PrivateAddressError struct {
	Addr netip.Addr
}

func (e *PrivateAddressError) Error() string {
	return fmt.Sprintf("fetch: refusing to connect to %s: it is a private or reserved address; "+
		"to allow it, start newsdesk with --allow-private %s (or NEWSDESK_ALLOW_PRIVATE)",
		e.Addr, netip.PrefixFrom(e.Addr, e.Addr.BitLen()))
}

// Is makes errors.Is(err, ErrPrivateAddress) match.
func (e *PrivateAddressError) Is(target error) bool { return target == ErrPrivateAddress }

// guard decides whether an address may be dialed.
type guard struct {
	allow   []netip.Prefix
	allowFn func() []netip.Prefix // when set, replaces allow: the live list
}

func (g guard) check(addr netip.Addr) error {
	addr = addr.WithZone("") // prefixes never contain zoned addresses
	allow := g.allow
	if g.allowFn != nil {
		allow = g.allowFn()
	}
	for _, p := range allow {
		if p.Contains(addr) || p.Contains(addr.Unmap()) {
			return nil
		}
	}
	for _, p := range nonPublic {
		if p.Contains(addr) {
			return &PrivateAddressError{Addr: addr}
		}
	}
	return nil
}

// control runs after DNS resolution, immediately before each connect, so
// the address checked is the one actually dialed: a hostname that resolves
// to a public address for a validation step and a private one for the
// connection (DNS rebinding) is caught here, and so is every redirect hop.
func (g guard) control(network, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return fmt.Errorf("fetch: dial %s: %w", address, err)
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return fmt.Errorf("fetch: dial %s: not an IP address", address)
	}
	return g.check(ip)
}
