package model

import (
	"fmt"
	"time"
)

// CommentStatus is where a comment stands in moderation.
type CommentStatus string

// A comment is pending until a moderator (or the rules) approve it; only
// approved comments are public. Spam and trash are kept for moderators
// (a mistaken verdict can be undone), never shown.
const (
	CommentPending  CommentStatus = "pending"
	CommentApproved CommentStatus = "approved"
	CommentSpam     CommentStatus = "spam"
	CommentTrash    CommentStatus = "trash"
)

// CommentStatuses lists every status, in the order moderators see them.
var CommentStatuses = []CommentStatus{CommentPending, CommentApproved, CommentSpam, CommentTrash}

// ParseCommentStatus reads a status by name.
func ParseCommentStatus(s string) (CommentStatus, error) {
	for _, st := range CommentStatuses {
		if string(st) == s {
			return st, nil
		}
	}
	return "", fmt.Errorf("unknown comment status %q (want pending, approved, spam or trash)", s)
}

// Comment is a reader's reply to an article, or to another comment.
//
// The commenter's email, address and browser are for moderation only:
// they carry no JSON names, so no encoding of a Comment can publish them,
// and no public page or feed may show them (or anything derived from
// them, such as a hash).
type Comment struct {
	ID        int64         `json:"id"`
	ArticleID int64         `json:"article_id"`
	ParentID  int64         `json:"parent_id,omitempty"` // 0 for a top-level comment
	RootID    int64         `json:"-"`                   // the top-level comment of its thread (itself when top level)
	Depth     int           `json:"depth"`               // 0 for a top-level comment
	Status    CommentStatus `json:"status"`
	Name      string        `json:"name"`
	Email     string        `json:"-"`
	Website   string        `json:"website,omitempty"`
	// Body is the text as the commenter typed it, after validation: it is
	// stored unchanged and escaped when shown.
	Body      string    `json:"body"`
	ClientIP  string    `json:"-"`
	UserAgent string    `json:"-"`
	UserID    int64     `json:"-"` // the staff member who wrote it from the admin area; 0 for readers
	Reason    string    `json:"-"` // why the rules held or refused it, for moderators
	Nonce     string    `json:"-"` // the form's one-time token: a form posted twice stores one comment
	Created   time.Time `json:"created_at"`
	// ArticleTitle is filled by moderation listings.
	ArticleTitle string `json:"-"`
}
