// Package fetch is newsdesk's one HTTP client for every outbound request:
// feeds, article pages, images and discovery. It refuses non-public
// destinations at connect time, caps redirects, time and size, and names
// newsdesk in its User-Agent.
package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"sync"
	"time"
)

// Errors callers branch on.
var (
	ErrPrivateAddress = errors.New("fetch: private address")
	ErrTooLarge       = errors.New("fetch: response too large")
	ErrTooManyHops    = errors.New("fetch: too many redirects")
	ErrBadURL         = errors.New("fetch: invalid URL")
)

// Size caps, applied to the decompressed body.
const (
	MaxFeedBytes = 15 << 20
	MaxPageBytes = 5 << 20
	maxRedirects = 5
)

// Options configure a Client.
type Options struct {
	// AllowPrivate lists non-public networks the operator allows anyway.
	AllowPrivate []netip.Prefix
	// AllowPrivateFunc, when set, is asked for the allow-list at every
	// connection instead of AllowPrivate, so a list an admin edits while
	// the process runs applies to the next fetch.
	AllowPrivateFunc func() []netip.Prefix
	Timeout          time.Duration // whole request, body included; default 30s
	ConnectTimeout   time.Duration // default 10s
	UserAgent        string        // default names newsdesk and its URL

	// resolver replaces the system's DNS resolver; tests use it to make
	// an innocent-looking name resolve to a private address. The guard
	// checks whatever address it yields, like any other.
	resolver *net.Resolver
}

// DefaultUserAgent names newsdesk so site owners know who is calling.
const DefaultUserAgent = "newsdesk/1.0 (+https://github.com/newsdesk/newsdesk)"

// Client performs guarded GET requests.
type Client struct {
	http      *http.Client
	userAgent string
	timeout   time.Duration

	allowFn   func() []netip.Prefix // nil: the fixed list of Options
	transport *http.Transport
	mu        sync.Mutex
	lastAllow []netip.Prefix // the live list the pool's connections were checked against
}

// New builds a Client.
func New(opts Options) *Client {
	if opts.Timeout <= 0 {
		opts.Timeout = 30 * time.Second
	}
	if opts.ConnectTimeout <= 0 {
		opts.ConnectTimeout = 10 * time.Second
	}
	if opts.UserAgent == "" {
		opts.UserAgent = DefaultUserAgent
	}
	g := guard{allow: opts.AllowPrivate, allowFn: opts.AllowPrivateFunc}
	dialer := &net.Dialer{Timeout: opts.ConnectTimeout, KeepAlive: 30 * time.Second, Control: g.control, Resolver: opts.resolver}
	transport := &http.Transport{
		// No proxy from the environment: a proxy would dial on our behalf
		// and bypass the address check.
		Proxy:                 nil,
		DialContext:           dialer.DialContext,
		TLSHandshakeTimeout:   opts.ConnectTimeout,
		ResponseHeaderTimeout: opts.Timeout,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   4,
		IdleConnTimeout:       90 * time.Second,
		ForceAttemptHTTP2:     true,
	}
	return &Client{
		http: &http.Client{
			Transport:     transport,
			CheckRedirect: checkRedirect,
		},
		userAgent: opts.UserAgent,
		timeout:   opts.Timeout,
		allowFn:   opts.AllowPrivateFunc,
		transport: transport,
	}
}

// checkAllowList drops pooled connections when the live allow-list has
// changed since the last request: a kept-alive connection to a network
// no longer allowed would otherwise be reused without a new check.
func (c *Client) checkAllowList() {
	if c.allowFn == nil {
		return
	}
	cur := c.allowFn()
	c.mu.Lock()
	changed := !slices.Equal(cur, c.lastAllow)
	if changed {
		c.lastAllow = slices.Clone(cur)
	}
	c.mu.Unlock()
	if changed {
		c.transport.CloseIdleConnections()
	}
}

func checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) > maxRedirects {
		return fmt.Errorf("%w: more than %d", ErrTooManyHops, maxRedirects)
	}
	if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
		return fmt.Errorf("%w: redirect to %q", ErrBadURL, req.URL.Scheme+":")
	}
	return nil
}

// Request describes one GET.
type Request struct {
	URL          string
	Accept       string
	ETag         string // sent as If-None-Match
	LastModified string // sent as If-Modified-Since
	MaxBytes     int64  // default MaxPageBytes
}

// Response is a fully read response.
type Response struct {
	URL          string // final URL after redirects
	StatusCode   int
	ContentType  string
	ETag         string
	LastModified string
	// MaxAge is how long the server says the answer stays fresh
	// (Cache-Control max-age); 0 when it does not say.
	MaxAge time.Duration
	Body   []byte
}

// NotModified reports a 304 answer to a conditional request.
func (r *Response) NotModified() bool { return r.StatusCode == http.StatusNotModified }

// StatusError is a non-2xx, non-304 answer.
type StatusError struct {
	URL    string
	Status int
	// RetryAfter is how long the server asked us to wait (Retry-After on
	// a 429 or 503); 0 when it did not ask.
	RetryAfter time.Duration
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("fetch: %s answered %d %s", e.URL, e.Status, http.StatusText(e.Status))
}

// Get fetches a URL and reads its body within the size cap.
func (c *Client) Get(ctx context.Context, r Request) (*Response, error) {
	c.checkAllowList()
	u, err := ValidateURL(r.URL)
	if err != nil {
		return nil, err
	}
	if r.MaxBytes <= 0 {
		r.MaxBytes = MaxPageBytes
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadURL, err)
	}
	req.Header.Set("User-Agent", c.userAgent)
	if r.Accept != "" {
		req.Header.Set("Accept", r.Accept)
	}
	if r.ETag != "" {
		req.Header.Set("If-None-Match", r.ETag)
	}
	if r.LastModified != "" {
		req.Header.Set("If-Modified-Since", r.LastModified)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, describe(u, err)
	}
	defer resp.Body.Close()
	out := &Response{
		URL:          resp.Request.URL.String(),
		StatusCode:   resp.StatusCode,
		ContentType:  resp.Header.Get("Content-Type"),
		ETag:         resp.Header.Get("ETag"),
		LastModified: resp.Header.Get("Last-Modified"),
		MaxAge:       maxAge(resp.Header),
	}
	if resp.StatusCode == http.StatusNotModified {
		return out, nil
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		se := &StatusError{URL: u.String(), Status: resp.StatusCode}
		if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable {
			se.RetryAfter = retryAfter(resp.Header, time.Now())
		}
		return nil, se
	}
	tooLarge := fmt.Errorf("%w: %s is larger than %s", ErrTooLarge, u, byteSize(r.MaxBytes))
	if resp.ContentLength > r.MaxBytes {
		return nil, tooLarge
	}
	// The transport decompresses gzip itself, so this cap counts the bytes
	// after decompression, and reading stops one byte past it: a small
	// compressed bomb is never inflated beyond the cap.
	body, err := io.ReadAll(io.LimitReader(resp.Body, r.MaxBytes+1))
	if err != nil {
		return nil, describe(u, err)
	}
	if int64(len(body)) > r.MaxBytes {
		return nil, tooLarge
	}
	out.Body = body
	return out, nil
}

// ValidateURL accepts absolute http and https URLs only.
func ValidateURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("%w: %q", ErrBadURL, raw)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("%w: %q: only http and https URLs can be fetched", ErrBadURL, raw)
	}
	if u.Hostname() == "" {
		return nil, fmt.Errorf("%w: %q has no host", ErrBadURL, raw)
	}
	return u, nil
}

// describe turns transport errors into messages a person can act on,
// keeping the sentinel errors matchable.
func describe(u *url.URL, err error) error {
	var pe *PrivateAddressError
	switch {
	case errors.As(err, &pe):
		return pe
	case errors.Is(err, ErrTooManyHops), errors.Is(err, ErrBadURL):
		return err
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("fetch: %s: timed out", u)
	}
	// A connect or TLS handshake that outlasts the connect timeout.
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return fmt.Errorf("fetch: %s: timed out connecting", u)
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return fmt.Errorf("fetch: %s: cannot resolve host %q", u, dnsErr.Name)
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Op == "dial" {
		return fmt.Errorf("fetch: %s: cannot connect: %v", u, opErr.Err)
	}
	return fmt.Errorf("fetch: %s: %w", u, err)
}

// byteSize writes a size cap the way people state it: "5 MiB", "64 KiB".
func byteSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
