package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// deskListCols are what desk listings read: everything but the bodies.
const deskListCols = `d.id, COALESCE(d.author_id, 0), COALESCE(NULLIF(u.name, ''), u.email, ''), d.status,
	d.title, d.slug, d.excerpt, d.category, d.tags, d.byline, COALESCE(d.image_id, 0), d.image_url,
	d.image_caption, d.image_credit, d.credit, d.credit_url, COALESCE(d.based_on, 0), d.language,
	d.publish_at, COALESCE(d.article_id, 0), d.created_at, d.updated_at, COALESCE(d.updated_by, 0),
	COALESCE(NULLIF(ub.name, ''), ub.email, ''), d.version`

const deskFullCols = deskListCols + `, d.body, d.body_html, d.body_text`

const deskFrom = ` FROM desk_articles d
	LEFT JOIN users u ON u.id = d.author_id
	LEFT JOIN users ub ON ub.id = d.updated_by`

// scanDesk reads deskListCols, and the bodies when full.
func scanDesk(row interface{ Scan(...any) error }, full bool) (model.DeskArticle, error) {
	var d model.DeskArticle
	var status, tags string
	var publish, created, updated sql.NullInt64
	dest := []any{&d.ID, &d.AuthorID, &d.Author, &status, &d.Title, &d.Slug, &d.Excerpt, &d.Category,
		&tags, &d.Byline, &d.ImageID, &d.ImageURL, &d.ImageCaption, &d.ImageCredit, &d.Credit,
		&d.CreditURL, &d.BasedOn, &d.Language, &publish, &d.ArticleID, &created, &updated,
		&d.UpdatedBy, &d.UpdatedByName, &d.Version}
	if full {
		dest = append(dest, &d.Body, &d.BodyHTML, &d.BodyText)
	}
	if err := row.Scan(dest...); err != nil {
		return model.DeskArticle{}, err
	}
	d.Status = model.DeskStatus(status)
	d.Tags = store.SplitDeskTags(tags)
	d.PublishAt, d.Created, d.Updated = fromMicros(publish), fromMicros(created), fromMicros(updated)
	return d, nil
}

// GetDeskArticle returns one desk article with its bodies.
func (s *Store) GetDeskArticle(ctx context.Context, id int64) (model.DeskArticle, error) {
	d, err := scanDesk(s.r.QueryRowContext(ctx, `SELECT `+deskFullCols+deskFrom+` WHERE d.id = ?`, id), true)
	if err != nil {
		return model.DeskArticle{}, fmt.Errorf("sqlite: get desk article %d: %w", id, notFound(err))
	}
	return d, nil
}

// ListDeskArticles returns a page of desk articles, the last changed first.
func (s *Store) ListDeskArticles(ctx context.Context, f store.DeskFilter) ([]model.DeskArticle, string, error) {
	var w where
	if f.Cursor != "" {
		cur, err := store.DecodeCursor(f.Cursor)
		if err != nil {
			return nil, "", fmt.Errorf("sqlite: list desk articles: %w", err)
		}
		w.add(`(d.updated_at, d.id) < (?, ?)`, cur.PublishedAt.UnixMicro(), cur.ID)
	}
	if f.Status != "" {
		w.add(`d.status = ?`, string(f.Status))
	}
	if f.AuthorID != 0 {
		w.add(`d.author_id = ?`, f.AuthorID)
	}
	limit := store.ClampLimit(f.Limit)
	rows, err := s.r.QueryContext(ctx, `SELECT `+deskListCols+deskFrom+w.String()+
		` ORDER BY d.updated_at DESC, d.id DESC LIMIT ?`, append(w.args, limit+1)...)
	if err != nil {
		return nil, "", fmt.Errorf("sqlite: list desk articles: %w", err)
	}
	defer rows.Close()
	out := []model.DeskArticle{}
	for rows.Next() {
		d, err := scanDesk(rows, false)
		if err != nil {
			return nil, "", fmt.Errorf("sqlite: list desk articles: %w", err)
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, "", fmt.Errorf("sqlite: list desk articles: %w", err)
	}
	out, next := store.NextDeskPage(out, limit)
	return out, next, nil
}

// CountDeskArticles counts desk articles by status.
func (s *Store) CountDeskArticles(ctx context.Context, authorID int64) (map[model.DeskStatus]int, error) {
	q := `SELECT status, COUNT(*) FROM desk_articles`
	var args []any
	if authorID != 0 {
		q += ` WHERE author_id = ?`
		args = append(args, authorID)
	}
	rows, err := s.r.QueryContext(ctx, q+` GROUP BY status`, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: count desk articles: %w", err)
	}
	defer rows.Close()
	out := map[model.DeskStatus]int{}
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, fmt.Errorf("sqlite: count desk articles: %w", err)
		}
		out[model.DeskStatus(st)] = n
	}
	return out, rows.Err()
}

// CreateDeskArticle stores a new desk article and its first revision.
func (s *Store) CreateDeskArticle(ctx context.Context, d model.DeskArticle, c store.DeskChange) (model.DeskArticle, error) {
	d, err := store.PrepareDesk(d)
	if err != nil {
		return model.DeskArticle{}, fmt.Errorf("sqlite: create desk article: %w", err)
	}
	now := c.Time()
	id, err := s.deskTx(ctx, func(tx *sql.Tx) (int64, error) {
		if err := checkSlug(ctx, tx, d.Slug, 0, 0); err != nil {
			return 0, err
		}
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO desk_articles (author_id, status, title, slug, excerpt,
			body, body_html, body_text, category, tags, byline, image_id, image_url, image_caption,
			image_credit, credit, credit_url, based_on, language, publish_at, created_at, updated_at,
			updated_by, version)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id`,
			nullID(d.AuthorID), string(d.Status), d.Title, d.Slug, d.Excerpt, d.Body, d.BodyHTML, d.BodyText,
			d.Category, store.JoinDeskTags(d.Tags), d.Byline, nullID(d.ImageID), d.ImageURL, d.ImageCaption,
			d.ImageCredit, d.Credit, d.CreditURL, nullID(d.BasedOn), d.Language, micros(d.PublishAt),
			micros(now), micros(now), nullID(c.UserID)).Scan(&id)
		if err != nil {
			return 0, slugErr(err)
		}
		d.ID = id
		return id, s.afterChange(ctx, tx, d, 0, c, now, false)
	})
	if err != nil {
		return model.DeskArticle{}, fmt.Errorf("sqlite: create desk article: %w", err)
	}
	return s.GetDeskArticle(ctx, id)
}

// SaveDeskArticle writes d over the stored article if it is still at
// d.Version.
func (s *Store) SaveDeskArticle(ctx context.Context, d model.DeskArticle, c store.DeskChange) (model.DeskArticle, error) {
	d, err := store.PrepareDesk(d)
	if err != nil {
		return model.DeskArticle{}, fmt.Errorf("sqlite: save desk article %d: %w", d.ID, err)
	}
	now := c.Time()
	_, err = s.deskTx(ctx, func(tx *sql.Tx) (int64, error) {
		var version int
		var articleID sql.NullInt64
		err := tx.QueryRowContext(ctx, `SELECT version, article_id FROM desk_articles WHERE id = ?`, d.ID).
			Scan(&version, &articleID)
		if err != nil {
			return 0, notFound(err)
		}
		if version != d.Version {
			return 0, store.ErrConflict
		}
		if err := checkSlug(ctx, tx, d.Slug, d.ID, articleID.Int64); err != nil {
			return 0, err
		}
		_, err = tx.ExecContext(ctx, `UPDATE desk_articles SET status = ?, title = ?, slug = ?, excerpt = ?,
			body = ?, body_html = ?, body_text = ?, category = ?, tags = ?, byline = ?, image_id = ?,
			image_url = ?, image_caption = ?, image_credit = ?, credit = ?, credit_url = ?, based_on = ?,
			language = ?, publish_at = ?, updated_at = ?, updated_by = ?, version = version + 1
			WHERE id = ?`,
			string(d.Status), d.Title, d.Slug, d.Excerpt, d.Body, d.BodyHTML, d.BodyText, d.Category,
			store.JoinDeskTags(d.Tags), d.Byline, nullID(d.ImageID), d.ImageURL, d.ImageCaption, d.ImageCredit,
			d.Credit, d.CreditURL, nullID(d.BasedOn), d.Language, micros(d.PublishAt), micros(now),
			nullID(c.UserID), d.ID)
		if err != nil {
			return 0, slugErr(err)
		}
		return d.ID, s.afterChange(ctx, tx, d, articleID.Int64, c, now, false)
	})
	if err != nil {
		return model.DeskArticle{}, fmt.Errorf("sqlite: save desk article %d: %w", d.ID, err)
	}
	return s.GetDeskArticle(ctx, d.ID)
}

// deskTx runs fn in a write transaction and nudges the index merger
// when it committed.
func (s *Store) deskTx(ctx context.Context, fn func(tx *sql.Tx) (int64, error)) (int64, error) {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	id, err := fn(tx)
	if err != nil {
		return 0, err
	}
	if err := tx.Commit(); err != nil {
		return 0, err
	}
	s.merge.nudge()
	return id, nil
}

// afterChange makes the public side follow the desk article d, just
// written, and records its revision. articleID is its public row, 0
// when it has none yet; autoSlug lets a publication take a free variant
// of a slug taken meanwhile instead of failing.
func (s *Store) afterChange(ctx context.Context, tx *sql.Tx, d model.DeskArticle, articleID int64, c store.DeskChange, now time.Time, autoSlug bool) error {
	switch {
	case d.Status == model.DeskPublished:
		id, err := s.publishRow(ctx, tx, d, articleID, now, autoSlug)
		if err != nil {
			return err
		}
		if id != articleID {
			if _, err := tx.ExecContext(ctx, `UPDATE desk_articles SET article_id = ? WHERE id = ?`, id, d.ID); err != nil {
				return err
			}
		}
	case articleID != 0:
		// Readers no longer find it; its address and comments stay.
		if err := s.hidePublic(ctx, tx, articleID); err != nil {
			return err
		}
	}
	return addRevision(ctx, tx, d, c, now)
}

// addRevision records d's state.
func addRevision(ctx context.Context, tx *sql.Tx, d model.DeskArticle, c store.DeskChange, now time.Time) error {
	snap, err := json.Marshal(d.DeskFields)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO desk_revisions (desk_article_id, user_id, created_at, note, status, publish_at, snapshot)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, d.ID, nullID(c.UserID), micros(now), store.Clean(c.Note), string(d.Status),
		micros(d.PublishAt), string(snap))
	return err
}

// checkSlug fails with ErrSlugTaken when a public article other than
// own, or a desk article other than deskID, has slug,
// or keeps it as a former slug (store.SlugHistoryStore).
func checkSlug(ctx context.Context, tx *sql.Tx, slug string, deskID, own int64) error {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM articles WHERE slug = ?1 AND id IS NOT ?2)
		+ (SELECT COUNT(*) FROM desk_articles WHERE slug = ?1 AND id IS NOT ?3)
		+ (SELECT COUNT(*) FROM slug_history WHERE old_slug = ?1 AND article_id IS NOT ?2)`,
		slug, nullID(own), nullID(deskID)).Scan(&n)
	if err != nil {
		return err
	}
	if n > 0 {
		return store.ErrSlugTaken
	}
	return nil
}

// slugErr reads a unique violation of the desk's slugs as ErrSlugTaken.
func slugErr(err error) error {
	if isUnique(err) {
		return fmt.Errorf("%w: %v", store.ErrSlugTaken, err)
	}
	return err
}

// DeleteDeskArticle deletes a draft that was never published.
func (s *Store) DeleteDeskArticle(ctx context.Context, id int64) error {
	res, err := s.w.ExecContext(ctx, `DELETE FROM desk_articles WHERE id = ? AND status = 'draft' AND article_id IS NULL`, id)
	if err != nil {
		return fmt.Errorf("sqlite: delete desk article %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil || n > 0 {
		return err
	}
	var one int
	if err := s.r.QueryRowContext(ctx, `SELECT 1 FROM desk_articles WHERE id = ?`, id).Scan(&one); err != nil {
		return fmt.Errorf("sqlite: delete desk article %d: %w", id, notFound(err))
	}
	return fmt.Errorf("sqlite: delete desk article %d: %w", id, store.ErrNotDraft)
}

const revisionCols = `r.id, r.desk_article_id, COALESCE(r.user_id, 0), COALESCE(NULLIF(u.name, ''), u.email, ''),
	r.created_at, r.note, r.status, r.publish_at, r.snapshot
	FROM desk_revisions r LEFT JOIN users u ON u.id = r.user_id`

func scanRevision(row interface{ Scan(...any) error }) (model.DeskRevision, error) {
	var r model.DeskRevision
	var created, publish sql.NullInt64
	var status, snap string
	if err := row.Scan(&r.ID, &r.DeskArticleID, &r.UserID, &r.User, &created, &r.Note, &status, &publish, &snap); err != nil {
		return r, err
	}
	r.Created, r.PublishAt, r.Status = fromMicros(created), fromMicros(publish), model.DeskStatus(status)
	if err := json.Unmarshal([]byte(snap), &r.Fields); err != nil {
		return r, fmt.Errorf("revision %d: %w", r.ID, err)
	}
	return r, nil
}

// ListDeskRevisions returns an article's revisions, newest first.
func (s *Store) ListDeskRevisions(ctx context.Context, deskID int64) ([]model.DeskRevision, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+revisionCols+` WHERE r.desk_article_id = ? ORDER BY r.id DESC`, deskID)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list revisions of %d: %w", deskID, err)
	}
	defer rows.Close()
	out := []model.DeskRevision{}
	for rows.Next() {
		r, err := scanRevision(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlite: list revisions of %d: %w", deskID, err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// GetDeskRevision returns one revision of an article.
func (s *Store) GetDeskRevision(ctx context.Context, deskID, revisionID int64) (model.DeskRevision, error) {
	r, err := scanRevision(s.r.QueryRowContext(ctx, `SELECT `+revisionCols+` WHERE r.desk_article_id = ? AND r.id = ?`, deskID, revisionID))
	if err != nil {
		return model.DeskRevision{}, fmt.Errorf("sqlite: get revision %d of %d: %w", revisionID, deskID, notFound(err))
	}
	return r, nil
}

// NextScheduled returns the earliest publication time of a scheduled article.
func (s *Store) NextScheduled(ctx context.Context) (time.Time, bool, error) {
	var at sql.NullInt64
	err := s.r.QueryRowContext(ctx, `SELECT MIN(publish_at) FROM desk_articles WHERE status = 'scheduled'`).Scan(&at)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("sqlite: next scheduled article: %w", err)
	}
	return fromMicros(at), at.Valid, nil
}

// PublishDue publishes the scheduled articles due at now, each claimed
// by a conditional update in its own transaction.
func (s *Store) PublishDue(ctx context.Context, now time.Time, limit int) ([]model.DeskArticle, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id FROM desk_articles WHERE status = 'scheduled' AND publish_at <= ?
		ORDER BY publish_at, id LIMIT ?`, micros(now), max(limit, 1))
	if err != nil {
		return nil, fmt.Errorf("sqlite: publish due articles: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, fmt.Errorf("sqlite: publish due articles: %w", err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	var out []model.DeskArticle
	var errs []error
	for _, id := range ids {
		ok, err := s.publishDue(ctx, id, now)
		if err != nil {
			errs = append(errs, fmt.Errorf("sqlite: publish desk article %d: %w", id, err))
			continue
		}
		if ok {
			d, err := s.GetDeskArticle(ctx, id)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			out = append(out, d)
		}
	}
	return out, errors.Join(errs...)
}

// publishDue claims and publishes one scheduled article; false when
// another process published it first or it is no longer due.
func (s *Store) publishDue(ctx context.Context, id int64, now time.Time) (bool, error) {
	claimed, err := s.deskTx(ctx, func(tx *sql.Tx) (int64, error) {
		at := now.UTC().Truncate(time.Microsecond)
		res, err := tx.ExecContext(ctx, `UPDATE desk_articles SET status = 'published', updated_at = ?,
			updated_by = NULL, version = version + 1
			WHERE id = ? AND status = 'scheduled' AND publish_at <= ?`, micros(at), id, micros(now))
		if err != nil {
			return 0, err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return 0, err
		}
		d, err := scanDesk(tx.QueryRowContext(ctx, `SELECT `+deskFullCols+deskFrom+` WHERE d.id = ?`, id), true)
		if err != nil {
			return 0, err
		}
		return id, s.afterChange(ctx, tx, d, d.ArticleID, store.DeskChange{Note: "published on schedule"}, at, true)
	})
	return claimed != 0, err
}

// deskSlugsTaken returns which of base and base-* articles or desk
// articles other than deskID hold.
func deskSlugsTaken(ctx context.Context, tx *sql.Tx, base string, deskID, own int64) (map[string]bool, error) {
	rows, err := tx.QueryContext(ctx, `SELECT slug FROM articles WHERE slug >= ?1 AND slug < ?2
		UNION SELECT slug FROM desk_articles WHERE slug >= ?1 AND slug < ?2 AND id <> ?3
		UNION SELECT old_slug FROM slug_history WHERE old_slug >= ?1 AND old_slug < ?2 AND article_id IS NOT ?4`,
		base, base+".", deskID, nullID(own))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	taken := map[string]bool{}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		taken[strings.TrimSpace(s)] = true
	}
	return taken, rows.Err()
}
