package model

import "time"

// AuditEntry records one change made in the editorial desk (or from the
// shell): who made it, what it was and when. Entries are only ever added.
type AuditEntry struct {
	ID int64     `json:"id"`
	At time.Time `json:"at"`
	// UserID is the account that made the change; 0 for the shell or an
	// account deleted since.
	UserID int64 `json:"user_id,omitempty"`
	// Actor names who made the change as it stood then: the account's
	// email, or "shell" for the command line. It outlives the account.
	Actor string `json:"actor"`
	// Action is a dotted verb: "article.publish", "source.add",
	// "settings.site", "comment.approve"...
	Action string `json:"action"`
	// TargetType and TargetID name what changed ("article", 42); both
	// empty for site-wide changes such as settings.
	TargetType string `json:"target_type,omitempty"`
	TargetID   int64  `json:"target_id,omitempty"`
	// Summary says in a line what changed, for people.
	Summary string `json:"summary,omitempty"`
	// ClientIP is the address the change came from; "" from the shell.
	ClientIP string `json:"client_ip,omitempty"`
}
