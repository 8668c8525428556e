package demo

import (
	"encoding/json"
	"fmt"
	"io"
)

// TruthRow records which event an article is about, for measuring how
// well clustering groups the world's coverage.
type TruthRow struct {
	Outlet      string `json:"outlet"`
	ArticlePath string `json:"article_path"`
	Title       string `json:"title"`
	EventID     int    `json:"event_id"` // 0 for standalone articles
	// CopyOf is the article path of the wire report this one republishes.
	CopyOf string `json:"copy_of,omitempty"`
}

// Truth returns one row per article, in the order of Articles.
func (w *World) Truth() []TruthRow {
	rows := make([]TruthRow, len(w.articles))
	for i, a := range w.articles {
		rows[i] = TruthRow{Outlet: a.Outlet, ArticlePath: a.Path, Title: a.Title, EventID: a.EventID, CopyOf: a.CopyOf}
	}
	return rows
}

// WriteTruth writes Truth as JSON Lines.
func (w *World) WriteTruth(out io.Writer) error {
	enc := json.NewEncoder(out)
	for _, row := range w.Truth() {
		if err := enc.Encode(row); err != nil {
			return fmt.Errorf("demo: write truth: %w", err)
		}
	}
	return nil
}
