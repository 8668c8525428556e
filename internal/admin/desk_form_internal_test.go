package admin

import (
	"testing"
	"time"
)

func TestParseLocalTime(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	for in, want := range map[string]time.Time{
		"2026-11-29T20:05":    time.Date(2026, 11, 29, 20, 5, 0, 0, ny),
		"2026-11-29T20:05:30": time.Date(2026, 11, 29, 20, 5, 30, 0, ny),
		// HTML allows milliseconds; a schedule keeps whole seconds.
		"2026-11-29T20:05:30.500": time.Date(2026, 11, 29, 20, 5, 30, 0, ny),
	} {
		got, err := parseLocalTime(in, ny)
		if err != nil || !got.Equal(want) {
			t.Errorf("parseLocalTime(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "2026-11-29", "2026-11-29 20:05", "2026-13-01T00:00", "tomorrow"} {
		if got, err := parseLocalTime(bad, ny); err == nil {
			t.Errorf("parseLocalTime(%q) = %v, want an error", bad, got)
		}
	}
}
