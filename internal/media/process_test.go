package media

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/internal/model"
)

// decodeVariant decodes a variant as the type it claims, failing the
// test when it is anything else or its size differs from its record.
func decodeVariant(t *testing.T, contentType string, width, height int, data []byte) image.Image {
	t.Helper()
	var img image.Image
	var err error
	switch contentType {
	case "image/jpeg":
		img, err = jpeg.Decode(bytes.NewReader(data))
	case "image/png":
		img, err = png.Decode(bytes.NewReader(data))
	default:
		t.Fatalf("content type %q", contentType)
	}
	if err != nil {
		t.Fatalf("variant %d does not decode as %s: %v", width, contentType, err)
	}
	if b := img.Bounds(); b.Dx() != width || b.Dy() != height {
		t.Fatalf("variant recorded %d × %d decodes as %d × %d", width, height, b.Dx(), b.Dy())
	}
	return img
}

func TestProcessPhoto(t *testing.T) {
	data := encodeJPEG(t, photo(2500, 1600, 1))
	p, err := Process(data)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	if p.Format != FormatJPEG || p.Width != 2500 || p.Height != 1600 || p.ContentType != "image/jpeg" ||
		p.SHA256 != hex.EncodeToString(sum[:]) || p.Bytes != int64(len(data)) {
		t.Fatalf("processed = %+v", p)
	}
	wantW := []int{320, 640, 1024, 1600, 2400}
	wantH := []int{205, 410, 655, 1024, 1536}
	if len(p.Variants) != len(wantW) {
		t.Fatalf("%d variants, want %d", len(p.Variants), len(wantW))
	}
	for i, v := range p.Variants {
		if v.Width != wantW[i] || v.Height != wantH[i] || v.Size != len(v.Data) {
			t.Errorf("variant %d: %d × %d, %d bytes recorded, %d held", i, v.Width, v.Height, v.Size, len(v.Data))
		}
		decodeVariant(t, p.ContentType, v.Width, v.Height, v.Data)
	}
}

func TestProcessNeverEnlarges(t *testing.T) {
	for _, tc := range []struct {
		width int
		want  []int
	}{
		{200, []int{200}},
		{320, []int{320}},
		{321, []int{320, 321}},
		{1000, []int{320, 640, 1000}},
		{2400, []int{320, 640, 1024, 1600, 2400}},
		{2401, []int{320, 640, 1024, 1600, 2400}},
		{9000, []int{320, 640, 1024, 1600, 2400}},
	} {
		if got := VariantWidths(tc.width); !slices.Equal(got, tc.want) {
			t.Errorf("VariantWidths(%d) = %v, want %v", tc.width, got, tc.want)
		}
	}
	p, err := Process(encodePNG(t, photo(700, 300, 2)))
	if err != nil {
		t.Fatal(err)
	}
	var widths []int
	for _, v := range p.Variants {
		widths = append(widths, v.Width)
	}
	if !slices.Equal(widths, []int{320, 640, 700}) || p.Variants[2].Height != 300 {
		t.Errorf("a 700 × 300 picture got variants %v (last %d high), want 320, 640 and 700 × 300", widths, p.Variants[2].Height)
	}
}

// TestProcessStripsMetadataAndTurnsUpright uploads what a phone takes:
// a picture stored sideways with an EXIF block (orientation 6, a GPS
// position), an XMP packet, an ICC profile and a comment.
func TestProcessStripsMetadataAndTurnsUpright(t *testing.T) {
	for _, order := range []binary.AppendByteOrder{binary.BigEndian, binary.LittleEndian} {
		t.Run(order.String(), func(t *testing.T) {
			src := photo(800, 600, 3)
			fill(src, image.Rect(0, 0, 200, 150), color.RGBA{230, 20, 20, 255}) // top left, as stored
			data := withSegments(encodeJPEG(t, src),
				segment(0xe1, exifBlock(order, 6)),
				segment(0xe1, []byte("http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta><exif:GPSLatitude>59,54.3N</exif:GPSLatitude></x:xmpmeta>")),
				segment(0xe2, []byte("ICC_PROFILE\x00\x01\x01 fake profile")),
				segment(0xfe, []byte("Exif comment: GPS 59.9N 10.7E")))
			if got := Orientation(data); got != 6 {
				t.Fatalf("Orientation = %d, want 6", got)
			}
			p, err := Process(data)
			if err != nil {
				t.Fatal(err)
			}
			if p.Width != 600 || p.Height != 800 {
				t.Fatalf("upright size %d × %d, want 600 × 800", p.Width, p.Height)
			}
			if len(p.Variants) != 2 || p.Variants[1].Width != 600 || p.Variants[1].Height != 800 {
				t.Fatalf("variants %+v, want 320 and 600 wide, the largest 800 high", sizes(p.Variants))
			}
			for _, v := range p.Variants {
				for _, leak := range []string{"Exif", "GPS", "xmpmeta", "ICC_PROFILE", "Test Phone", "\xff\xe1", "\xff\xe2", "\xff\xfe"} {
					if bytes.Contains(v.Data, []byte(leak)) {
						t.Errorf("variant %d still holds %q", v.Width, leak)
					}
				}
				img := decodeVariant(t, p.ContentType, v.Width, v.Height, v.Data)
				// A quarter turn clockwise takes the stored top left to the
				// top right.
				w := v.Width
				if r, g, _, _ := img.At(w-w/12, w/12).RGBA(); r>>8 < 180 || g>>8 > 80 {
					t.Errorf("variant %d: top right is %v, want the red corner", w, img.At(w-w/12, w/12))
				}
				if r, g, _, _ := img.At(w/12, w/12).RGBA(); r>>8 > 180 && g>>8 < 80 {
					t.Errorf("variant %d: top left is red; the picture was not turned", w)
				}
			}
		})
	}
}

// sizes keeps failure messages short.
func sizes(vs []model.ImageVariant) []string {
	var out []string
	for _, v := range vs {
		out = append(out, fmt.Sprintf("%d×%d", v.Width, v.Height))
	}
	return out
}

func TestProcessKeepsTransparency(t *testing.T) {
	clear := image.NewNRGBA(image.Rect(0, 0, 400, 300))
	for i := 3; i < len(clear.Pix); i += 4 {
		clear.Pix[i-1], clear.Pix[i] = 200, uint8(i/4%256) // a blue with every alpha
	}
	p, err := Process(encodePNG(t, clear))
	if err != nil {
		t.Fatal(err)
	}
	if p.Format != FormatPNG || p.ContentType != "image/png" {
		t.Fatalf("a PNG with transparency became %s from %s", p.ContentType, p.Format)
	}
	for _, v := range p.Variants {
		img := decodeVariant(t, p.ContentType, v.Width, v.Height, v.Data)
		if o, ok := img.(interface{ Opaque() bool }); !ok || o.Opaque() {
			t.Errorf("variant %d lost its transparency", v.Width)
		}
	}
	// A PNG whose alpha channel is never used is a photo: JPEG.
	opaquePNG := image.NewNRGBA(image.Rect(0, 0, 400, 300))
	for i := range opaquePNG.Pix {
		opaquePNG.Pix[i] = 0xff
	}
	if p, err := Process(encodePNG(t, opaquePNG)); err != nil || p.ContentType != "image/jpeg" {
		t.Errorf("opaque RGBA PNG: %s, %v; want image/jpeg", p.ContentType, err)
	}
}

func TestProcessGIFFirstFrame(t *testing.T) {
	p, err := Process(twoFrameGIF(t, 300, 200))
	if err != nil {
		t.Fatal(err)
	}
	if p.Format != FormatGIF || p.ContentType != "image/jpeg" || len(p.Variants) != 1 {
		t.Fatalf("processed = %s from %s with %d variants", p.ContentType, p.Format, len(p.Variants))
	}
	img := decodeVariant(t, p.ContentType, 300, 200, p.Variants[0].Data)
	if r, _, b, _ := img.At(150, 100).RGBA(); r>>8 < 200 || b>>8 > 60 {
		t.Errorf("centre is %v, want the first frame's red", img.At(150, 100))
	}
}

func TestProcessWebP(t *testing.T) {
	p, err := Process(solidWebP(640, 480, color.NRGBA{10, 120, 200, 255}))
	if err != nil {
		t.Fatal(err)
	}
	if p.Format != FormatWebP || p.ContentType != "image/jpeg" || p.Width != 640 || len(p.Variants) != 2 {
		t.Fatalf("processed = %s %d × %d from %s, %d variants", p.ContentType, p.Width, p.Height, p.Format, len(p.Variants))
	}
	img := decodeVariant(t, p.ContentType, 640, 480, p.Variants[1].Data)
	if _, g, b, _ := img.At(300, 200).RGBA(); g>>8 < 100 || g>>8 > 140 || b>>8 < 180 {
		t.Errorf("centre is %v, want the WebP's blue", img.At(300, 200))
	}
	if p, err := Process(solidWebP(640, 480, color.NRGBA{10, 120, 200, 100})); err != nil || p.ContentType != "image/png" {
		t.Errorf("translucent WebP: %s, %v; want image/png", p.ContentType, err)
	}
}

// TestProcessRefuses names what each wrong file is, by its content only.
func TestProcessRefuses(t *testing.T) {
	jpg := encodeJPEG(t, photo(640, 480, 4))
	for _, tc := range []struct {
		name string
		data []byte
		kind error
		says string
	}{
		{"empty", nil, ErrNotImage, "empty"},
		{"PDF", []byte("%PDF-1.7\n1 0 obj << /Type /Catalog >>"), ErrNotImage, "a PDF document, not a photo"},
		{"HTML", []byte("\n<!DOCTYPE html><html><body><img src=x onerror=alert(1)>"), ErrNotImage, "a web page"},
		{"SVG", []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), ErrNotImage, "an SVG drawing"},
		{"text", []byte("Caption: the harbor at dawn. Photo: A. Person"), ErrNotImage, "a text file"},
		{"HEIC", append([]byte("\x00\x00\x00\x18ftypheic"), make([]byte, 40)...), ErrNotImage, "HEIC"},
		{"TIFF", append([]byte("II*\x00"), make([]byte, 40)...), ErrNotImage, "TIFF"},
		{"ZIP", []byte("PK\x03\x04\x14\x00\x00\x00"), ErrNotImage, "ZIP"},
		{"noise", []byte{0x00, 0x13, 0x99, 0xfe, 0x02, 0x80}, ErrNotImage, "not an image"},
		{"truncated JPEG", jpg[:len(jpg)/2], ErrDamaged, "damaged"},
		{"JPEG header only", jpg[:200], ErrDamaged, "damaged"},
		{"truncated PNG", encodePNG(t, photo(400, 300, 5))[:300], ErrDamaged, "damaged"},
		{"tiny", encodeJPEG(t, photo(150, 150, 6)), ErrDimensions, "too small"},
		{"strip", encodePNG(t, photo(1200, 40, 7)), ErrDimensions, "too small"},
		{"too large a file", make([]byte, MaxBytes+1), ErrFileTooLarge, "larger than 25 MB"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Process(tc.data)
			if !errors.Is(err, tc.kind) {
				t.Fatalf("err = %v, want %v", err, tc.kind)
			}
			var me *Error
			if !errors.As(err, &me) || !strings.Contains(err.Error(), tc.says) {
				t.Errorf("message %q does not say %q", err, tc.says)
			}
			if p.SHA256 != "" || p.Variants != nil {
				t.Errorf("a refusal returned %+v", p)
			}
		})
	}
}

// TestDetectIgnoresNames: the type is the content's; a JPEG saved as
// "photo.png" is a JPEG (Process takes no name at all).
func TestDetectByContent(t *testing.T) {
	for _, tc := range []struct {
		data   []byte
		format string
	}{
		{encodeJPEG(t, photo(300, 200, 8)), FormatJPEG},
		{encodePNG(t, photo(300, 200, 8)), FormatPNG},
		{twoFrameGIF(t, 10, 10), FormatGIF},
		{solidWebP(10, 10, color.NRGBA{A: 255}), FormatWebP},
		{[]byte("RIFF\x00\x00\x00\x00WAVEfmt "), ""},
		{[]byte("GIF8"), ""},
	} {
		if got, _ := Detect(tc.data); got != tc.format {
			t.Errorf("Detect(%q...) = %q, want %q", tc.data[:min(8, len(tc.data))], got, tc.format)
		}
	}
}

// TestProcessRefusesBombsBeforeDecoding: a small file declaring a huge
// picture is refused from its header, before memory for its pixels is
// taken.
func TestProcessRefusesBombsBeforeDecoding(t *testing.T) {
	jpg := encodeJPEG(t, photo(320, 240, 9))
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"PNG 30000 × 30000", pngHeader(30000, 30000)},
		{"PNG 8000 × 8000 (64 megapixels)", pngHeader(8000, 8000)},
		{"PNG 20001 × 300", pngHeader(20001, 300)},
		{"JPEG 65535 × 65535", withJPEGSize(t, jpg, 65535, 65535)},
		{"GIF 65535 × 65535", append([]byte("GIF89a\xff\xff\xff\xff\x00\x00\x00"), make([]byte, 20)...)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			_, err := Process(tc.data)
			runtime.ReadMemStats(&after)
			if !errors.Is(err, ErrDimensions) || !strings.Contains(err.Error(), "more than the site takes") {
				t.Fatalf("err = %v, want ErrDimensions", err)
			}
			if got := after.TotalAlloc - before.TotalAlloc; got > 1<<20 {
				t.Errorf("refusing it allocated %d bytes; the header alone should decide", got)
			}
		})
	}
}

func TestProcessNeverPanicsOnCutFiles(t *testing.T) {
	files := [][]byte{
		encodeJPEG(t, photo(300, 200, 10)),
		encodePNG(t, photo(300, 200, 10)),
		twoFrameGIF(t, 300, 200),
		solidWebP(300, 200, color.NRGBA{1, 2, 3, 255}),
		withSegments(encodeJPEG(t, photo(300, 200, 11)), segment(0xe1, exifBlock(binary.BigEndian, 8))),
	}
	for _, f := range files {
		for cut := 0; cut < len(f); cut += max(1, len(f)/97) {
			if _, err := Process(f[:cut]); err == nil && cut < len(f)/2 {
				t.Errorf("%d of %d bytes of a %q file were accepted", cut, len(f), f[:4])
			}
		}
	}
}
