// Package media turns a photo an editor uploads into the files readers
// get: it tells the file's type by its content, refuses what is not a
// photo or would cost too much to decode, turns phone photos upright,
// and re-encodes a few sizes of it. Re-encoding is what strips the
// upload's metadata (EXIF with its GPS position, XMP, ICC profiles,
// comments): only pixels reach the output.
package media

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"strings"

	"golang.org/x/image/webp"

	"github.com/newsdesk/newsdesk/internal/model"
)

// Limits of what Process takes. A lead photo is at least MinWidth wide;
// the upper bounds keep one upload's decoding within a few hundred MB of
// memory and a couple of seconds (a decoded pixel takes up to 8 bytes).
const (
	MaxBytes  = 25 << 20   // the largest file, in bytes
	MaxPixels = 50_000_000 // the most pixels (50 megapixels)
	MaxSide   = 20_000     // the longest side, in pixels
	MinWidth  = 200        // the narrowest upright photo, in pixels
	MinHeight = 100        // the shortest upright photo, in pixels
)

// Widths are the variant widths Process makes, narrowest first. It never
// enlarges: a photo gets the widths below its own, plus its own width
// when that is not above the largest.
var Widths = []int{320, 640, 1024, 1600, 2400}

// JPEGQuality is the quality variants are encoded at: at this level a
// news photo shows no artefacts at its display size, and a 1024-pixel
// variant weighs about a tenth of a megabyte.
const JPEGQuality = 82

// Kinds of refusal. Process returns an *Error whose message is written
// for the editor and which matches one of these with errors.Is.
var (
	// ErrNotImage: the file is not a JPEG, PNG, GIF or WebP image.
	ErrNotImage = errors.New("media: not a supported image")
	// ErrDamaged: the file claims a supported format but cannot be read.
	ErrDamaged = errors.New("media: damaged image")
	// ErrFileTooLarge: the file is over MaxBytes.
	ErrFileTooLarge = errors.New("media: file too large")
	// ErrDimensions: the picture is too large to decode safely or too
	// small for a lead photo.
	ErrDimensions = errors.New("media: unsuitable dimensions")
)

// Error is a refusal of an upload, with a message for the editor.
type Error struct {
	kind error
	msg  string
}

func (e *Error) Error() string { return e.msg }

// Unwrap returns the kind of refusal (ErrNotImage...).
func (e *Error) Unwrap() error { return e.kind }

func refuse(kind error, format string, args ...any) *Error {
	return &Error{kind: kind, msg: fmt.Sprintf(format, args...)}
}

// Processed is an accepted upload: what it was and the variants made
// from it.
type Processed struct {
	// Format is the upload's format by its content: FormatJPEG, FormatPNG,
	// FormatGIF or FormatWebP.
	Format string
	// Width and Height are the upright picture's size.
	Width, Height int
	// SHA256 is the hex digest of the upload, to store a photo once.
	SHA256 string
	// Bytes is the upload's size.
	Bytes int64
	// ContentType is the variants' type: "image/png" when the upload has
	// real transparency (some pixel not fully opaque), "image/jpeg"
	// otherwise.
	ContentType string
	// Variants are the re-encoded sizes, narrowest first, with their data.
	Variants []model.ImageVariant
}

// Image returns the processed upload as a model.Image to store, named
// filename and uploaded by the account userID.
func (p Processed) Image(filename string, userID int64) model.Image {
	return model.Image{
		SHA256: p.SHA256, ContentType: p.ContentType, Width: p.Width, Height: p.Height,
		SourceFormat: p.Format, SourceBytes: p.Bytes, Filename: filename, UploadedBy: userID,
		Variants: p.Variants,
	}
}

// ReadUpload reads an upload of at most MaxBytes from r, refusing a
// larger one with ErrFileTooLarge after reading one byte more than the
// limit, not the whole of it.
func ReadUpload(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("media: read upload: %w", err)
	}
	if len(data) > MaxBytes {
		return nil, tooLarge()
	}
	return data, nil
}

func tooLarge() *Error {
	return refuse(ErrFileTooLarge, "This file is larger than %d MB, the most a photo may be. Export it at a smaller size or a lower quality and upload it again.", MaxBytes>>20)
}

// Process checks an upload and makes its variants. The type is told by
// the content alone; the picture's size is read from its header and
// checked before any pixel is decoded, so a small file declaring a huge
// picture costs nothing. It refuses with an *Error (see ErrNotImage and
// the other kinds) and never panics, whatever data holds.
func Process(data []byte) (p Processed, err error) {
	defer func() {
		// The decoders are meant never to panic on bad input; should one
		// do so on a file nobody foresaw, the editor gets a refusal, not
		// a broken page. FuzzProcess runs process without this net.
		if v := recover(); v != nil {
			p, err = Processed{}, refuse(ErrDamaged, "This image could not be read: the file is damaged. Export it again and upload the new file.")
		}
	}()
	return process(data)
}

func process(data []byte) (Processed, error) {
	if len(data) == 0 {
		return Processed{}, refuse(ErrNotImage, "This file is empty (0 bytes). Choose the photo again; if it is on a phone or a network drive, make sure it has finished downloading.")
	}
	if len(data) > MaxBytes {
		return Processed{}, tooLarge()
	}
	format, what := Detect(data)
	if format == "" {
		return Processed{}, notImage(what)
	}
	cfg, err := decodeConfig(format, data)
	if err != nil {
		return Processed{}, damaged(what, err)
	}
	o := 1
	if format == FormatJPEG {
		o = Orientation(data)
	}
	if err := checkSize(cfg.Width, cfg.Height, o); err != nil {
		return Processed{}, err
	}
	src, err := decode(format, data)
	if err != nil {
		return Processed{}, damaged(what, err)
	}
	b := src.Bounds()
	if b.Dx() <= 0 || b.Dy() <= 0 || b.Dx() > MaxSide || b.Dy() > MaxSide {
		// A GIF's first frame may differ from its declared screen.
		return Processed{}, damaged(what, errors.New("its first frame is empty or outside the picture"))
	}
	sum := sha256.Sum256(data)
	p := Processed{Format: format, Width: b.Dx(), Height: b.Dy(), SHA256: hex.EncodeToString(sum[:]),
		Bytes: int64(len(data)), ContentType: "image/jpeg"}
	if swapsSides(o) {
		p.Width, p.Height = p.Height, p.Width
	}
	if p.Width < MinWidth || p.Height < MinHeight {
		return Processed{}, tooSmall(p.Width, p.Height)
	}
	if !opaque(src) {
		p.ContentType = "image/png"
	}
	if p.Variants, err = variants(src, p.Width, p.Height, o, p.ContentType); err != nil {
		return Processed{}, err
	}
	return p, nil
}

// checkSize refuses pictures too large to decode safely, or too small
// for a lead photo, from the sizes their headers declare.
func checkSize(w, h, o int) error {
	if w <= 0 || h <= 0 {
		return refuse(ErrDamaged, "This image declares no size (%d × %d pixels); the file is damaged. Export it again and upload the new file.", w, h)
	}
	if w > MaxSide || h > MaxSide || int64(w)*int64(h) > MaxPixels {
		return refuse(ErrDimensions, "This image is %d × %d pixels (%.1f megapixels), more than the site takes: at most %d pixels a side and %d megapixels. Resize it (a lead photo needs no more than 2,400 pixels across) and upload it again.",
			w, h, float64(w)*float64(h)/1e6, MaxSide, MaxPixels/1_000_000)
	}
	if swapsSides(o) {
		w, h = h, w
	}
	if w < MinWidth || h < MinHeight {
		return tooSmall(w, h)
	}
	return nil
}

func tooSmall(w, h int) error {
	return refuse(ErrDimensions, "This image is only %d × %d pixels, too small for a lead photo, which needs at least %d pixels across and %d down (ideally 1,600 across or more). Upload the photo at its full size.",
		w, h, MinWidth, MinHeight)
}

// imageLike are the kinds of file that are pictures in a format the site
// does not publish: the editor can export them.
var imageLike = []string{"TIFF", "BMP", "Photoshop", "HEIC", "AVIF", "SVG"}

func notImage(what string) error {
	if what == "" {
		return refuse(ErrNotImage, "This file is not an image the site can read. Choose a JPEG, PNG, GIF or WebP image.")
	}
	for _, kind := range imageLike {
		if strings.Contains(what, kind) {
			return refuse(ErrNotImage, "This file is %s, which the site does not publish. Export or save it as JPEG (or PNG, GIF or WebP) and upload that file.", what)
		}
	}
	return refuse(ErrNotImage, "This file is %s, not a photo. Choose a JPEG, PNG, GIF or WebP image.", what)
}

func damaged(what string, err error) error {
	msg := strings.TrimPrefix(err.Error(), "unexpected ")
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		msg = "the file ends too early"
	}
	return refuse(ErrDamaged, "This file starts like %s but could not be read (%s): it is damaged or did not finish uploading. Export it again and upload the new file.", what, msg)
}

func decodeConfig(format string, data []byte) (image.Config, error) {
	r := bytes.NewReader(data)
	switch format {
	case FormatJPEG:
		return jpeg.DecodeConfig(r)
	case FormatPNG:
		return png.DecodeConfig(r)
	case FormatGIF:
		return gif.DecodeConfig(r)
	case FormatWebP:
		return webp.DecodeConfig(r)
	}
	return image.Config{}, fmt.Errorf("unknown format %q", format)
}

// decode reads the picture; of an animated GIF, its first frame.
func decode(format string, data []byte) (image.Image, error) {
	r := bytes.NewReader(data)
	switch format {
	case FormatJPEG:
		return jpeg.Decode(r)
	case FormatPNG:
		return png.Decode(r)
	case FormatGIF:
		return gif.Decode(r)
	case FormatWebP:
		return webp.Decode(r)
	}
	return nil, fmt.Errorf("unknown format %q", format)
}

// opaque reports whether every pixel of img is fully opaque. A PNG or
// GIF whose alpha channel or transparent palette entry is never used is.
func opaque(img image.Image) bool {
	if o, ok := img.(interface{ Opaque() bool }); ok {
		return o.Opaque()
	}
	return false
}
