package admin

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/newsdesk/newsdesk/internal/comments"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// pageSize is the number of comments a page of the queue lists.
const pageSize = 20

// commentAction is how the queue words one of the moderation moves
// (comments.MovesFrom says which are offered and where they lead).
type commentAction struct {
	label string // the button
	done  string // the notice afterwards: "Comment #12 " + done + "."
}

var commentActions = map[string]commentAction{
	"approve":   {"Approve", "approved"},
	"unapprove": {"Unapprove", "moved back to pending"},
	"spam":      {"Spam", "marked as spam"},
	"notspam":   {"Not spam", "marked as not spam and moved to pending"},
	"trash":     {"Trash", "moved to the trash"},
	"restore":   {"Restore", "restored to pending"},
}

// dashboardPage is the data of the admin home page.
type dashboardPage struct {
	Counts []tab // per status, when the user moderates
}

func (s *server) handleDashboard(w http.ResponseWriter, r *http.Request, rq *request) error {
	var page dashboardPage
	if rq.user.Role.CanModerate() {
		counts, err := s.st.CountComments(r.Context(), 0)
		if err != nil {
			return fmt.Errorf("admin: dashboard: %w", err)
		}
		page.Counts = tabs(counts, "", 0)
	}
	return s.render(w, r, http.StatusOK, "dashboard", view{
		Frame: frame{Title: "Dashboard", User: &rq.user, CSRF: rq.csrf, Section: "dashboard"},
		Page:  page,
	})
}

// tab is one status of the queue with its count.
type tab struct {
	Status  model.CommentStatus
	Label   string
	Count   int
	URL     string
	Current bool
}

func tabs(counts map[model.CommentStatus]int, current model.CommentStatus, articleID int64) []tab {
	out := make([]tab, 0, len(model.CommentStatuses))
	for _, st := range model.CommentStatuses {
		out = append(out, tab{Status: st, Label: statusName(st), Count: counts[st],
			URL: listURL(st, articleID, ""), Current: st == current})
	}
	return out
}

// listURL is the address of a page of the queue.
func listURL(status model.CommentStatus, articleID int64, cursor string) string {
	q := url.Values{}
	q.Set("status", string(status))
	if articleID > 0 {
		q.Set("article", strconv.FormatInt(articleID, 10))
	}
	if cursor != "" {
		q.Set("cursor", cursor)
	}
	return "/admin/comments?" + q.Encode()
}

// listPage is the data of the moderation queue.
type listPage struct {
	Status  model.CommentStatus
	Tabs    []tab
	Article *articleInfo // when the queue is filtered by article
	Items   []commentItem
	Older   string // the next page's address, "" on the last
	Newest  string // the first page's address, when this is a later one
	Return  string // this page's address, where actions come back to
	Notice  string
	Bulk    []bulkOption // the bulk bar's actions on this tab
}

// articleInfo describes the article a queue is filtered by.
type articleInfo struct {
	ID       int64
	Title    string
	URL      string
	Closed   bool
	Comments int
}

// commentItem is a comment as staff see it.
type commentItem struct {
	model.Comment
	ArticleURL      string // the public article, "" when it cannot be found
	ArticleQueueURL string // the queue filtered by the comment's article
	CreatedLabel    string
	CreatedISO      string
	Actions         []actionButton
	EditURL         string
	ReplyURL        string // "" when the comment cannot be replied to
}

// actionButton is one POST form under a comment.
type actionButton struct {
	URL   string
	Label string
}

func (s *server) handleComments(w http.ResponseWriter, r *http.Request, rq *request) error {
	q := r.URL.Query()
	status := model.CommentPending
	if v := q.Get("status"); v != "" {
		st, err := model.ParseCommentStatus(v)
		if err != nil {
			return badRequest("Unknown status %q: choose pending, approved, spam or trash.", truncate(v))
		}
		status = st
	}
	var articleID int64
	if v := q.Get("article"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return badRequest("The article must be given by its number, not %q.", truncate(v))
		}
		articleID = id
	}
	cursor := q.Get("cursor")
	ctx := r.Context()
	page := listPage{Status: status, Return: listURL(status, articleID, cursor)}
	if articleID > 0 {
		a, err := s.st.GetArticle(ctx, articleID)
		if errors.Is(err, store.ErrNotFound) {
			return &httpError{http.StatusNotFound, fmt.Sprintf("There is no article %d.", articleID)}
		}
		if err != nil {
			return fmt.Errorf("admin: comments: %w", err)
		}
		page.Article = &articleInfo{ID: a.ID, Title: a.Title, URL: s.articlePath(a), Closed: a.CommentsClosed, Comments: a.Comments}
	}
	counts, err := s.st.CountComments(ctx, articleID)
	if err != nil {
		return fmt.Errorf("admin: comments: %w", err)
	}
	page.Tabs = tabs(counts, status, articleID)
	items, next, err := s.st.ListComments(ctx, store.CommentFilter{Status: status, ArticleID: articleID, Limit: pageSize, Cursor: cursor})
	if err != nil {
		return err
	}
	page.Items = s.commentItems(ctx, items)
	if next != "" {
		page.Older = listURL(status, articleID, next)
	}
	if cursor != "" {
		page.Newest = listURL(status, articleID, "")
	}
	page.Notice = cmp.Or(bulkNotice(q), notice(q))
	page.Bulk = bulkOptions(status)
	return s.render(w, r, http.StatusOK, "comments", view{
		Frame: frame{Title: statusName(status) + " comments", User: &rq.user, CSRF: rq.csrf, Section: "comments"},
		Page:  page,
	})
}

// commentItems prepares comments for a page, looking up each article's
// public address once.
func (s *server) commentItems(ctx context.Context, cs []model.Comment) []commentItem {
	paths := map[int64]string{}
	out := make([]commentItem, len(cs))
	for i, c := range cs {
		p, ok := paths[c.ArticleID]
		if !ok {
			if a, err := s.st.GetArticle(ctx, c.ArticleID); err == nil {
				p = s.articlePath(a)
			} else if !errors.Is(err, store.ErrNotFound) {
				s.log.Warn("admin: look up a comment's article", "article_id", c.ArticleID, "err", err)
			}
			paths[c.ArticleID] = p
		}
		out[i] = s.commentItem(c, p)
	}
	return out
}

func (s *server) commentItem(c model.Comment, articleURL string) commentItem {
	it := commentItem{Comment: c, ArticleURL: articleURL, ArticleQueueURL: listURL(c.Status, c.ArticleID, "")}
	it.CreatedLabel, it.CreatedISO = s.formatTime(c.Created)
	base := "/admin/comments/" + strconv.FormatInt(c.ID, 10)
	for _, m := range comments.MovesFrom(c.Status) {
		it.Actions = append(it.Actions, actionButton{URL: base + "/" + m.Name, Label: commentActions[m.Name].label})
	}
	it.EditURL = base + "/edit"
	if c.Status == model.CommentApproved || c.Status == model.CommentPending {
		it.ReplyURL = base + "/reply"
	}
	return it
}

// articlePath is an article's public address on this site, "" when
// Options.ArticlePath is not set.
func (s *server) articlePath(a model.Article) string {
	if s.articleURL == nil {
		return ""
	}
	return s.articleURL(a)
}

// notice words what the action before this page did, from the done and
// c parameters the action's redirect added.
func notice(q url.Values) string {
	done := q.Get("done")
	id, err := strconv.ParseInt(q.Get("c"), 10, 64)
	if done == "" || err != nil || id <= 0 {
		return ""
	}
	if a, ok := commentActions[done]; ok {
		return fmt.Sprintf("Comment #%d %s.", id, a.done)
	}
	switch done {
	case "edited":
		return fmt.Sprintf("Comment #%d saved.", id)
	case "replied":
		return fmt.Sprintf("Your reply (comment #%d) is published.", id)
	case "closed":
		return "Comments on this article are now closed."
	case "opened":
		return "Comments on this article are now open."
	}
	return ""
}

// withNotice adds the done and c parameters to a checked local path.
func withNotice(to, done string, id int64) string {
	return withQuery(to, nil, url.Values{"done": {done}, "c": {strconv.FormatInt(id, 10)}})
}

// withQuery is a checked local path with the parameters in drop removed
// from its query and those in set put there, replacing any of the same
// name: how an action tells the page it returns to what it did.
func withQuery(to string, drop []string, set url.Values) string {
	u, err := url.Parse(to)
	if err != nil {
		return to
	}
	q := u.Query()
	for _, k := range drop {
		q.Del(k)
	}
	for k, v := range set {
		q[k] = v
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// returnTo is where a form sends the browser back to: its return field
// when that is a local admin path, else fallback.
func returnTo(r *http.Request, fallback string) string {
	if p, ok := localPath(r.Form.Get("return")); ok {
		return p
	}
	return fallback
}

// pathID reads the {id} of a route.
func pathID(r *http.Request) (int64, error) { return pathNumber(r, "id") }

// pathNumber reads a route's wildcard that names a stored row by number;
// anything but a positive number there is a 404.
func pathNumber(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, errNotFound
	}
	return id, nil
}

// loadComment reads the comment of a route, a 404 page when there is
// none.
func (s *server) loadComment(r *http.Request) (model.Comment, error) {
	return loadByPath(r, s.st.GetComment, "comment", "There is no comment #%d.")
}

// loadByPath reads with get the row a route's {id} names, kind being
// what it is ("comment"); a missing row is a 404 page saying missing,
// formatted with the number.
func loadByPath[T any](r *http.Request, get func(context.Context, int64) (T, error), kind, missing string) (T, error) {
	var zero T
	id, err := pathID(r)
	if err != nil {
		return zero, err
	}
	v, err := get(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		return zero, &httpError{http.StatusNotFound, fmt.Sprintf(missing, id)}
	}
	if err != nil {
		return zero, fmt.Errorf("admin: %s %d: %w", kind, id, err)
	}
	return v, nil
}

// handleCommentAction moves a comment to another status.
func (s *server) handleCommentAction(w http.ResponseWriter, r *http.Request, rq *request) error {
	name := r.PathValue("action")
	act, ok := commentActions[name]
	if !ok {
		return errNotFound
	}
	c, err := s.loadComment(r)
	if err != nil {
		return err
	}
	back := returnTo(r, listURL(c.Status, 0, ""))
	if to, _ := comments.Target(name); c.Status == to {
		// Done already (a second moderator, or a button pressed twice).
		redirect(w, withNotice(back, name, c.ID))
		return nil
	}
	move, offered := comments.MoveNamed(c.Status, name)
	if !offered {
		return &httpError{http.StatusConflict, fmt.Sprintf(
			"Comment #%d is %s now, so %q does not apply to it; someone may have moderated it meanwhile. Go back and reload the list.",
			c.ID, c.Status, act.label)}
	}
	if err := s.st.SetCommentStatus(r.Context(), c.ID, move.To); err != nil {
		return fmt.Errorf("admin: comment %d: %w", c.ID, err)
	}
	s.log.Info("admin: comment moderated", "comment_id", c.ID, "from", c.Status, "to", move.To, "user_id", rq.user.ID)
	s.audit(r, rq, "comment."+name, "comment", c.ID, fmt.Sprintf("%s → %s", c.Status, move.To))
	redirect(w, withNotice(back, name, c.ID))
	return nil
}

// handleCloseComments opens or closes an article's comments.
func (s *server) handleCloseComments(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var closed bool
	switch r.PostForm.Get("closed") {
	case "true":
		closed = true
	case "false":
	default:
		return badRequest("Say whether to close the comments (closed=true) or open them (closed=false).")
	}
	if _, err := s.st.GetArticle(r.Context(), id); errors.Is(err, store.ErrNotFound) {
		return &httpError{http.StatusNotFound, fmt.Sprintf("There is no article %d.", id)}
	} else if err != nil {
		return fmt.Errorf("admin: article %d: %w", id, err)
	}
	if err := s.st.SetCommentsClosed(r.Context(), id, closed); err != nil {
		return fmt.Errorf("admin: article %d: %w", id, err)
	}
	s.log.Info("admin: article comments closed", "article_id", id, "closed", closed, "user_id", rq.user.ID)
	verb := "comment.open"
	if closed {
		verb = "comment.close"
	}
	s.audit(r, rq, verb, "article", id, "comments on the article "+map[bool]string{true: "closed", false: "reopened"}[closed])
	done := "opened"
	if closed {
		done = "closed"
	}
	redirect(w, withNotice(returnTo(r, listURL(model.CommentPending, id, "")), done, id))
	return nil
}

// truncate shortens a value quoted back in a message.
func truncate(s string) string {
	r := []rune(s)
	if len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}
