package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

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
func scanDesk(row pgx.Row, full bool) (model.DeskArticle, error) {
	var d model.DeskArticle
	var status, tags string
	var publish *time.Time
	dest := []any{&d.ID, &d.AuthorID, &d.Author, &status, &d.Title, &d.Slug, &d.Excerpt, &d.Category,
		&tags, &d.Byline, &d.ImageID, &d.ImageURL, &d.ImageCaption, &d.ImageCredit, &d.Credit,
		&d.CreditURL, &d.BasedOn, &d.Language, &publish, &d.ArticleID, &d.Created, &d.Updated,
		&d.UpdatedBy, &d.UpdatedByName, &d.Version}
	if full {
		dest = append(dest, &d.Body, &d.BodyHTML, &d.BodyText)
	}
	if err := row.Scan(dest...); err != nil {
		return model.DeskArticle{}, err
	}
	d.Status = model.DeskStatus(status)
	d.Tags = store.SplitDeskTags(tags)
	d.PublishAt, d.Created, d.Updated = fromTS(publish), d.Created.UTC(), d.Updated.UTC()
	return d, nil
}

// GetDeskArticle returns one desk article with its bodies.
func (s *Store) GetDeskArticle(ctx context.Context, id int64) (model.DeskArticle, error) {
	d, err := scanDesk(s.pool.QueryRow(ctx, `SELECT `+deskFullCols+deskFrom+` WHERE d.id = $1`, id), true)
	if err != nil {
		return model.DeskArticle{}, fmt.Errorf("postgres: get desk article %d: %w", id, notFound(err))
	}
	return d, nil
}

// ListDeskArticles returns a page of desk articles, the last changed first.
func (s *Store) ListDeskArticles(ctx context.Context, f store.DeskFilter) ([]model.DeskArticle, string, error) {
	var w where
	if f.Cursor != "" {
		cur, err := store.DecodeCursor(f.Cursor)
		if err != nil {
			return nil, "", fmt.Errorf("postgres: list desk articles: %w", err)
		}
		w.add(`(d.updated_at, d.id) < (` + w.arg(cur.PublishedAt) + `::timestamptz, ` + w.arg(cur.ID) + `::bigint)`)
	}
	if f.Status != "" {
		w.add(`d.status = ` + w.arg(string(f.Status)))
	}
	if f.AuthorID != 0 {
		w.add(`d.author_id = ` + w.arg(f.AuthorID))
	}
	limit := store.ClampLimit(f.Limit)
	rows, err := s.pool.Query(ctx, `SELECT `+deskListCols+deskFrom+w.String()+
		` ORDER BY d.updated_at DESC, d.id DESC LIMIT `+w.arg(limit+1), w.args...)
	if err != nil {
		return nil, "", fmt.Errorf("postgres: list desk articles: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (model.DeskArticle, error) { return scanDesk(r, false) })
	if err != nil {
		return nil, "", fmt.Errorf("postgres: list desk articles: %w", err)
	}
	if out == nil {
		out = []model.DeskArticle{}
	}
	out, next := store.NextDeskPage(out, limit)
	return out, next, nil
}

// CountDeskArticles counts desk articles by status.
func (s *Store) CountDeskArticles(ctx context.Context, authorID int64) (map[model.DeskStatus]int, error) {
	rows, err := s.pool.Query(ctx, `SELECT status, COUNT(*) FROM desk_articles
		WHERE $1::bigint = 0 OR author_id = $1 GROUP BY status`, authorID)
	if err != nil {
		return nil, fmt.Errorf("postgres: count desk articles: %w", err)
	}
	defer rows.Close()
	out := map[model.DeskStatus]int{}
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, fmt.Errorf("postgres: count desk articles: %w", err)
		}
		out[model.DeskStatus(st)] = n
	}
	return out, rows.Err()
}

// CreateDeskArticle stores a new desk article and its first revision.
func (s *Store) CreateDeskArticle(ctx context.Context, d model.DeskArticle, c store.DeskChange) (model.DeskArticle, error) {
	d, err := store.PrepareDesk(d)
	if err != nil {
		return model.DeskArticle{}, fmt.Errorf("postgres: create desk article: %w", err)
	}
	now := c.Time()
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if err := s.lockForPublish(ctx, tx, d); err != nil {
			return err
		}
		if err := checkSlug(ctx, tx, d.Slug, 0, 0); err != nil {
			return err
		}
		err := tx.QueryRow(ctx, `INSERT INTO desk_articles (author_id, status, title, slug, excerpt,
			body, body_html, body_text, category, tags, byline, image_id, image_url, image_caption,
			image_credit, credit, credit_url, based_on, language, publish_at, created_at, updated_at,
			updated_by, version)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19,
			$20, $21, $21, $22, 1) RETURNING id`,
			nullID(d.AuthorID), string(d.Status), d.Title, d.Slug, d.Excerpt, d.Body, d.BodyHTML, d.BodyText,
			d.Category, store.JoinDeskTags(d.Tags), d.Byline, nullID(d.ImageID), d.ImageURL, d.ImageCaption,
			d.ImageCredit, d.Credit, d.CreditURL, nullID(d.BasedOn), d.Language, ts(d.PublishAt),
			now, nullID(c.UserID)).Scan(&d.ID)
		if err != nil {
			return slugErr(err)
		}
		return s.afterChange(ctx, tx, d, 0, c, now, false)
	})
	if err != nil {
		return model.DeskArticle{}, fmt.Errorf("postgres: create desk article: %w", err)
	}
	return s.GetDeskArticle(ctx, d.ID)
}

// SaveDeskArticle writes d over the stored article if it is still at
// d.Version; the row is locked from the version check to the commit.
func (s *Store) SaveDeskArticle(ctx context.Context, d model.DeskArticle, c store.DeskChange) (model.DeskArticle, error) {
	d, err := store.PrepareDesk(d)
	if err != nil {
		return model.DeskArticle{}, fmt.Errorf("postgres: save desk article %d: %w", d.ID, err)
	}
	now := c.Time()
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if err := s.lockForPublish(ctx, tx, d); err != nil {
			return err
		}
		var version int
		var articleID *int64
		err := tx.QueryRow(ctx, `SELECT version, article_id FROM desk_articles WHERE id = $1 FOR UPDATE`, d.ID).
			Scan(&version, &articleID)
		if err != nil {
			return notFound(err)
		}
		if version != d.Version {
			return store.ErrConflict
		}
		own := int64(0)
		if articleID != nil {
			own = *articleID
		}
		if err := checkSlug(ctx, tx, d.Slug, d.ID, own); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE desk_articles SET status = $1, title = $2, slug = $3, excerpt = $4,
			body = $5, body_html = $6, body_text = $7, category = $8, tags = $9, byline = $10, image_id = $11,
			image_url = $12, image_caption = $13, image_credit = $14, credit = $15, credit_url = $16,
			based_on = $17, language = $18, publish_at = $19, updated_at = $20, updated_by = $21,
			version = version + 1 WHERE id = $22`,
			string(d.Status), d.Title, d.Slug, d.Excerpt, d.Body, d.BodyHTML, d.BodyText, d.Category,
			store.JoinDeskTags(d.Tags), d.Byline, nullID(d.ImageID), d.ImageURL, d.ImageCaption, d.ImageCredit,
			d.Credit, d.CreditURL, nullID(d.BasedOn), d.Language, ts(d.PublishAt), now, nullID(c.UserID), d.ID)
		if err != nil {
			return slugErr(err)
		}
		return s.afterChange(ctx, tx, d, own, c, now, false)
	})
	if err != nil {
		return model.DeskArticle{}, fmt.Errorf("postgres: save desk article %d: %w", d.ID, err)
	}
	return s.GetDeskArticle(ctx, d.ID)
}

// lockForPublish takes the lock SaveArticles takes before a change that
// writes a public article, so its slug check cannot race ingest's.
func (s *Store) lockForPublish(ctx context.Context, tx pgx.Tx, d model.DeskArticle) error {
	if d.Status != model.DeskPublished {
		return nil
	}
	_, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(saveLock))
	return err
}

// afterChange makes the public side follow the desk article d, just
// written, and records its revision (see the SQLite backend).
func (s *Store) afterChange(ctx context.Context, tx pgx.Tx, d model.DeskArticle, articleID int64, c store.DeskChange, now time.Time, autoSlug bool) error {
	switch {
	case d.Status == model.DeskPublished:
		id, err := s.publishRow(ctx, tx, d, articleID, now, autoSlug)
		if err != nil {
			return err
		}
		if id != articleID {
			if _, err := tx.Exec(ctx, `UPDATE desk_articles SET article_id = $1 WHERE id = $2`, id, d.ID); err != nil {
				return err
			}
		}
	case articleID != 0:
		// Readers no longer find it; its address, comments and story stay.
		// As curation hides an article: its story counts it no more.
		if err := setHidden(ctx, tx, articleID, true); err != nil {
			return err
		}
	}
	snap, err := json.Marshal(d.DeskFields)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `INSERT INTO desk_revisions (desk_article_id, user_id, created_at, note, status, publish_at, snapshot)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, d.ID, nullID(c.UserID), now, store.Clean(c.Note), string(d.Status),
		ts(d.PublishAt), string(snap))
	return err
}

// checkSlug fails with ErrSlugTaken when a public article other than
// own, or a desk article other than deskID, has slug,
// or keeps it as a former slug (store.SlugHistoryStore).
func checkSlug(ctx context.Context, tx pgx.Tx, slug string, deskID, own int64) error {
	var taken bool
	err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM articles WHERE slug = $1 AND id <> $2)
		OR EXISTS (SELECT 1 FROM desk_articles WHERE slug = $1 AND id <> $3)
		OR EXISTS (SELECT 1 FROM slug_history WHERE old_slug = $1 AND article_id <> $2)`, slug, own, deskID).Scan(&taken)
	if err != nil {
		return err
	}
	if taken {
		return store.ErrSlugTaken
	}
	return nil
}

// slugErr reads a unique violation of a slug as ErrSlugTaken.
func slugErr(err error) error {
	if isUnique(err) {
		return fmt.Errorf("%w: %v", store.ErrSlugTaken, err)
	}
	return err
}

// DeleteDeskArticle deletes a draft that was never published.
func (s *Store) DeleteDeskArticle(ctx context.Context, id int64) error {
	tag, err := s.pool.Exec(ctx, `DELETE FROM desk_articles WHERE id = $1 AND status = 'draft' AND article_id IS NULL`, id)
	if err != nil {
		return fmt.Errorf("postgres: delete desk article %d: %w", id, err)
	}
	if tag.RowsAffected() > 0 {
		return nil
	}
	var one int
	if err := s.pool.QueryRow(ctx, `SELECT 1 FROM desk_articles WHERE id = $1`, id).Scan(&one); err != nil {
		return fmt.Errorf("postgres: delete desk article %d: %w", id, notFound(err))
	}
	return fmt.Errorf("postgres: delete desk article %d: %w", id, store.ErrNotDraft)
}

const revisionCols = `r.id, r.desk_article_id, COALESCE(r.user_id, 0), COALESCE(NULLIF(u.name, ''), u.email, ''),
	r.created_at, r.note, r.status, r.publish_at, r.snapshot::text
	FROM desk_revisions r LEFT JOIN users u ON u.id = r.user_id`

func scanRevision(row pgx.Row) (model.DeskRevision, error) {
	var r model.DeskRevision
	var publish *time.Time
	var status, snap string
	if err := row.Scan(&r.ID, &r.DeskArticleID, &r.UserID, &r.User, &r.Created, &r.Note, &status, &publish, &snap); err != nil {
		return r, err
	}
	r.Created, r.PublishAt, r.Status = r.Created.UTC(), fromTS(publish), model.DeskStatus(status)
	if err := json.Unmarshal([]byte(snap), &r.Fields); err != nil {
		return r, fmt.Errorf("revision %d: %w", r.ID, err)
	}
	return r, nil
}

// ListDeskRevisions returns an article's revisions, newest first.
func (s *Store) ListDeskRevisions(ctx context.Context, deskID int64) ([]model.DeskRevision, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+revisionCols+` WHERE r.desk_article_id = $1 ORDER BY r.id DESC`, deskID)
	if err != nil {
		return nil, fmt.Errorf("postgres: list revisions of %d: %w", deskID, err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (model.DeskRevision, error) { return scanRevision(r) })
	if err != nil {
		return nil, fmt.Errorf("postgres: list revisions of %d: %w", deskID, err)
	}
	if out == nil {
		out = []model.DeskRevision{}
	}
	return out, nil
}

// GetDeskRevision returns one revision of an article.
func (s *Store) GetDeskRevision(ctx context.Context, deskID, revisionID int64) (model.DeskRevision, error) {
	r, err := scanRevision(s.pool.QueryRow(ctx, `SELECT `+revisionCols+` WHERE r.desk_article_id = $1 AND r.id = $2`, deskID, revisionID))
	if err != nil {
		return model.DeskRevision{}, fmt.Errorf("postgres: get revision %d of %d: %w", revisionID, deskID, notFound(err))
	}
	return r, nil
}

// NextScheduled returns the earliest publication time of a scheduled article.
func (s *Store) NextScheduled(ctx context.Context) (time.Time, bool, error) {
	var at *time.Time
	err := s.pool.QueryRow(ctx, `SELECT MIN(publish_at) FROM desk_articles WHERE status = 'scheduled'`).Scan(&at)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("postgres: next scheduled article: %w", err)
	}
	return fromTS(at), at != nil, nil
}

// PublishDue publishes the scheduled articles due at now, each claimed
// by a conditional update in its own transaction: a second process
// updating the same row waits for the first to commit, then finds it
// published and leaves it.
func (s *Store) PublishDue(ctx context.Context, now time.Time, limit int) ([]model.DeskArticle, error) {
	rows, err := s.pool.Query(ctx, `SELECT id FROM desk_articles WHERE status = 'scheduled' AND publish_at <= $1
		ORDER BY publish_at, id LIMIT $2`, now.UTC(), max(limit, 1))
	if err != nil {
		return nil, fmt.Errorf("postgres: publish due articles: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, fmt.Errorf("postgres: publish due articles: %w", err)
	}
	var out []model.DeskArticle
	var errs []error
	for _, id := range ids {
		ok, err := s.publishDue(ctx, id, now)
		if err != nil {
			errs = append(errs, fmt.Errorf("postgres: publish desk article %d: %w", id, err))
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
	claimed := false
	at := now.UTC().Truncate(time.Microsecond)
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		// The lock SaveArticles takes comes first, as in every desk
		// change that publishes: taken after the row's lock, it could
		// deadlock with a save holding it and waiting for the row.
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(saveLock)); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `UPDATE desk_articles SET status = 'published', updated_at = $1,
			updated_by = NULL, version = version + 1
			WHERE id = $2 AND status = 'scheduled' AND publish_at <= $3`, at, id, now.UTC())
		if err != nil || tag.RowsAffected() == 0 {
			return err
		}
		d, err := scanDesk(tx.QueryRow(ctx, `SELECT `+deskFullCols+deskFrom+` WHERE d.id = $1`, id), true)
		if err != nil {
			return err
		}
		claimed = true
		return s.afterChange(ctx, tx, d, d.ArticleID, store.DeskChange{Note: "published on schedule"}, at, true)
	})
	return claimed && err == nil, err
}
