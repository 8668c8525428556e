package comments

import "github.com/newsdesk/newsdesk/internal/model"

// Move is one step of moderation: a named action and the status it
// leaves a comment in. The admin queue shows each as a button, the JSON
// API takes the status it leads to; both follow this one table.
type Move struct {
	Name string // "approve", "unapprove", "spam", "notspam", "trash", "restore"; the audit log's action
	To   model.CommentStatus
}

// movesFrom lists the moves offered from each status, in button order.
// Every status can reach every other, but through the move that says
// what happened: a trashed comment is restored to pending before it is
// approved again, so an approval is always a deliberate second look.
var movesFrom = map[model.CommentStatus][]Move{
	model.CommentPending:  {{"approve", model.CommentApproved}, {"spam", model.CommentSpam}, {"trash", model.CommentTrash}},
	model.CommentApproved: {{"unapprove", model.CommentPending}, {"spam", model.CommentSpam}, {"trash", model.CommentTrash}},
	model.CommentSpam:     {{"notspam", model.CommentPending}, {"trash", model.CommentTrash}},
	model.CommentTrash:    {{"restore", model.CommentPending}, {"spam", model.CommentSpam}},
}

// MovesFrom returns the moves offered to a comment in status from, in the
// order the queue shows them; none for an unknown status.
func MovesFrom(from model.CommentStatus) []Move {
	return movesFrom[from]
}

// MoveNamed finds the move called name among those offered from status
// from.
func MoveNamed(from model.CommentStatus, name string) (Move, bool) {
	for _, m := range movesFrom[from] {
		if m.Name == name {
			return m, true
		}
	}
	return Move{}, false
}

// MoveTo finds the move that takes a comment from one status to another.
func MoveTo(from, to model.CommentStatus) (Move, bool) {
	for _, m := range movesFrom[from] {
		if m.To == to {
			return m, true
		}
	}
	return Move{}, false
}

// Target returns the status the move called name leads to, whatever the
// comment's status now: a move pressed twice (or by two moderators) finds
// its comment already there.
func Target(name string) (model.CommentStatus, bool) {
	for _, moves := range movesFrom {
		for _, m := range moves {
			if m.Name == name {
				return m.To, true
			}
		}
	}
	return "", false
}
