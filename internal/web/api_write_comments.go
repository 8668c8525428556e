package web

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/newsdesk/newsdesk/internal/comments"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// moderationJSON is the body and answer of a moderation.
type moderationJSON struct {
	Status string `json:"status"`
}

// moderatedJSON is a comment after a moderation.
type moderatedJSON struct {
	ID        int64  `json:"id"`
	ArticleID int64  `json:"article_id"`
	Status    string `json:"status"`
}

// apiModerateComment moves a comment to another status, for the roles
// that moderate.
func (s *server) apiModerateComment(r *http.Request, c writeCall) (writeResult, error) {
	if !c.user.Role.CanModerate() {
		return writeResult{}, &httpError{http.StatusForbidden, "a " + string(c.user.Role) + " does not moderate comments; moderators, editors and admins do"}
	}
	id, err := pathNumber(r, "comment")
	if err != nil {
		return writeResult{}, err
	}
	var body moderationJSON
	if err := decodeBody(r, &body, false); err != nil {
		return writeResult{}, err
	}
	to, err := model.ParseCommentStatus(body.Status)
	if err != nil || body.Status == "" {
		return writeResult{}, &validationError{fmt.Sprintf("status %q is not one of approved, pending, spam or trash", body.Status), nil}
	}
	cm, err := s.store.GetComment(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		return writeResult{}, &httpError{http.StatusNotFound, fmt.Sprintf("no comment %d", id)}
	}
	if err != nil {
		return writeResult{}, err
	}
	answer := func(st model.CommentStatus) writeResult {
		return writeResult{status: http.StatusOK, body: moderatedJSON{ID: cm.ID, ArticleID: cm.ArticleID, Status: string(st)}}
	}
	if cm.Status == to {
		return answer(to), nil // done already (another moderator, or a retry)
	}
	move, ok := comments.MoveTo(cm.Status, to)
	if !ok {
		return writeResult{}, &httpError{http.StatusConflict, fmt.Sprintf(
			"comment %d is %s; the moderation queue moves it to pending first before %s", cm.ID, cm.Status, to)}
	}
	if err := s.writes.Store.SetCommentStatus(r.Context(), cm.ID, to); err != nil {
		return writeResult{}, fmt.Errorf("web: moderate comment %d: %w", cm.ID, err)
	}
	s.audit(r, c, "comment."+move.Name, "comment", cm.ID, fmt.Sprintf("%s → %s", cm.Status, to))
	return answer(to), nil
}
