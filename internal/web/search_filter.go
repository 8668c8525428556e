package web

import (
	"strconv"
	"strings"
	"time"

	"github.com/newsdesk/newsdesk/internal/store"
)

// dateWindows maps the date filter's presets to how far back they reach.
var dateWindows = map[string]time.Duration{
	"24h": 24 * time.Hour,
	"7d":  7 * 24 * time.Hour,
	"30d": 30 * 24 * time.Hour,
}

// applyFilters narrows a search query by the form's category, source and
// date filters. from is a preset (24h, 7d, 30d) or a YYYY-MM-DD date,
// to a YYYY-MM-DD date (inclusive), both in the site's time zone. It
// returns a message for the reader when a value cannot be understood.
func (f searchForm) applyFilters(q *store.SearchQuery, now time.Time, loc *time.Location) string {
	if cat := strings.TrimSpace(f.Category); cat != "" {
		q.Categories = []string{cat}
	}
	if src := strings.TrimSpace(f.Source); src != "" {
		id, err := strconv.ParseInt(src, 10, 64)
		if err != nil || id <= 0 {
			return "The source filter must be a source number."
		}
		q.Sources = []int64{id}
	}
	if from := strings.TrimSpace(f.From); from != "" {
		if d, ok := dateWindows[from]; ok {
			q.Since = now.Add(-d)
		} else if day, err := time.ParseInLocation(time.DateOnly, from, loc); err == nil {
			q.Since = day
		} else {
			return "The start date must be 24h, 7d, 30d or a date like 2024-06-22."
		}
	}
	if to := strings.TrimSpace(f.To); to != "" {
		day, err := time.ParseInLocation(time.DateOnly, to, loc)
		if err != nil {
			return "The end date must be a date like 2024-06-22."
		}
		q.Until = day.AddDate(0, 0, 1)
	}
	if !q.Since.IsZero() && !q.Until.IsZero() && !q.Since.Before(q.Until) {
		return "The start date must come before the end date."
	}
	return ""
}
