package main

import (
	"testing"
	"time"
)

func TestParseWrk(t *testing.T) {
	out := []byte(`Running 3s test @ http://127.0.0.1:40123/2026/11/29/a/
  2 threads and 50 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     2.10ms    1.00ms  40.00ms   90.00%
    Req/Sec    10.00k     1.00k   12.00k    70.00%
  Latency Distribution
     50%  812.00us
     75%    1.20ms
     90%    2.50ms
     99%    1.02s
  60000 requests in 3.00s, 1.30GB read
  Socket errors: connect 1, read 2, write 3, timeout 4
  Non-2xx or 3xx responses: 5
Requests/sec:  20000.50
Transfer/sec:    443.00MB
`)
	r, err := parseWrk(out)
	if err != nil {
		t.Fatal(err)
	}
	if r.rps != 20000.5 || r.requests != 60000 {
		t.Errorf("rps %v requests %d", r.rps, r.requests)
	}
	if r.p50 != 812*time.Microsecond || r.p90 != 2500*time.Microsecond || r.p99 != 1020*time.Millisecond {
		t.Errorf("percentiles %s %s %s", r.p50, r.p90, r.p99)
	}
	if r.connect != 1 || r.read != 2 || r.write != 3 || r.timeouts != 4 || r.badStatus != 5 || r.errors() != 15 {
		t.Errorf("errors %+v", r)
	}
	if _, err := parseWrk([]byte("unable to connect to 127.0.0.1:1 Connection refused\n")); err == nil {
		t.Error("a report without a rate parsed")
	}
	if _, err := parseWrkDuration("3.5parsecs"); err == nil {
		t.Error("an unknown unit parsed")
	}
}
