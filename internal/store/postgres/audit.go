package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// AddAudit appends an entry to the audit log.
func (s *Store) AddAudit(ctx context.Context, e model.AuditEntry) (model.AuditEntry, error) {
	e, err := store.PrepareAudit(e, time.Now())
	if err != nil {
		return model.AuditEntry{}, fmt.Errorf("postgres: add audit entry: %w", err)
	}
	var uid *int64
	if e.UserID != 0 {
		uid = &e.UserID
	}
	err = s.pool.QueryRow(ctx, `INSERT INTO audit_log
		(at, user_id, actor, action, target_type, target_id, summary, client_ip)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		e.At, uid, e.Actor, e.Action, e.TargetType, e.TargetID, e.Summary, e.ClientIP).Scan(&e.ID)
	if err != nil {
		return model.AuditEntry{}, fmt.Errorf("postgres: add audit entry: %w", err)
	}
	return e, nil
}

// ListAudit returns a page of the audit log, newest first.
func (s *Store) ListAudit(ctx context.Context, f store.AuditFilter) ([]model.AuditEntry, string, error) {
	var w where
	if f.Cursor != "" {
		cur, err := store.DecodeCursor(f.Cursor)
		if err != nil {
			return nil, "", fmt.Errorf("postgres: list audit log: %w", err)
		}
		w.add(`(at, id) < (` + w.arg(cur.PublishedAt) + `::timestamptz, ` + w.arg(cur.ID) + `::bigint)`)
	}
	if f.UserID != 0 {
		w.add(`user_id = ` + w.arg(f.UserID))
	}
	if f.TargetType != "" {
		w.add(`target_type = ` + w.arg(f.TargetType) + ` AND target_id = ` + w.arg(f.TargetID))
	}
	if f.ActionPrefix != "" {
		// left(), not LIKE: the prefix is taken as written, '%' and '_' too.
		w.add(`left(action, ` + w.arg(len([]rune(f.ActionPrefix))) + `) = ` + w.arg(f.ActionPrefix))
	}
	limit := store.ClampLimit(f.Limit)
	rows, err := s.pool.Query(ctx, `SELECT id, at, COALESCE(user_id, 0), actor, action, target_type, target_id, summary, client_ip
		FROM audit_log`+w.String()+` ORDER BY at DESC, id DESC LIMIT `+w.arg(limit+1), w.args...)
	if err != nil {
		return nil, "", fmt.Errorf("postgres: list audit log: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (model.AuditEntry, error) {
		var e model.AuditEntry
		err := r.Scan(&e.ID, &e.At, &e.UserID, &e.Actor, &e.Action, &e.TargetType, &e.TargetID, &e.Summary, &e.ClientIP)
		e.At = e.At.UTC()
		return e, err
	})
	if err != nil {
		return nil, "", fmt.Errorf("postgres: list audit log: %w", err)
	}
	if out == nil {
		out = []model.AuditEntry{}
	}
	out, next := store.NextAuditPage(out, limit)
	return out, next, nil
}
