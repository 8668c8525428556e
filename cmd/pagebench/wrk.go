package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// wrkResult is what one wrk run reports.
type wrkResult struct {
	rps                     float64
	p50, p90, p99           time.Duration
	requests                int64
	connect, read, write    int64 // socket errors
	timeouts, badStatus     int64
	output                  string // wrk's own report, for the log
	latencyDistributionSeen bool
}

// errors counts every request that did not end in a 2xx or 3xx answer.
func (r wrkResult) errors() int64 {
	return r.connect + r.read + r.write + r.timeouts + r.badStatus
}

// runWrk drives url with wrk and parses its report.
func runWrk(ctx context.Context, url string, threads, conns int, d time.Duration) (wrkResult, error) {
	secs := int(d.Round(time.Second) / time.Second)
	if secs < 1 {
		secs = 1
	}
	cmd := exec.CommandContext(ctx, "wrk", "--latency", "-t", strconv.Itoa(threads), "-c", strconv.Itoa(conns),
		"-d", strconv.Itoa(secs)+"s", "--timeout", "5s", url)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return wrkResult{}, fmt.Errorf("wrk: %w: %s", err, out)
	}
	r, err := parseWrk(out)
	if err != nil {
		return r, fmt.Errorf("wrk: %w in:\n%s", err, out)
	}
	return r, nil
}

// parseWrk reads wrk 4's text report.
func parseWrk(out []byte) (wrkResult, error) {
	r := wrkResult{output: string(out)}
	sc := bufio.NewScanner(bytes.NewReader(out))
	inDist := false
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		f := strings.Fields(line)
		switch {
		case strings.HasPrefix(line, "Latency Distribution"):
			inDist, r.latencyDistributionSeen = true, true
		case inDist && len(f) == 2 && strings.HasSuffix(f[0], "%"):
			d, err := parseWrkDuration(f[1])
			if err != nil {
				return r, err
			}
			switch f[0] {
			case "50%":
				r.p50 = d
			case "90%":
				r.p90 = d
			case "99%":
				r.p99 = d
			}
		case strings.HasPrefix(line, "Requests/sec:") && len(f) == 2:
			v, err := strconv.ParseFloat(f[1], 64)
			if err != nil {
				return r, err
			}
			r.rps = v
		case strings.Contains(line, "requests in") && len(f) > 0:
			inDist = false
			r.requests, _ = strconv.ParseInt(f[0], 10, 64)
		case strings.HasPrefix(line, "Socket errors:"):
			// Socket errors: connect 0, read 0, write 0, timeout 0
			fields := strings.Split(strings.TrimPrefix(line, "Socket errors:"), ",")
			for _, kv := range fields {
				p := strings.Fields(kv)
				if len(p) != 2 {
					continue
				}
				n, _ := strconv.ParseInt(p[1], 10, 64)
				switch p[0] {
				case "connect":
					r.connect = n
				case "read":
					r.read = n
				case "write":
					r.write = n
				case "timeout":
					r.timeouts = n
				}
			}
		case strings.HasPrefix(line, "Non-2xx or 3xx responses:") && len(f) == 5:
			r.badStatus, _ = strconv.ParseInt(f[4], 10, 64)
		}
	}
	if r.rps == 0 || !r.latencyDistributionSeen {
		return r, fmt.Errorf("no rate or latency distribution")
	}
	return r, nil
}

// parseWrkDuration reads wrk's durations: 812.00us, 1.23ms, 2.00s, 1.5m.
func parseWrkDuration(s string) (time.Duration, error) {
	units := []struct {
		suffix string
		unit   time.Duration
	}{{"us", time.Microsecond}, {"ms", time.Millisecond}, {"s", time.Second}, {"m", time.Minute}, {"h", time.Hour}}
	for _, u := range units {
		if num, ok := strings.CutSuffix(s, u.suffix); ok {
			v, err := strconv.ParseFloat(num, 64)
			if err != nil {
				return 0, fmt.Errorf("duration %q: %w", s, err)
			}
			return time.Duration(v * float64(u.unit)).Round(time.Microsecond), nil
		}
	}
	return 0, fmt.Errorf("duration %q: unknown unit", s)
}
