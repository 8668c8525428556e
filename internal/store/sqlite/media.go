package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

const imageColumns = `id, sha256, content_type, width, height, source_format, source_bytes, filename, uploaded_by, created_at`

// SaveImage stores an image with its variants, or returns the one
// stored already with the same digest.
func (s *Store) SaveImage(ctx context.Context, img model.Image) (model.Image, bool, error) {
	img, err := store.PrepareImage(img, time.Now())
	if err != nil {
		return model.Image{}, false, fmt.Errorf("sqlite: save image: %w", err)
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return model.Image{}, false, fmt.Errorf("sqlite: save image: %w", err)
	}
	defer tx.Rollback()
	// The write transaction holds the lock from its start, so the check
	// and the insert cannot be separated by another upload of the photo.
	var id int64
	err = tx.QueryRowContext(ctx, `SELECT id FROM images WHERE sha256 = ?`, img.SHA256).Scan(&id)
	if err == nil {
		tx.Rollback()
		got, err := s.GetImage(ctx, id)
		return got, true, err
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return model.Image{}, false, fmt.Errorf("sqlite: save image: %w", err)
	}
	err = tx.QueryRowContext(ctx, `INSERT INTO images
		(sha256, content_type, width, height, source_format, source_bytes, filename, uploaded_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		img.SHA256, img.ContentType, img.Width, img.Height, img.SourceFormat, img.SourceBytes, img.Filename,
		nullID(img.UploadedBy), micros(img.CreatedAt)).Scan(&img.ID)
	if err != nil {
		return model.Image{}, false, fmt.Errorf("sqlite: save image: %w", err)
	}
	for _, v := range img.Variants {
		_, err := tx.ExecContext(ctx, `INSERT INTO image_variants (image_id, width, height, size, bytes)
			VALUES (?, ?, ?, ?, ?)`, img.ID, v.Width, v.Height, v.Size, v.Data)
		if err != nil {
			return model.Image{}, false, fmt.Errorf("sqlite: save image variant %d: %w", v.Width, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return model.Image{}, false, fmt.Errorf("sqlite: save image: %w", err)
	}
	img.Variants = store.WithoutData(img.Variants)
	return img, false, nil
}

// GetImage returns an image with its variants' sizes.
func (s *Store) GetImage(ctx context.Context, id int64) (model.Image, error) {
	img, err := scanImage(s.r.QueryRowContext(ctx, `SELECT `+imageColumns+` FROM images WHERE id = ?`, id))
	if err != nil {
		return model.Image{}, fmt.Errorf("sqlite: get image %d: %w", id, notFound(err))
	}
	list := []model.Image{img}
	if err := s.addVariants(ctx, list); err != nil {
		return model.Image{}, fmt.Errorf("sqlite: get image %d: %w", id, err)
	}
	return list[0], nil
}

// GetImageVariant returns an image and one variant's bytes.
func (s *Store) GetImageVariant(ctx context.Context, imageID int64, width int) (model.Image, model.ImageVariant, error) {
	var v model.ImageVariant
	row := s.r.QueryRowContext(ctx, `SELECT i.id, i.sha256, i.content_type, i.width, i.height, i.source_format,
		i.source_bytes, i.filename, i.uploaded_by, i.created_at, v.width, v.height, v.size, v.bytes
		FROM image_variants v JOIN images i ON i.id = v.image_id WHERE v.image_id = ? AND v.width = ?`, imageID, width)
	img, err := scanImage(row, &v.Width, &v.Height, &v.Size, &v.Data)
	if err != nil {
		return model.Image{}, model.ImageVariant{}, fmt.Errorf("sqlite: get image %d variant %d: %w", imageID, width, notFound(err))
	}
	return img, v, nil
}

// ListImages returns a page of images, newest first.
func (s *Store) ListImages(ctx context.Context, f store.ImageFilter) ([]model.Image, string, error) {
	var w where
	if f.Cursor != "" {
		cur, err := store.DecodeCursor(f.Cursor)
		if err != nil {
			return nil, "", fmt.Errorf("sqlite: list images: %w", err)
		}
		w.add(`(created_at, id) < (?, ?)`, micros(cur.PublishedAt), cur.ID)
	}
	if f.UploadedBy != 0 {
		w.add(`uploaded_by = ?`, f.UploadedBy)
	}
	limit := store.ClampLimit(f.Limit)
	rows, err := s.r.QueryContext(ctx, `SELECT `+imageColumns+` FROM images`+w.String()+
		` ORDER BY created_at DESC, id DESC LIMIT ?`, append(w.args, limit+1)...)
	if err != nil {
		return nil, "", fmt.Errorf("sqlite: list images: %w", err)
	}
	defer rows.Close()
	out := []model.Image{}
	for rows.Next() {
		img, err := scanImage(rows)
		if err != nil {
			return nil, "", fmt.Errorf("sqlite: list images: %w", err)
		}
		out = append(out, img)
	}
	if err := rows.Err(); err != nil {
		return nil, "", fmt.Errorf("sqlite: list images: %w", err)
	}
	out, next := store.NextImagePage(out, limit)
	if err := s.addVariants(ctx, out); err != nil {
		return nil, "", fmt.Errorf("sqlite: list images: %w", err)
	}
	return out, next, nil
}

// addVariants fills in the variants' sizes (not their bytes) of imgs.
func (s *Store) addVariants(ctx context.Context, imgs []model.Image) error {
	if len(imgs) == 0 {
		return nil
	}
	byID := make(map[int64]*model.Image, len(imgs))
	args := make([]any, len(imgs))
	for i := range imgs {
		imgs[i].Variants = []model.ImageVariant{}
		byID[imgs[i].ID] = &imgs[i]
		args[i] = imgs[i].ID
	}
	marks := strings.TrimSuffix(strings.Repeat("?,", len(imgs)), ",")
	rows, err := s.r.QueryContext(ctx, `SELECT image_id, width, height, size FROM image_variants
		WHERE image_id IN (`+marks+`) ORDER BY image_id, width`, args...)
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
func scanImage(row interface{ Scan(...any) error }, extra ...any) (model.Image, error) {
	var img model.Image
	var uid, created sql.NullInt64
	dest := append([]any{&img.ID, &img.SHA256, &img.ContentType, &img.Width, &img.Height, &img.SourceFormat,
		&img.SourceBytes, &img.Filename, &uid, &created}, extra...)
	if err := row.Scan(dest...); err != nil {
		return model.Image{}, err
	}
	img.UploadedBy, img.CreatedAt = uid.Int64, fromMicros(created)
	return img, nil
}
