package store

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
)

// AuditStore keeps the audit log of the editorial desk.
type AuditStore interface {
	// AddAudit appends an entry; a zero At means now. It returns the
	// entry as stored.
	AddAudit(ctx context.Context, e model.AuditEntry) (model.AuditEntry, error)
	// ListAudit returns entries newest first, a page at a time, and the
	// cursor of the next page ("" after the last).
	ListAudit(ctx context.Context, f AuditFilter) ([]model.AuditEntry, string, error)
}

// AuditFilter narrows ListAudit. Zero fields do not filter.
type AuditFilter struct {
	UserID     int64
	TargetType string // with TargetID: one thing's history
	TargetID   int64
	// ActionPrefix keeps the actions starting with it ("article." for
	// every change to articles).
	ActionPrefix string
	Limit        int // 1..100; 0 means 20
	Cursor       string
}

// maxAuditSummary bounds an entry's summary; longer ones are cut.
const maxAuditSummary = 2000

// PrepareAudit checks e and returns it as AddAudit stores it, on either
// backend.
func PrepareAudit(e model.AuditEntry, now time.Time) (model.AuditEntry, error) {
	e.Action = strings.TrimSpace(e.Action)
	if e.Action == "" {
		return model.AuditEntry{}, errors.New("audit entry without an action")
	}
	if len(e.Summary) > maxAuditSummary {
		cut := maxAuditSummary
		for cut > 0 && e.Summary[cut]&0xC0 == 0x80 { // not inside a UTF-8 sequence
			cut--
		}
		e.Summary = e.Summary[:cut] + "…"
	}
	if err := CheckText("actor", e.Actor, "action", e.Action, "target type", e.TargetType,
		"summary", e.Summary, "client address", e.ClientIP); err != nil {
		return model.AuditEntry{}, err
	}
	if e.At.IsZero() {
		e.At = now
	}
	e.At = e.At.UTC().Truncate(time.Microsecond)
	return e, nil
}

// NextAuditPage trims a listing read with one row beyond limit and
// returns the cursor of the next page.
func NextAuditPage(items []model.AuditEntry, limit int) ([]model.AuditEntry, string) {
	return nextPage(items, limit, func(e model.AuditEntry) Cursor { return Cursor{PublishedAt: e.At, ID: e.ID} })
}
