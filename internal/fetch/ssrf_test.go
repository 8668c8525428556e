package fetch

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/net/dns/dnsmessage"
)

// serveOn starts a test server listening on addr ("127.0.0.2:0",
// "[::1]:0") that answers "secret" and counts its requests. The test is
// skipped when the machine cannot listen there.
func serveOn(t *testing.T, addr string) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	l, err := net.Listen("tcp", addr)
	if err != nil {
		t.Skipf("cannot listen on %s: %v", addr, err)
	}
	hits := new(atomic.Int32)
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		fmt.Fprint(w, "secret")
	}))
	srv.Listener.Close()
	srv.Listener = l
	srv.Start()
	t.Cleanup(srv.Close)
	return srv, hits
}

// fakeDNS is a resolver whose DNS server answers every name with addrs
// (A records for the IPv4 ones, AAAA for the IPv6 ones), so that a test
// can make an innocent-looking hostname resolve anywhere.
func fakeDNS(addrs ...string) *net.Resolver {
	var parsed []netip.Addr
	for _, a := range addrs {
		parsed = append(parsed, netip.MustParseAddr(a))
	}
	return &net.Resolver{
		PreferGo: true,
		Dial: func(ctx context.Context, network, address string) (net.Conn, error) {
			client, server := net.Pipe()
			go answerDNS(server, parsed)
			return client, nil
		},
	}
}

// answerDNS serves DNS over a stream connection (two-byte length, then
// the message), which is how Go's resolver talks over a non-packet conn.
func answerDNS(c net.Conn, addrs []netip.Addr) {
	defer c.Close()
	for {
		var size [2]byte
		if _, err := io.ReadFull(c, size[:]); err != nil {
			return
		}
		msg := make([]byte, binary.BigEndian.Uint16(size[:]))
		if _, err := io.ReadFull(c, msg); err != nil {
			return
		}
		var p dnsmessage.Parser
		h, err := p.Start(msg)
		if err != nil {
			return
		}
		q, err := p.Question()
		if err != nil {
			return
		}
		b := dnsmessage.NewBuilder(make([]byte, 2, 514), dnsmessage.Header{
			ID: h.ID, Response: true, Authoritative: true,
			RecursionDesired: h.RecursionDesired, RecursionAvailable: true,
		})
		_ = b.StartQuestions()
		_ = b.Question(q)
		_ = b.StartAnswers()
		for _, a := range addrs {
			rh := dnsmessage.ResourceHeader{Name: q.Name, Class: dnsmessage.ClassINET, TTL: 60}
			switch {
			case q.Type == dnsmessage.TypeA && a.Is4():
				_ = b.AResource(rh, dnsmessage.AResource{A: a.As4()})
			case q.Type == dnsmessage.TypeAAAA && a.Is6():
				_ = b.AAAAResource(rh, dnsmessage.AAAAResource{AAAA: a.As16()})
			}
		}
		out, err := b.Finish()
		if err != nil {
			return
		}
		binary.BigEndian.PutUint16(out[:2], uint16(len(out)-2))
		if _, err := c.Write(out); err != nil {
			return
		}
	}
}

// assertRefusedAsPrivate checks the error a refused destination gives:
// matchable, and telling the operator what happened and how to allow it.
func assertRefusedAsPrivate(t *testing.T, err error) {
	t.Helper()
	if !errors.Is(err, ErrPrivateAddress) {
		t.Fatalf("error = %v, want ErrPrivateAddress", err)
	}
	for _, want := range []string{"private", "--allow-private", "NEWSDESK_ALLOW_PRIVATE"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}

func port(t *testing.T, srv *httptest.Server) string {
	t.Helper()
	_, p, err := net.SplitHostPort(srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// Each destination below is a live server that would answer "secret": it
// is the guard, not a failed connection, that stops the request.
func TestClient_RefusesPrivateDestinations(t *testing.T) {
	tests := []struct {
		name   string
		listen string
		url    func(port string) string
	}{
		{"127.0.0.1 directly", "127.0.0.1:0", func(p string) string { return "http://127.0.0.1:" + p + "/" }},
		{"another loopback address", "127.0.0.2:0", func(p string) string { return "http://127.0.0.2:" + p + "/" }},
		{"::1 directly", "[::1]:0", func(p string) string { return "http://[::1]:" + p + "/" }},
		{"IPv4-mapped loopback literal", "127.0.0.1:0", func(p string) string { return "http://[::ffff:127.0.0.1]:" + p + "/" }},
		{"0.0.0.0 reaching loopback", "127.0.0.1:0", func(p string) string { return "http://0.0.0.0:" + p + "/" }},
		{"localhost", "127.0.0.1:0", func(p string) string { return "http://localhost:" + p + "/" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, hits := serveOn(t, tt.listen)
			_, err := New(Options{}).Get(context.Background(), Request{URL: tt.url(port(t, srv))})
			assertRefusedAsPrivate(t, err)
			if hits.Load() != 0 {
				t.Errorf("the private server received %d requests", hits.Load())
			}
		})
	}
}

// A hostname is checked after DNS, on the address actually dialed: an
// innocent-looking name that resolves to a private address is refused at
// connect time. The same name with its address allow-listed is fetched,
// which shows the fake resolver is the one in use.
func TestClient_HostnameResolvingToPrivateIsRefused(t *testing.T) {
	v4, v4hits := serveOn(t, "127.0.0.1:0")
	tests := []struct {
		name   string
		answer []string
		srv    *httptest.Server
	}{
		{"A record to 127.0.0.1", []string{"127.0.0.1"}, v4},
		{"AAAA record to IPv4-mapped loopback", []string{"::ffff:127.0.0.1"}, v4},
		{"A record to cloud metadata", []string{"169.254.169.254"}, v4},
		{"A record to RFC 1918", []string{"10.0.0.1"}, v4},
		{"A record to CGNAT", []string{"100.64.0.1"}, v4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			url := "http://news.example.com:" + port(t, tt.srv) + "/feed"
			c := New(Options{resolver: fakeDNS(tt.answer...), ConnectTimeout: 2 * time.Second})
			_, err := c.Get(context.Background(), Request{URL: url})
			assertRefusedAsPrivate(t, err)
		})
	}
	if v4hits.Load() != 0 {
		t.Errorf("the private server received %d requests", v4hits.Load())
	}

	t.Run("IPv6 loopback", func(t *testing.T) {
		v6, hits := serveOn(t, "[::1]:0")
		url := "http://news.example.com:" + port(t, v6) + "/feed"
		_, err := New(Options{resolver: fakeDNS("::1")}).Get(context.Background(), Request{URL: url})
		assertRefusedAsPrivate(t, err)
		if hits.Load() != 0 {
			t.Errorf("the private server received %d requests", hits.Load())
		}
	})

	t.Run("allow-listed", func(t *testing.T) {
		url := "http://news.example.com:" + port(t, v4) + "/feed"
		c := New(Options{resolver: fakeDNS("127.0.0.1"), AllowPrivate: mustPrefixes("127.0.0.1/32")})
		resp, err := c.Get(context.Background(), Request{URL: url})
		if err != nil || string(resp.Body) != "secret" {
			t.Fatalf("allow-listed fetch through the fake resolver: %v", err)
		}
	})
}

// Every redirect hop is checked at connect time. The first server is
// allow-listed by its exact address (/32) and answers; the hop it sends
// the client to is a live server at another private address, not listed.
func TestClient_RedirectToPrivateIsRefused(t *testing.T) {
	tests := []struct {
		name     string
		listen   string
		resolver *net.Resolver
		location func(port string) string
	}{
		{"to 127.0.0.2", "127.0.0.2:0", nil, func(p string) string { return "http://127.0.0.2:" + p + "/" }},
		{"to [::1]", "[::1]:0", nil, func(p string) string { return "http://[::1]:" + p + "/" }},
		{"to IPv4-mapped 127.0.0.2", "127.0.0.2:0", nil, func(p string) string { return "http://[::ffff:127.0.0.2]:" + p + "/" }},
		{"to a name resolving to 127.0.0.2", "127.0.0.2:0", fakeDNS("127.0.0.2"),
			func(p string) string { return "http://cdn.example.net:" + p + "/" }},
		{"to cloud metadata", "127.0.0.2:0", nil, func(string) string { return "http://169.254.169.254/latest/meta-data/" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			target, targetHits := serveOn(t, tt.listen)
			var firstHits atomic.Int32
			first := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				firstHits.Add(1)
				http.Redirect(w, r, tt.location(port(t, target)), http.StatusFound)
			}))
			defer first.Close()
			c := New(Options{
				AllowPrivate:   mustPrefixes("127.0.0.1/32"),
				resolver:       tt.resolver,
				ConnectTimeout: 2 * time.Second,
			})
			_, err := c.Get(context.Background(), Request{URL: first.URL})
			assertRefusedAsPrivate(t, err)
			if firstHits.Load() != 1 {
				t.Errorf("the allow-listed server received %d requests, want 1", firstHits.Load())
			}
			if targetHits.Load() != 0 {
				t.Errorf("the redirect target received %d requests", targetHits.Load())
			}
		})
	}
}
