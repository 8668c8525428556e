package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// AddAudit appends an entry to the audit log.
func (s *Store) AddAudit(ctx context.Context, e model.AuditEntry) (model.AuditEntry, error) {
	e, err := store.PrepareAudit(e, time.Now())
	if err != nil {
		return model.AuditEntry{}, fmt.Errorf("sqlite: add audit entry: %w", err)
	}
	err = s.w.QueryRowContext(ctx, `INSERT INTO audit_log
		(at, user_id, actor, action, target_type, target_id, summary, client_ip)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		micros(e.At), nullID(e.UserID), e.Actor, e.Action, e.TargetType, e.TargetID, e.Summary, e.ClientIP).Scan(&e.ID)
	if err != nil {
		return model.AuditEntry{}, fmt.Errorf("sqlite: add audit entry: %w", err)
	}
	return e, nil
}

// ListAudit returns a page of the audit log, newest first.
func (s *Store) ListAudit(ctx context.Context, f store.AuditFilter) ([]model.AuditEntry, string, error) {
	var w where
	if f.Cursor != "" {
		cur, err := store.DecodeCursor(f.Cursor)
		if err != nil {
			return nil, "", fmt.Errorf("sqlite: list audit log: %w", err)
		}
		w.add(`(at, id) < (?, ?)`, micros(cur.PublishedAt), cur.ID)
	}
	if f.UserID != 0 {
		w.add(`user_id = ?`, f.UserID)
	}
	if f.TargetType != "" {
		w.add(`target_type = ? AND target_id = ?`, f.TargetType, f.TargetID)
	}
	if f.ActionPrefix != "" {
		// substr, not LIKE: the prefix is taken as written, '%' and '_' too.
		w.add(`substr(action, 1, ?) = ?`, len(f.ActionPrefix), f.ActionPrefix)
	}
	limit := store.ClampLimit(f.Limit)
	rows, err := s.r.QueryContext(ctx, `SELECT id, at, user_id, actor, action, target_type, target_id, summary, client_ip
		FROM audit_log`+w.String()+` ORDER BY at DESC, id DESC LIMIT ?`, append(w.args, limit+1)...)
	if err != nil {
		return nil, "", fmt.Errorf("sqlite: list audit log: %w", err)
	}
	defer rows.Close()
	out := []model.AuditEntry{}
	for rows.Next() {
		var e model.AuditEntry
		var at sql.NullInt64
		var uid sql.NullInt64
		if err := rows.Scan(&e.ID, &at, &uid, &e.Actor, &e.Action, &e.TargetType, &e.TargetID, &e.Summary, &e.ClientIP); err != nil {
			return nil, "", fmt.Errorf("sqlite: list audit log: %w", err)
		}
		e.At, e.UserID = fromMicros(at), uid.Int64
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, "", fmt.Errorf("sqlite: list audit log: %w", err)
	}
	out, next := store.NextAuditPage(out, limit)
	return out, next, nil
}
