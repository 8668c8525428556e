package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// commentCols is what scanComment reads.
const commentCols = `c.id, c.article_id, c.parent_id, c.root_id, c.depth, c.status, c.name, c.email,
	c.website, c.body, c.client_ip, c.user_agent, c.user_id, c.reason, c.nonce, c.created_at`

// scanComment reads commentCols, then any extra columns into extra.
func scanComment(row pgx.Row, extra ...any) (model.Comment, error) {
	var c model.Comment
	var parent, user *int64
	var created time.Time
	var status string
	dest := append([]any{&c.ID, &c.ArticleID, &parent, &c.RootID, &c.Depth, &status, &c.Name, &c.Email,
		&c.Website, &c.Body, &c.ClientIP, &c.UserAgent, &user, &c.Reason, &c.Nonce, &created}, extra...)
	if err := row.Scan(dest...); err != nil {
		return model.Comment{}, err
	}
	if parent != nil {
		c.ParentID = *parent
	}
	if user != nil {
		c.UserID = *user
	}
	c.Status = model.CommentStatus(status)
	c.Created = created.UTC()
	return c, nil
}

// isForeignKey tells a foreign-key violation from other errors: an
// article or comment deleted while a reply to it was being stored.
func isForeignKey(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23503"
}

// AddComment stores a comment, placing it in its parent's thread, and
// counts it in its article when approved, in one transaction. Two posts
// of one form race on the unique index of nonces: the second waits for
// the first and fails with ErrDuplicate.
func (s *Store) AddComment(ctx context.Context, c model.Comment) (model.Comment, error) {
	c, err := store.PrepareComment(c, time.Now())
	if err != nil {
		return model.Comment{}, fmt.Errorf("postgres: add comment: %w", err)
	}
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var one int
		if err := tx.QueryRow(ctx, `SELECT 1 FROM articles WHERE id = $1`, c.ArticleID).Scan(&one); err != nil {
			return fmt.Errorf("article %d: %w", c.ArticleID, notFound(err))
		}
		c.RootID, c.Depth = 0, 0
		if c.ParentID != 0 {
			var article int64
			err := tx.QueryRow(ctx, `SELECT article_id, root_id, depth FROM comments WHERE id = $1`,
				c.ParentID).Scan(&article, &c.RootID, &c.Depth)
			if err != nil {
				return fmt.Errorf("parent %d: %w", c.ParentID, notFound(err))
			}
			if article != c.ArticleID {
				return fmt.Errorf("parent %d: %w", c.ParentID, store.ErrBadParent)
			}
			c.Depth++
		}
		if c.UserID != 0 {
			if err := tx.QueryRow(ctx, `SELECT 1 FROM users WHERE id = $1`, c.UserID).Scan(&one); err != nil {
				return fmt.Errorf("user %d: %w", c.UserID, notFound(err))
			}
		}
		// The ID is drawn first so that a top-level comment is inserted
		// as the root of its own thread.
		err := tx.QueryRow(ctx, `SELECT nextval(pg_get_serial_sequence('comments', 'id'))`).Scan(&c.ID)
		if err != nil {
			return err
		}
		if c.ParentID == 0 {
			c.RootID = c.ID
		}
		_, err = tx.Exec(ctx, `INSERT INTO comments (id, article_id, parent_id, root_id, depth, status,
			name, email, email_key, website, body, client_ip, user_agent, user_id, reason, nonce, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
			c.ID, c.ArticleID, nullID(c.ParentID), c.RootID, c.Depth, string(c.Status),
			c.Name, c.Email, strings.ToLower(c.Email), c.Website, c.Body, c.ClientIP, c.UserAgent,
			nullID(c.UserID), c.Reason, c.Nonce, c.Created)
		switch {
		case isUnique(err):
			return fmt.Errorf("nonce %q: %w", c.Nonce, store.ErrDuplicate)
		case isForeignKey(err):
			return fmt.Errorf("article %d or parent %d: %w", c.ArticleID, c.ParentID, store.ErrNotFound)
		case err != nil:
			return err
		}
		if c.Status == model.CommentApproved {
			if _, err := tx.Exec(ctx, `UPDATE articles SET comment_count = comment_count + 1 WHERE id = $1`,
				c.ArticleID); err != nil {
				return fmt.Errorf("count it: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		return model.Comment{}, fmt.Errorf("postgres: add comment: %w", err)
	}
	return c, nil
}

// GetComment returns one comment with its article's title.
func (s *Store) GetComment(ctx context.Context, id int64) (model.Comment, error) {
	var title string
	row := s.pool.QueryRow(ctx, `SELECT `+commentCols+`, a.title FROM comments c
		JOIN articles a ON a.id = c.article_id WHERE c.id = $1`, id)
	c, err := scanComment(row, &title)
	if err != nil {
		return model.Comment{}, fmt.Errorf("postgres: get comment %d: %w", id, notFound(err))
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
			return nil, "", fmt.Errorf("postgres: list comments: %w", err)
		}
		w.add(`(c.created_at, c.id) < (` + w.arg(cur.PublishedAt) + `::timestamptz, ` + w.arg(cur.ID) + `::bigint)`)
	}
	if f.Status != "" {
		if _, err := model.ParseCommentStatus(string(f.Status)); err != nil {
			return nil, "", fmt.Errorf("postgres: list comments: %w", err)
		}
		w.add(`c.status = ` + w.arg(string(f.Status)))
	}
	if f.ArticleID != 0 {
		w.add(`c.article_id = ` + w.arg(f.ArticleID))
	}
	limit := store.ClampLimit(f.Limit)
	rows, err := s.pool.Query(ctx, `SELECT `+commentCols+`, a.title FROM comments c
		JOIN articles a ON a.id = c.article_id`+w.String()+
		` ORDER BY c.created_at DESC, c.id DESC LIMIT `+w.arg(limit+1), w.args...)
	if err != nil {
		return nil, "", fmt.Errorf("postgres: list comments: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (model.Comment, error) {
		var title string
		c, err := scanComment(r, &title)
		c.ArticleTitle = title
		return c, err
	})
	if err != nil {
		return nil, "", fmt.Errorf("postgres: list comments: %w", err)
	}
	if out == nil {
		out = []model.Comment{}
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
		q = `SELECT status, COUNT(*) FROM comments WHERE article_id = $1 GROUP BY status`
		args = append(args, articleID)
	}
	rows, err := s.pool.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("postgres: count comments: %w", err)
	}
	out := make(map[model.CommentStatus]int, len(model.CommentStatuses))
	for _, st := range model.CommentStatuses {
		out[st] = 0
	}
	var st string
	var n int
	_, err = pgx.ForEachRow(rows, []any{&st, &n}, func() error {
		out[model.CommentStatus(st)] = n
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: count comments: %w", err)
	}
	return out, nil
}

// Thread returns one page of an article's approved threads: the page's
// top-level comments are chosen in SQL, every approved comment of their
// threads is read in one query, and threadOrder arranges them.
func (s *Store) Thread(ctx context.Context, articleID int64, page, perPage int, newest bool) ([]model.Comment, int, error) {
	if err := store.CheckThreadPage(page, perPage); err != nil {
		return nil, 0, fmt.Errorf("postgres: thread of article %d: %w", articleID, err)
	}
	var topLevel int
	err := s.pool.QueryRow(ctx, `SELECT COUNT(*) FROM comments
		WHERE article_id = $1 AND status = 'approved' AND parent_id IS NULL`, articleID).Scan(&topLevel)
	if err != nil {
		return nil, 0, fmt.Errorf("postgres: thread of article %d: %w", articleID, err)
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
	rows, err := s.pool.Query(ctx, `SELECT `+commentCols+` FROM comments c
		WHERE c.status = 'approved' AND c.root_id IN (
			SELECT id FROM comments
			WHERE article_id = $1 AND status = 'approved' AND parent_id IS NULL
			ORDER BY created_at `+order+`, id `+order+` LIMIT $2 OFFSET $3)
		ORDER BY c.created_at, c.id`, articleID, perPage, (page-1)*perPage)
	if err != nil {
		return nil, 0, fmt.Errorf("postgres: thread of article %d: %w", articleID, err)
	}
	all, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (model.Comment, error) { return scanComment(r) })
	if err != nil {
		return nil, 0, fmt.Errorf("postgres: thread of article %d: %w", articleID, err)
	}
	return store.ThreadOrder(all, newest), topLevel, nil
}

// CommentPage returns the page of Thread that shows the approved comment
// id: the page of its top-level comment. A comment Thread does not show
// (not approved, or below a reply that is not) is not found.
func (s *Store) CommentPage(ctx context.Context, id int64, perPage int, newest bool) (int, error) {
	fail := func(err error) (int, error) {
		return 0, fmt.Errorf("postgres: page of comment %d: %w", id, err)
	}
	if err := store.CheckThreadPage(1, perPage); err != nil {
		return fail(err)
	}
	var articleID, rootID int64
	var status string
	err := s.pool.QueryRow(ctx, `SELECT article_id, root_id, status FROM comments WHERE id = $1`,
		id).Scan(&articleID, &rootID, &status)
	if err != nil {
		return fail(notFound(err))
	}
	if status != string(model.CommentApproved) {
		return fail(store.ErrNotFound)
	}
	rows, err := s.pool.Query(ctx, `SELECT id, parent_id, created_at FROM comments
		WHERE root_id = $1 AND status = 'approved'`, rootID)
	if err != nil {
		return fail(err)
	}
	parents := map[int64]int64{}
	var rootCreated time.Time
	var cid int64
	var parent *int64
	var created time.Time
	_, err = pgx.ForEachRow(rows, []any{&cid, &parent, &created}, func() error {
		parents[cid] = 0
		if parent != nil {
			parents[cid] = *parent
		}
		if cid == rootID {
			rootCreated = created
		}
		return nil
	})
	if err != nil {
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
	err = s.pool.QueryRow(ctx, `SELECT COUNT(*) FROM comments
		WHERE article_id = $1 AND status = 'approved' AND parent_id IS NULL
		AND (created_at, id) `+cmp+` ($2::timestamptz, $3::bigint)`, articleID, rootCreated, rootID).Scan(&before)
	if err != nil {
		return fail(err)
	}
	return before/perPage + 1, nil
}

// SetCommentStatus moves a comment to status, and its article's approved
// count with it, in one transaction. The comment's row is locked first,
// so two moderators moving one comment at once count it once.
func (s *Store) SetCommentStatus(ctx context.Context, id int64, status model.CommentStatus) error {
	what := fmt.Sprintf("postgres: set status of comment %d", id)
	if _, err := model.ParseCommentStatus(string(status)); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var articleID int64
		var old string
		err := tx.QueryRow(ctx, `SELECT article_id, status FROM comments WHERE id = $1 FOR NO KEY UPDATE`,
			id).Scan(&articleID, &old)
		if err != nil {
			return notFound(err)
		}
		if _, err := tx.Exec(ctx, `UPDATE comments SET status = $2 WHERE id = $1`, id, string(status)); err != nil {
			return err
		}
		if delta := store.CommentCountDelta(model.CommentStatus(old), status); delta != 0 {
			if _, err := tx.Exec(ctx, `UPDATE articles SET comment_count = comment_count + $2 WHERE id = $1`,
				articleID, delta); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// EditComment replaces a comment's name, website and body.
func (s *Store) EditComment(ctx context.Context, id int64, name, website, body string) error {
	what := fmt.Sprintf("postgres: edit comment %d", id)
	if err := store.CheckText("name", name, "website", website, "body", body); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	tag, err := s.pool.Exec(ctx, `UPDATE comments SET name = $2, website = $3, body = $4 WHERE id = $1`,
		id, name, website, body)
	return changed(tag, err, what)
}

// SetCommentsClosed opens or closes an article's comments.
func (s *Store) SetCommentsClosed(ctx context.Context, articleID int64, closed bool) error {
	tag, err := s.pool.Exec(ctx, `UPDATE articles SET comments_closed = $2 WHERE id = $1`, articleID, closed)
	return changed(tag, err, fmt.Sprintf("postgres: close comments of article %d", articleID))
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
	var last *time.Time
	err := s.pool.QueryRow(ctx, `SELECT
		(SELECT COUNT(*) FROM comments WHERE client_ip = $1::text AND created_at >= $3::timestamptz),
		(SELECT COUNT(*) FROM comments WHERE email_key = $2::text AND created_at >= $3::timestamptz),
		(SELECT MAX(created_at) FROM comments WHERE client_ip = $1::text),
		EXISTS (SELECT 1 FROM comments WHERE client_ip = $1::text AND article_id = $4::bigint
			AND body = $5::text AND status <> 'trash')
			OR EXISTS (SELECT 1 FROM comments WHERE email_key = $2::text AND article_id = $4::bigint
			AND body = $5::text AND status <> 'trash'),
		(SELECT COUNT(*) FROM comments WHERE email_key = $2::text AND status = 'approved')`,
		ip, email, since.UTC(), q.ArticleID, body).Scan(&a.ByIP, &a.ByEmail, &last, &a.Duplicate, &a.Approved)
	if err != nil {
		return store.Activity{}, fmt.Errorf("postgres: comment activity: %w", err)
	}
	a.LastAt = fromTS(last)
	return a, nil
}
