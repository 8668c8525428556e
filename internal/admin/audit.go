package admin

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// audit records a change made through the desk in the audit log: who
// (the signed-in account), what (action, such as "article.publish", and
// the thing changed), from where, with a one-line summary. The change
// has been made already, so a failure to record it is logged, not
// returned: the editor's work is not undone by a full log.
func (s *server) audit(r *http.Request, rq *request, action, targetType string, targetID int64, summary string) {
	e := model.AuditEntry{
		At: s.now(), UserID: rq.user.ID, Actor: rq.user.Email, Action: action,
		TargetType: targetType, TargetID: targetID, Summary: summary, ClientIP: s.clientIP(r),
	}
	if _, err := s.st.AddAudit(r.Context(), e); err != nil {
		s.log.Error("admin: record audit entry", "action", action, "target_type", targetType,
			"target_id", targetID, "user_id", rq.user.ID, "err", err)
	}
}

// auditRow is one entry of the audit log page.
type auditRow struct {
	model.AuditEntry
	When, ISO string
	Target    string // "article 42", or ""
	TargetURL string // its page in the desk, when it has one
	ActorURL  string // the log filtered to this account
}

// auditPage is the data of the audit log page.
type auditPage struct {
	Rows     []auditRow
	Filtered string // what the log is narrowed to, in words; "" for all of it
	Next     string // the next page's address
}

// handleAudit shows the audit log, newest first, optionally narrowed to
// one account (?user=ID), one thing (?type=article&id=42) or one kind of
// change (?action=article.).
func (s *server) handleAudit(w http.ResponseWriter, r *http.Request, rq *request) error {
	q := r.URL.Query()
	f := store.AuditFilter{Limit: 50, Cursor: q.Get("cursor"), ActionPrefix: strings.TrimSpace(q.Get("action"))}
	var narrowed []string
	if v := q.Get("user"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return badRequest("The account number %q is not valid.", v)
		}
		f.UserID = id
		narrowed = append(narrowed, fmt.Sprintf("account #%d", id))
	}
	if v := q.Get("type"); v != "" {
		id, err := strconv.ParseInt(q.Get("id"), 10, 64)
		if err != nil || id <= 0 {
			return badRequest("Name the %s by its number (id=…) to see its history.", v)
		}
		f.TargetType, f.TargetID = v, id
		narrowed = append(narrowed, fmt.Sprintf("%s #%d", v, id))
	}
	if f.ActionPrefix != "" {
		narrowed = append(narrowed, "changes starting "+strconv.Quote(f.ActionPrefix))
	}
	entries, next, err := s.st.ListAudit(r.Context(), f)
	if err != nil {
		return err
	}
	page := auditPage{Filtered: strings.Join(narrowed, ", ")}
	for _, e := range entries {
		row := auditRow{AuditEntry: e}
		row.When, row.ISO = s.formatTime(e.At)
		if e.TargetType != "" {
			row.Target = fmt.Sprintf("%s #%d", e.TargetType, e.TargetID)
			row.TargetURL = auditTargetURL(e.TargetType, e.TargetID)
		}
		if e.UserID != 0 {
			row.ActorURL = "/admin/audit?user=" + strconv.FormatInt(e.UserID, 10)
		}
		page.Rows = append(page.Rows, row)
	}
	if next != "" {
		nq := url.Values{}
		for k, v := range q {
			nq[k] = v
		}
		nq.Set("cursor", next)
		page.Next = "/admin/audit?" + nq.Encode()
	}
	return s.render(w, r, http.StatusOK, "audit", view{Frame: rq.frame("Audit log", "audit"), Page: page})
}

// auditTargetURL is the desk page of a thing the log names, or "" when
// the desk has no page for it.
func auditTargetURL(targetType string, id int64) string {
	n := strconv.FormatInt(id, 10)
	switch targetType {
	case "desk_article":
		return "/admin/articles/" + n + "/edit"
	case "source":
		return "/admin/sources/" + n
	case "comment":
		return "/admin/comments/" + n + "/edit"
	case "user":
		return "/admin/users/" + n
	}
	return ""
}
