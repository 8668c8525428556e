package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/newsdesk/newsdesk/internal/model"
)

// MediaStore keeps the photos uploaded through the editorial desk, each
// as the variants internal/media made of it.
type MediaStore interface {
	// SaveImage stores img and its variants (with their Data) in one
	// transaction and returns it as stored, its ID and CreatedAt set and
	// its variants without Data. When an image with the same SHA256 is
	// stored already, nothing is written: it returns that image and
	// existed is true, so the same photo uploaded twice is kept once.
	SaveImage(ctx context.Context, img model.Image) (stored model.Image, existed bool, err error)
	// GetImage returns an image with its variants' sizes (without Data);
	// ErrNotFound when there is none.
	GetImage(ctx context.Context, id int64) (model.Image, error)
	// GetImageVariant returns an image (without its Variants list) and
	// its variant of the given width with its Data: what serving one
	// file needs, in one read. ErrNotFound when either is missing.
	GetImageVariant(ctx context.Context, imageID int64, width int) (model.Image, model.ImageVariant, error)
	// ListImages returns images newest first with their variants' sizes,
	// a page at a time, and the cursor of the next page ("" after the
	// last); a bad cursor fails with ErrBadCursor.
	ListImages(ctx context.Context, f ImageFilter) ([]model.Image, string, error)
}

// ImageFilter narrows ListImages. Zero fields do not filter.
type ImageFilter struct {
	UploadedBy int64 // only this account's uploads
	Limit      int   // 1..100; 0 means 20
	Cursor     string
}

// Bounds of what SaveImage stores.
const (
	maxImageFilename = 255
	maxImageVariants = 16
)

// PrepareImage checks img and returns it as SaveImage stores it, on
// either backend: the file name cut to 255 bytes at a character
// boundary, variants ordered narrowest first with Size set, CreatedAt
// now when zero, in whole microseconds UTC.
func PrepareImage(img model.Image, now time.Time) (model.Image, error) {
	if len(img.SHA256) != 64 || strings.Trim(img.SHA256, "0123456789abcdef") != "" {
		return model.Image{}, errors.New("image: SHA256 must be 64 lower-case hex digits")
	}
	if img.ContentType != "image/jpeg" && img.ContentType != "image/png" {
		return model.Image{}, fmt.Errorf("image: content type %q is neither image/jpeg nor image/png", img.ContentType)
	}
	if img.Width <= 0 || img.Height <= 0 {
		return model.Image{}, fmt.Errorf("image: size %d × %d is not positive", img.Width, img.Height)
	}
	if img.SourceBytes < 0 {
		return model.Image{}, errors.New("image: negative source size")
	}
	if len(img.Filename) > maxImageFilename {
		cut := maxImageFilename
		for cut > 0 && !utf8.RuneStart(img.Filename[cut]) {
			cut--
		}
		img.Filename = img.Filename[:cut]
	}
	if err := CheckText("file name", img.Filename, "source format", img.SourceFormat); err != nil {
		return model.Image{}, fmt.Errorf("image: %w", err)
	}
	if len(img.Variants) == 0 || len(img.Variants) > maxImageVariants {
		return model.Image{}, fmt.Errorf("image: %d variants, want 1 to %d", len(img.Variants), maxImageVariants)
	}
	img.Variants = slices.Clone(img.Variants)
	slices.SortFunc(img.Variants, func(a, b model.ImageVariant) int { return a.Width - b.Width })
	for i, v := range img.Variants {
		if v.Width <= 0 || v.Height <= 0 || len(v.Data) == 0 {
			return model.Image{}, fmt.Errorf("image: variant %d × %d with %d bytes", v.Width, v.Height, len(v.Data))
		}
		if i > 0 && img.Variants[i-1].Width == v.Width {
			return model.Image{}, fmt.Errorf("image: two variants %d pixels wide", v.Width)
		}
		img.Variants[i].Size = len(v.Data)
	}
	if img.CreatedAt.IsZero() {
		img.CreatedAt = now
	}
	img.CreatedAt = img.CreatedAt.UTC().Truncate(time.Microsecond)
	return img, nil
}

// WithoutData returns vs without their Data, as listings return them.
func WithoutData(vs []model.ImageVariant) []model.ImageVariant {
	out := make([]model.ImageVariant, len(vs))
	for i, v := range vs {
		out[i] = model.ImageVariant{Width: v.Width, Height: v.Height, Size: v.Size}
	}
	return out
}

// NextImagePage trims a listing read with one row beyond limit and
// returns the cursor of the next page.
func NextImagePage(items []model.Image, limit int) ([]model.Image, string) {
	return nextPage(items, limit, func(img model.Image) Cursor { return Cursor{PublishedAt: img.CreatedAt, ID: img.ID} })
}
