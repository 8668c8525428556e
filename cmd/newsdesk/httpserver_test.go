package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"testing"
	"time"
)

// A slowloris client — one that never finishes its request header — is
// cut off by the server, while other readers are served meanwhile. The
// limit is shortened so the test does not wait ten seconds; what it
// checks is that the server, not the client, ends the connection.
func TestServeHTTP_CutsOffSlowHeaders(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "front page") })
	lim := defaultHTTPLimits
	lim.readHeader = 300 * time.Millisecond
	done := make(chan error, 1)
	go func() { done <- serveHTTPWith(ctx, ln, h, slog.New(slog.DiscardHandler), lim) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("shutdown: %v", err)
		}
	}()

	slow, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Close()
	fmt.Fprintf(slow, "GET / HTTP/1.1\r\nHost: x\r\n")
	closed := make(chan error, 1)
	go func() {
		// Keep dribbling header lines until the server hangs up.
		for i := 0; ; i++ {
			if _, err := fmt.Fprintf(slow, "X-Slow-%d: 1\r\n", i); err != nil {
				closed <- err
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
	}()
	readEnd := make(chan struct{})
	go func() {
		// Whatever the server says (a 408 or nothing), it is never the page.
		b, _ := io.ReadAll(bufio.NewReader(slow))
		if bytes.Contains(b, []byte("front page")) {
			t.Errorf("the slow client got the page: %q", b)
		}
		close(readEnd)
	}()

	// A normal reader is served while the slow one hangs on.
	resp, err := http.Get("http://" + ln.Addr().String() + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != "front page" {
		t.Fatalf("normal reader got %q", body)
	}

	select {
	case <-readEnd:
	case <-time.After(30 * time.Second):
		t.Fatal("the server never ended a connection whose header did not finish")
	}
	select {
	case <-closed:
	case <-time.After(30 * time.Second):
		t.Fatal("writes on the cut-off connection kept succeeding")
	}
}

// The limits serve uses are all set: a zero would mean "no limit".
func TestDefaultHTTPLimitsAreSet(t *testing.T) {
	l := defaultHTTPLimits
	if l.readHeader <= 0 || l.read <= 0 || l.write <= 0 || l.idle <= 0 || l.maxHeader <= 0 {
		t.Fatalf("an unset limit: %+v", l)
	}
	if l.readHeader > l.read {
		t.Fatalf("header timeout %s longer than the whole read's %s", l.readHeader, l.read)
	}
}
