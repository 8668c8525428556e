package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// commentCols is what scanComment reads.
const commentCols = `c.id, c.article_id, c.parent_id, c.root_id, c.depth, c.status, c.name, c.email,
	c.website, c.body, c.client_ip, c.user_agent, c.user_id, c.reason, c.nonce, c.created_at`

// scanComment reads commentCols, then any extra columns into extra.
func scanComment(row interface{ Scan(...any) error }, extra ...any) (model.Comment, error) {
	var c model.Comment
	var parent, user sql.NullInt64
	var created int64
	var status string
	dest := append([]any{&c.ID, &c.ArticleID, &parent, &c.RootID, &c.Depth, &status, &c.Name, &c.Email,
		&c.Website, &c.Body, &c.ClientIP, &c.UserAgent, &user, &c.Reason, &c.Nonce, &created}, extra...)
	if err := row.Scan(dest...); err != nil {
		return model.Comment{}, err
	}
	c.ParentID = parent.Int64
	c.UserID = user.Int64
	c.Status = model.CommentStatus(status)
	c.Created = time.UnixMicro(created).UTC()
	return c, nil
}

// AddComment stores a comment, placing it in its parent's thread, and
// counts it in its article when approved, in one transaction.
func (s *Store) AddComment(ctx context.Context, c model.Comment) (model.Comment, error) {
	c, err := store.PrepareComment(c, time.Now())
	if err != nil {
		return model.Comment{}, fmt.Errorf("sqlite: add comment: %w", err)
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return model.Comment{}, fmt.Errorf("sqlite: add comment: %w", err)
	}
	defer tx.Rollback()
	var one int
	if err := tx.QueryRowContext(ctx, `SELECT 1 FROM articles WHERE id = ?`, c.ArticleID).Scan(&one); err != nil {
		return model.Comment{}, fmt.Errorf("sqlite: add comment: article %d: %w", c.ArticleID, notFound(err))
	}
	c.RootID, c.Depth = 0, 0
	if c.ParentID != 0 {
		var article int64
		err := tx.QueryRowContext(ctx, `SELECT article_id, root_id, depth FROM comments WHERE id = ?`,
			c.ParentID).Scan(&article, &c.RootID, &c.Depth)
		if err != nil {
			return model.Comment{}, fmt.Errorf("sqlite: add comment: parent %d: %w", c.ParentID, notFound(err))
		}
		if article != c.ArticleID {
			return model.Comment{}, fmt.Errorf("sqlite: add comment: parent %d: %w", c.ParentID, store.ErrBadParent)
		}
		c.Depth++
	}
	if c.UserID != 0 {
		if err := tx.QueryRowContext(ctx, `SELECT 1 FROM users WHERE id = ?`, c.UserID).Scan(&one); err != nil {
			return model.Comment{}, fmt.Errorf("sqlite: add comment: user %d: %w", c.UserID, notFound(err))
		}
	}
	err = tx.QueryRowContext(ctx, `INSERT INTO comments (article_id, parent_id, root_id, depth, status,
		name, email, email_key, website, body, client_ip, user_agent, user_id, reason, nonce, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		c.ArticleID, nullID(c.ParentID), c.RootID, c.Depth, string(c.Status),
		c.Name, c.Email, strings.ToLower(c.Email), c.Website, c.Body, c.ClientIP, c.UserAgent,
		nullID(c.UserID), c.Reason, c.Nonce, c.Created.UnixMicro()).Scan(&c.ID)
	if isUnique(err) {
		return model.Comment{}, fmt.Errorf("sqlite: add comment: nonce %q: %w", c.Nonce, store.ErrDuplicate)
	}
	if err != nil {
		return model.Comment{}, fmt.Errorf("sqlite: add comment: %w", err)
	}
	if c.ParentID == 0 {
		// A top-level comment is the root of its own thread.
		c.RootID = c.ID
		if _, err := tx.ExecContext(ctx, `UPDATE comments SET root_id = id WHERE id = ?`, c.ID); err != nil {
			return model.Comment{}, fmt.Errorf("sqlite: add comment: %w", err)
		}
	}
	if c.Status == model.CommentApproved {
		if _, err := tx.ExecContext(ctx, `UPDATE articles SET comment_count = comment_count + 1 WHERE id = ?`,
			c.ArticleID); err != nil {
			return model.Comment{}, fmt.Errorf("sqlite: add comment: count it: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return model.Comment{}, fmt.Errorf("sqlite: add comment: %w", err)
	}
	return c, nil
}

// GetComment returns one comment with its article's title.
func (s *Store) GetComment(ctx context.Context, id int64) (model.Comment, error) {
	var title string
	row := s.r.QueryRowContext(ctx, `SELECT `+commentCols+`, a.title FROM comments c
		JOIN articles a ON a.id = c.article_id WHERE c.id = ?`, id)
	c, err := scanComment(row, &title)
	if err != nil {
		return model.Comment{}, fmt.Errorf("sqlite: get comment %d: %w", id, notFound(err))
	}
	c.ArticleTitle = title
	return c, nil
}

// ListComments returns a page of comments, newest first, with their
// articles' titles. The order is total, (created_at, id) descending, so
// the keyset cursor never skips or repeats a comment.
func (s *Store) ListComments(ctx context.Context, f store.CommentFilter) ([]model.Comment, string, error) {
	var w where
	if f.Cursor != "" {
		cur, err := store.DecodeCursor(f.Cursor)
		if err != nil {
			return nil, "", fmt.Errorf("sqlite: list comments: %w", err)
		}
		w.add(`(c.created_at, c.id) < (?, ?)`, cur.PublishedAt.UnixMicro(), cur.ID)
	}
	if f.Status != "" {
		if _, err := model.ParseCommentStatus(string(f.Status)); err != nil {
			return nil, "", fmt.Errorf("sqlite: list comments: %w", err)
		}
		w.add(`c.status = ?`, string(f.Status))
	}
	if f.ArticleID != 0 {
		w.add(`c.article_id = ?`, f.ArticleID)
	}
	limit := store.ClampLimit(f.Limit)
	rows, err := s.r.QueryContext(ctx, `SELECT `+commentCols+`, a.title FROM comments c
		JOIN articles a ON a.id = c.article_id`+w.String()+
		` ORDER BY c.created_at DESC, c.id DESC LIMIT ?`, append(w.args, limit+1)...)
	if err != nil {
		return nil, "", fmt.Errorf("sqlite: list comments: %w", err)
	}
	defer rows.Close()
	out := []model.Comment{}
	for rows.Next() {
		var title string
		c, err := scanComment(rows, &title)
		if err != nil {
			return nil, "", fmt.Errorf("sqlite: list comments: %w", err)
		}
		c.ArticleTitle = title
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, "", fmt.Errorf("sqlite: list comments: %w", err)
	}
	out, next := store.NextCommentPage(out, limit)
	return out, next, nil
}

// CountComments counts comments per status, of one article or (articleID
// 0) of all.
func (s *Store) CountComments(ctx context.Context, articleID int64) (map[model.CommentStatus]int, error) {
	q := `SELECT status, COUNT(*) FROM comments GROUP BY status`
	var args []any
	if articleID != 0 {
		q = `SELECT status, COUNT(*) FROM comments WHERE article_id = ? GROUP BY status`
		args = append(args, articleID)
	}
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: count comments: %w", err)
	}
	defer rows.Close()
	out := make(map[model.CommentStatus]int, len(model.CommentStatuses))
	for _, st := range model.CommentStatuses {
		out[st] = 0
	}
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, fmt.Errorf("sqlite: count comments: %w", err)
		}
		out[model.CommentStatus(st)] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: count comments: %w", err)
	}
	return out, nil
}

// Thread returns one page of an article's approved threads: the page's
// top-level comments are chosen in SQL, every approved comment of their
// threads is read in one query, and threadOrder arranges them.
func (s *Store) Thread(ctx context.Context, articleID int64, page, perPage int, newest bool) ([]model.Comment, int, error) {
	if err := store.CheckThreadPage(page, perPage); err != nil {
		return nil, 0, fmt.Errorf("sqlite: thread of article %d: %w", articleID, err)
	}
	var topLevel int
	err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM comments INDEXED BY comments_threads
		WHERE article_id = ? AND status = 'approved' AND parent_id IS NULL`, articleID).Scan(&topLevel)
	if err != nil {
		return nil, 0, fmt.Errorf("sqlite: thread of article %d: %w", articleID, err)
	}
	// Past the last page (compared by division, so that no page number
	// or size overflows): nothing to read. Otherwise the offset is less
	// than topLevel.
	if topLevel == 0 || page-1 > (topLevel-1)/perPage {
		return []model.Comment{}, topLevel, nil
	}
	order := `ASC`
	if newest {
		order = `DESC`
	}
	// Without statistics SQLite would rather scan every approved comment
	// than look up the page's threads; the indexes are named for it.
	rows, err := s.r.QueryContext(ctx, `SELECT `+commentCols+` FROM comments c INDEXED BY comments_root
		WHERE c.status = 'approved' AND c.root_id IN (
			SELECT id FROM comments INDEXED BY comments_threads
			WHERE article_id = ? AND status = 'approved' AND parent_id IS NULL
			ORDER BY created_at `+order+`, id `+order+` LIMIT ? OFFSET ?)
		ORDER BY c.created_at, c.id`, articleID, perPage, (page-1)*perPage)
	if err != nil {
		return nil, 0, fmt.Errorf("sqlite: thread of article %d: %w", articleID, err)
	}
	defer rows.Close()
	var all []model.Comment
	for rows.Next() {
		c, err := scanComment(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("sqlite: thread of article %d: %w", articleID, err)
		}
		all = append(all, c)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("sqlite: thread of article %d: %w", articleID, err)
	}
	return store.ThreadOrder(all, newest), topLevel, nil
}

// CommentPage returns the page of Thread that shows the approved comment
// id: the page of its top-level comment. A comment Thread does not show
// (not approved, or below a reply that is not) is not found.
func (s *Store) CommentPage(ctx context.Context, id int64, perPage int, newest bool) (int, error) {
	fail := func(err error) (int, error) {
		return 0, fmt.Errorf("sqlite: page of comment %d: %w", id, err)
	}
	if err := store.CheckThreadPage(1, perPage); err != nil {
		return fail(err)
	}
	var articleID, rootID int64
	var status string
	err := s.r.QueryRowContext(ctx, `SELECT article_id, root_id, status FROM comments WHERE id = ?`,
		id).Scan(&articleID, &rootID, &status)
	if err != nil {
		return fail(notFound(err))
	}
	if status != string(model.CommentApproved) {
		return fail(store.ErrNotFound)
	}
	rows, err := s.r.QueryContext(ctx, `SELECT id, parent_id, created_at FROM comments INDEXED BY comments_root
		WHERE root_id = ? AND status = 'approved'`, rootID)
	if err != nil {
		return fail(err)
	}
	defer rows.Close()
	parents := map[int64]int64{}
	var rootCreated int64
	for rows.Next() {
		var cid, created int64
		var parent sql.NullInt64
		if err := rows.Scan(&cid, &parent, &created); err != nil {
			return fail(err)
		}
		parents[cid] = parent.Int64
		if cid == rootID {
			rootCreated = created
		}
	}
	if err := rows.Err(); err != nil {
		return fail(err)
	}
	if !store.ShownInThread(parents, id, rootID) {
		return fail(store.ErrNotFound)
	}
	cmp := `<`
	if newest {
		cmp = `>`
	}
	var before int
	err = s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM comments INDEXED BY comments_threads
		WHERE article_id = ? AND status = 'approved' AND parent_id IS NULL
		AND (created_at, id) `+cmp+` (?, ?)`, articleID, rootCreated, rootID).Scan(&before)
	if err != nil {
		return fail(err)
	}
	return before/perPage + 1, nil
}

// SetCommentStatus moves a comment to status, and its article's approved
// count with it, in one transaction.
func (s *Store) SetCommentStatus(ctx context.Context, id int64, status model.CommentStatus) error {
	fail := func(err error) error { return fmt.Errorf("sqlite: set status of comment %d: %w", id, err) }
	if _, err := model.ParseCommentStatus(string(status)); err != nil {
		return fail(err)
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fail(err)
	}
	defer tx.Rollback()
	var articleID int64
	var old string
	err = tx.QueryRowContext(ctx, `SELECT article_id, status FROM comments WHERE id = ?`, id).Scan(&articleID, &old)
	if err != nil {
		return fail(notFound(err))
	}
	if _, err := tx.ExecContext(ctx, `UPDATE comments SET status = ? WHERE id = ?`, string(status), id); err != nil {
		return fail(err)
	}
	if delta := store.CommentCountDelta(model.CommentStatus(old), status); delta != 0 {
		if _, err := tx.ExecContext(ctx, `UPDATE articles SET comment_count = comment_count + ? WHERE id = ?`,
			delta, articleID); err != nil {
			return fail(err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fail(err)
	}
	return nil
}

// EditComment replaces a comment's name, website and body.
func (s *Store) EditComment(ctx context.Context, id int64, name, website, body string) error {
	what := fmt.Sprintf("sqlite: edit comment %d", id)
	if err := store.CheckText("name", name, "website", website, "body", body); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	res, err := s.w.ExecContext(ctx, `UPDATE comments SET name = ?, website = ?, body = ? WHERE id = ?`,
		name, website, body, id)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return affected(res, what)
}

// SetCommentsClosed opens or closes an article's comments.
func (s *Store) SetCommentsClosed(ctx context.Context, articleID int64, closed bool) error {
	what := fmt.Sprintf("sqlite: close comments of article %d", articleID)
	res, err := s.w.ExecContext(ctx, `UPDATE articles SET comments_closed = ? WHERE id = ?`, closed, articleID)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return affected(res, what)
}

// activityEpoch stands for "since ever" when an ActivityQuery has no
// Since: earlier than any comment.
var activityEpoch = time.Date(1, time.January, 1, 0, 0, 0, 0, time.UTC)

// CommentActivity answers the spam rules' questions in one statement.
func (s *Store) CommentActivity(ctx context.Context, q store.ActivityQuery) (store.Activity, error) {
	since := q.Since
	if since.IsZero() {
		since = activityEpoch
	}
	ip, email := store.LookupValue(q.ClientIP), store.LookupValue(strings.ToLower(q.Email))
	var body any = q.Body
	if !store.Findable(q.Body) {
		body = nil
	}
	var a store.Activity
	var last sql.NullInt64
	err := s.r.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM comments WHERE client_ip = ? AND created_at >= ?),
		(SELECT COUNT(*) FROM comments WHERE email_key = ? AND created_at >= ?),
		(SELECT MAX(created_at) FROM comments WHERE client_ip = ?),
		EXISTS (SELECT 1 FROM comments INDEXED BY comments_client_ip WHERE client_ip = ? AND article_id = ?
			AND body = ? AND status <> 'trash')
			OR EXISTS (SELECT 1 FROM comments INDEXED BY comments_email WHERE email_key = ? AND article_id = ?
			AND body = ? AND status <> 'trash'),
		(SELECT COUNT(*) FROM comments WHERE email_key = ? AND status = 'approved')`,
		ip, since.UnixMicro(), email, since.UnixMicro(), ip,
		ip, q.ArticleID, body, email, q.ArticleID, body, email).Scan(&a.ByIP, &a.ByEmail, &last, &a.Duplicate, &a.Approved)
	if err != nil {
		return store.Activity{}, fmt.Errorf("sqlite: comment activity: %w", err)
	}
	a.LastAt = fromMicros(last)
	return a, nil
}
