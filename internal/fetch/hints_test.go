package fetch

import (
	"net/http"
	"testing"
	"time"
)

func TestRetryAfter(t *testing.T) {
	now := time.Date(2024, 6, 22, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		v    string
		want time.Duration
	}{
		{"120", 2 * time.Minute},
		{"Sat, 22 Jun 2024 11:00:00 GMT", time.Hour},
		{"Sat, 22 Jun 2024 09:00:00 GMT", 0}, // in the past
		{"-5", 0},
		{"soon", 0},
		{"", 0},
		{"99999999999", 7 * 24 * time.Hour}, // capped
	}
	for _, tt := range tests {
		h := http.Header{}
		if tt.v != "" {
			h.Set("Retry-After", tt.v)
		}
		if got := retryAfter(h, now); got != tt.want {
			t.Errorf("retryAfter(%q) = %v, want %v", tt.v, got, tt.want)
		}
	}
}

func TestMaxAge(t *testing.T) {
	tests := []struct {
		v    string
		want time.Duration
	}{
		{"public, max-age=3600", time.Hour},
		{`MAX-AGE="60", must-revalidate`, time.Minute},
		{"no-store", 0},
		{"max-age=abc", 0},
		{"", 0},
	}
	for _, tt := range tests {
		h := http.Header{"Cache-Control": {tt.v}}
		if got := maxAge(h); got != tt.want {
			t.Errorf("maxAge(%q) = %v, want %v", tt.v, got, tt.want)
		}
	}
}
