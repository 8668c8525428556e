package admin

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/newsdesk/newsdesk/internal/comments"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// maxBulk bounds the comments one bulk action moves: a page of the queue
// holds 20, and no form should make the server walk thousands.
const maxBulk = 100

// bulkOption is one action of the bulk bar on a tab of the queue.
type bulkOption struct {
	Name, Label string
}

// bulkOptions are the bulk bar's actions on a tab: the same as each
// comment's buttons there.
func bulkOptions(status model.CommentStatus) []bulkOption {
	var out []bulkOption
	for _, m := range comments.MovesFrom(status) {
		out = append(out, bulkOption{m.Name, commentActions[m.Name].label})
	}
	return out
}

// handleCommentsBulk applies one action to the comments ticked on a page
// of the queue, in one post. A comment that no longer exists, or whose
// status no longer offers the action (another moderator got there
// first), is left alone and reported; the others move.
func (s *server) handleCommentsBulk(w http.ResponseWriter, r *http.Request, rq *request) error {
	name := r.PostForm.Get("action")
	act, ok := commentActions[name]
	to, known := comments.Target(name)
	if !ok || !known {
		return badRequest("Choose what to do with the selected comments.")
	}
	back := returnTo(r, listURL(model.CommentPending, 0, ""))
	raw := r.PostForm["id"]
	if len(raw) == 0 {
		redirect(w, withBulkNotice(back, url.Values{"bulk": {"none"}}))
		return nil
	}
	if len(raw) > maxBulk {
		return badRequest("Select at most %d comments at once.", maxBulk)
	}
	var moved, missing, skipped []string
	bad := 0
	seen := map[int64]bool{}
	for _, v := range raw {
		id, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil || id <= 0 {
			bad++
			continue
		}
		if seen[id] {
			continue
		}
		seen[id] = true
		c, err := s.st.GetComment(r.Context(), id)
		if errors.Is(err, store.ErrNotFound) {
			missing = append(missing, strconv.FormatInt(id, 10))
			continue
		}
		if err != nil {
			return fmt.Errorf("admin: bulk %s: comment %d: %w", name, id, err)
		}
		if c.Status == to {
			moved = append(moved, strconv.FormatInt(id, 10)) // done already: counts as done
			continue
		}
		if _, offered := comments.MoveNamed(c.Status, name); !offered {
			skipped = append(skipped, strconv.FormatInt(id, 10))
			continue
		}
		if err := s.st.SetCommentStatus(r.Context(), c.ID, to); err != nil {
			return fmt.Errorf("admin: bulk %s: comment %d: %w", name, id, err)
		}
		moved = append(moved, strconv.FormatInt(id, 10))
	}
	if len(moved) > 0 {
		s.audit(r, rq, "comment.bulk_"+name, "comment", 0, fmt.Sprintf("%s %s: #%s",
			plural(len(moved), "comment", "comments"), act.done, strings.Join(moved, ", #")))
	}
	s.log.Info("admin: bulk moderation", "action", name, "moved", len(moved), "missing", len(missing),
		"skipped", len(skipped), "user_id", rq.user.ID)
	q := url.Values{"bulk": {name}, "n": {strconv.Itoa(len(moved))}}
	if len(missing) > 0 {
		q.Set("missing", strings.Join(missing, ","))
	}
	if len(skipped) > 0 {
		q.Set("skipped", strings.Join(skipped, ","))
	}
	if bad > 0 {
		q.Set("bad", strconv.Itoa(bad))
	}
	redirect(w, withBulkNotice(back, q))
	return nil
}

// withBulkNotice adds a bulk action's outcome to a checked local path.
func withBulkNotice(to string, add url.Values) string {
	return withQuery(to, []string{"done", "c", "bulk", "n", "missing", "skipped", "bad"}, add)
}

// bulkNotice words a bulk action's outcome from the parameters its
// redirect added; "" when there was none.
func bulkNotice(q url.Values) string {
	name := q.Get("bulk")
	if name == "none" {
		return "No comment was selected: tick the comments to act on, then choose the action."
	}
	act, ok := commentActions[name]
	if !ok {
		return ""
	}
	n, _ := strconv.Atoi(q.Get("n"))
	parts := []string{fmt.Sprintf("%s %s.", plural(max(n, 0), "comment", "comments"), act.done)}
	ids := func(v string) string {
		var out []string
		for _, p := range strings.Split(v, ",") {
			if id, err := strconv.ParseInt(p, 10, 64); err == nil && id > 0 && len(out) < 20 {
				out = append(out, "#"+strconv.FormatInt(id, 10))
			}
		}
		return strings.Join(out, ", ")
	}
	if v := ids(q.Get("missing")); v != "" {
		parts = append(parts, "Not found (deleted meanwhile?): "+v+".")
	}
	if v := ids(q.Get("skipped")); v != "" {
		parts = append(parts, "Left alone because someone moderated them meanwhile: "+v+".")
	}
	if b, _ := strconv.Atoi(q.Get("bad")); b > 0 {
		parts = append(parts, plural(b, "value was", "values were")+" not a comment number.")
	}
	return strings.Join(parts, " ")
}
