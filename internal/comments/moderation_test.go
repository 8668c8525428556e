package comments

import (
	"testing"

	"github.com/newsdesk/newsdesk/internal/model"
)

func TestModerationMoves(t *testing.T) {
	statuses := []model.CommentStatus{model.CommentPending, model.CommentApproved, model.CommentSpam, model.CommentTrash}
	for _, from := range statuses {
		moves := MovesFrom(from)
		if len(moves) == 0 {
			t.Fatalf("no move from %s", from)
		}
		for _, m := range moves {
			if m.To == from {
				t.Errorf("%s: move %q goes nowhere", from, m.Name)
			}
			if got, ok := MoveNamed(from, m.Name); !ok || got != m {
				t.Errorf("MoveNamed(%s, %q) = %v, %v", from, m.Name, got, ok)
			}
			if got, ok := MoveTo(from, m.To); !ok || got != m {
				t.Errorf("MoveTo(%s, %s) = %v, %v", from, m.To, got, ok)
			}
		}
	}
	// Approval only ever comes from pending: trash and spam go back to
	// pending first.
	for _, from := range []model.CommentStatus{model.CommentSpam, model.CommentTrash} {
		if _, ok := MoveTo(from, model.CommentApproved); ok {
			t.Errorf("a %s comment can be approved directly", from)
		}
	}
	if _, ok := MoveNamed(model.CommentPending, "restore"); ok {
		t.Error("restore offered to a pending comment")
	}
	if len(MovesFrom("bogus")) != 0 {
		t.Error("moves from an unknown status")
	}
}
