package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

const imageColumns = `id, sha256, content_type, width, height, source_format, source_bytes, filename,
	COALESCE(uploaded_by, 0), created_at`

// SaveImage stores an image with its variants, or returns the one
// stored already with the same digest.
func (s *Store) SaveImage(ctx context.Context, img model.Image) (model.Image, bool, error) {
	img, err := store.PrepareImage(img, time.Now())
	if err != nil {
		return model.Image{}, false, fmt.Errorf("postgres: save image: %w", err)
	}
	var uid *int64
	if img.UploadedBy != 0 {
		uid = &img.UploadedBy
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return model.Image{}, false, fmt.Errorf("postgres: save image: %w", err)
	}
	defer tx.Rollback(ctx)
	// ON CONFLICT DO NOTHING waits for a concurrent upload of the same
	// photo to commit or roll back, then either inserts or returns no
	// row: the photo is stored once, and the loser reads the winner's.
	err = tx.QueryRow(ctx, `INSERT INTO images
		(sha256, content_type, width, height, source_format, source_bytes, filename, uploaded_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (sha256) DO NOTHING RETURNING id`,
		img.SHA256, img.ContentType, img.Width, img.Height, img.SourceFormat, img.SourceBytes, img.Filename,
		uid, img.CreatedAt).Scan(&img.ID)
	if errors.Is(err, pgx.ErrNoRows) {
		tx.Rollback(ctx)
		var id int64
		if err := s.pool.QueryRow(ctx, `SELECT id FROM images WHERE sha256 = $1`, img.SHA256).Scan(&id); err != nil {
			return model.Image{}, false, fmt.Errorf("postgres: save image: %w", err)
		}
		got, err := s.GetImage(ctx, id)
		return got, true, err
	}
	if err != nil {
		return model.Image{}, false, fmt.Errorf("postgres: save image: %w", err)
	}
	for _, v := range img.Variants {
		_, err := tx.Exec(ctx, `INSERT INTO image_variants (image_id, width, height, size, bytes)
			VALUES ($1, $2, $3, $4, $5)`, img.ID, v.Width, v.Height, v.Size, v.Data)
		if err != nil {
			return model.Image{}, false, fmt.Errorf("postgres: save image variant %d: %w", v.Width, err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return model.Image{}, false, fmt.Errorf("postgres: save image: %w", err)
	}
	img.Variants = store.WithoutData(img.Variants)
	return img, false, nil
}

// GetImage returns an image with its variants' sizes.
func (s *Store) GetImage(ctx context.Context, id int64) (model.Image, error) {
	img, err := scanImage(s.pool.QueryRow(ctx, `SELECT `+imageColumns+` FROM images WHERE id = $1`, id))
	if err != nil {
		return model.Image{}, fmt.Errorf("postgres: get image %d: %w", id, notFound(err))
	}
	list := []model.Image{img}
	if err := s.addVariants(ctx, list); err != nil {
		return model.Image{}, fmt.Errorf("postgres: get image %d: %w", id, err)
	}
	return list[0], nil
}

// GetImageVariant returns an image and one variant's bytes.
func (s *Store) GetImageVariant(ctx context.Context, imageID int64, width int) (model.Image, model.ImageVariant, error) {
	var v model.ImageVariant
	row := s.pool.QueryRow(ctx, `SELECT i.id, i.sha256, i.content_type, i.width, i.height, i.source_format,
		i.source_bytes, i.filename, COALESCE(i.uploaded_by, 0), i.created_at, v.width, v.height, v.size, v.bytes
		FROM image_variants v JOIN images i ON i.id = v.image_id WHERE v.image_id = $1 AND v.width = $2`, imageID, width)
	img, err := scanImage(row, &v.Width, &v.Height, &v.Size, &v.Data)
	if err != nil {
		return model.Image{}, model.ImageVariant{}, fmt.Errorf("postgres: get image %d variant %d: %w", imageID, width, notFound(err))
	}
	return img, v, nil
}

// ListImages returns a page of images, newest first.
func (s *Store) ListImages(ctx context.Context, f store.ImageFilter) ([]model.Image, string, error) {
	var w where
	if f.Cursor != "" {
		cur, err := store.DecodeCursor(f.Cursor)
		if err != nil {
			return nil, "", fmt.Errorf("postgres: list images: %w", err)
		}
		w.add(`(created_at, id) < (` + w.arg(cur.PublishedAt) + `::timestamptz, ` + w.arg(cur.ID) + `::bigint)`)
	}
	if f.UploadedBy != 0 {
		w.add(`uploaded_by = ` + w.arg(f.UploadedBy))
	}
	limit := store.ClampLimit(f.Limit)
	rows, err := s.pool.Query(ctx, `SELECT `+imageColumns+` FROM images`+w.String()+
		` ORDER BY created_at DESC, id DESC LIMIT `+w.arg(limit+1), w.args...)
	if err != nil {
		return nil, "", fmt.Errorf("postgres: list images: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (model.Image, error) { return scanImage(r) })
	if err != nil {
		return nil, "", fmt.Errorf("postgres: list images: %w", err)
	}
	if out == nil {
		out = []model.Image{}
	}
	out, next := store.NextImagePage(out, limit)
	if err := s.addVariants(ctx, out); err != nil {
		return nil, "", fmt.Errorf("postgres: list images: %w", err)
	}
	return out, next, nil
}

// addVariants fills in the variants' sizes (not their bytes) of imgs.
func (s *Store) addVariants(ctx context.Context, imgs []model.Image) error {
	if len(imgs) == 0 {
		return nil
	}
	byID := make(map[int64]*model.Image, len(imgs))
	ids := make([]int64, len(imgs))
	for i := range imgs {
		imgs[i].Variants = []model.ImageVariant{}
		byID[imgs[i].ID] = &imgs[i]
		ids[i] = imgs[i].ID
	}
	rows, err := s.pool.Query(ctx, `SELECT image_id, width, height, size FROM image_variants
		WHERE image_id = ANY($1) ORDER BY image_id, width`, ids)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var v model.ImageVariant
		if err := rows.Scan(&id, &v.Width, &v.Height, &v.Size); err != nil {
			return err
		}
		img := byID[id]
		img.Variants = append(img.Variants, v)
	}
	return rows.Err()
}

// scanImage reads the image columns, in imageColumns' order, then extra.
func scanImage(row pgx.Row, extra ...any) (model.Image, error) {
	var img model.Image
	dest := append([]any{&img.ID, &img.SHA256, &img.ContentType, &img.Width, &img.Height, &img.SourceFormat,
		&img.SourceBytes, &img.Filename, &img.UploadedBy, &img.CreatedAt}, extra...)
	if err := row.Scan(dest...); err != nil {
		return model.Image{}, err
	}
	img.CreatedAt = img.CreatedAt.UTC()
	return img, nil
}
