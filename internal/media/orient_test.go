package media

import (
	"encoding/binary"
	"image"
	"image/color"
	"testing"
)

// TestOrient checks each EXIF orientation against the standard's own
// description of where the stored picture's corners belong.
func TestOrient(t *testing.T) {
	tl, tr, bl := color.RGBA{255, 0, 0, 255}, color.RGBA{0, 255, 0, 255}, color.RGBA{0, 0, 255, 255}
	src := image.NewRGBA(image.Rect(0, 0, 5, 3))
	src.SetRGBA(0, 0, tl)
	src.SetRGBA(4, 0, tr)
	src.SetRGBA(0, 2, bl)
	type corner int
	const (
		topLeft corner = iota
		topRight
		bottomLeft
		bottomRight
	)
	for o, want := range map[int][3]corner{ // where the stored top left, top right and bottom left go
		1: {topLeft, topRight, bottomLeft},
		2: {topRight, topLeft, bottomRight},
		3: {bottomRight, bottomLeft, topRight},
		4: {bottomLeft, bottomRight, topLeft},
		5: {topLeft, bottomLeft, topRight},
		6: {topRight, bottomRight, topLeft},
		7: {bottomRight, topRight, bottomLeft},
		8: {bottomLeft, topLeft, bottomRight},
	} {
		got := orient(src, o)
		w, h := 5, 3
		if swapsSides(o) {
			w, h = 3, 5
		}
		if got.Rect != image.Rect(0, 0, w, h) {
			t.Fatalf("orientation %d: size %v, want %d × %d", o, got.Rect, w, h)
		}
		at := map[corner]image.Point{topLeft: {0, 0}, topRight: {w - 1, 0}, bottomLeft: {0, h - 1}, bottomRight: {w - 1, h - 1}}
		for i, c := range []color.RGBA{tl, tr, bl} {
			if p := at[want[i]]; got.RGBAAt(p.X, p.Y) != c {
				t.Errorf("orientation %d: %v is %v, want %v", o, p, got.RGBAAt(p.X, p.Y), c)
			}
		}
	}
}

func TestOrientation(t *testing.T) {
	jpg := encodeJPEG(t, photo(64, 48, 13))
	exif := func(order binary.AppendByteOrder, o uint16) []byte {
		return withSegments(jpg, segment(0xe1, exifBlock(order, o)))
	}
	shortBlock := exifBlock(binary.BigEndian, 6)[:20]
	for _, tc := range []struct {
		name string
		data []byte
		want int
	}{
		{"no EXIF", jpg, 1},
		{"big-endian 6", exif(binary.BigEndian, 6), 6},
		{"little-endian 8", exif(binary.LittleEndian, 8), 8},
		{"3", exif(binary.BigEndian, 3), 3},
		{"out of range 9", exif(binary.BigEndian, 9), 1},
		{"zero", exif(binary.LittleEndian, 0), 1},
		{"cut block", withSegments(jpg, segment(0xe1, shortBlock)), 1},
		{"XMP before EXIF", withSegments(jpg, segment(0xe1, []byte("http://ns.adobe.com/xap/1.0/\x00")), segment(0xe1, exifBlock(binary.BigEndian, 5))), 5},
		{"segment longer than the file", append([]byte{0xff, 0xd8, 0xff, 0xe1, 0xff, 0xff}, "Exif\x00\x00MM"...), 1},
		{"not a JPEG", encodePNG(t, photo(8, 8, 1)), 1},
		{"empty", nil, 1},
	} {
		if got := Orientation(tc.data); got != tc.want {
			t.Errorf("%s: Orientation = %d, want %d", tc.name, got, tc.want)
		}
	}
}

// FuzzOrientation: whatever the EXIF block holds, the reader returns an
// orientation from 1 to 8 and never reads out of bounds.
func FuzzOrientation(f *testing.F) {
	f.Add(exifBlock(binary.BigEndian, 6))
	f.Add(exifBlock(binary.LittleEndian, 8))
	f.Add([]byte("Exif\x00\x00II*\x00\xff\xff\xff\xff"))
	f.Fuzz(func(t *testing.T, block []byte) {
		if len(block) > 0xfff0 {
			return
		}
		data := withSegments([]byte{0xff, 0xd8, 0xff, 0xd9}, segment(0xe1, block))
		if o := Orientation(data); o < 1 || o > 8 {
			t.Fatalf("Orientation = %d", o)
		}
		if o := Orientation(block); o < 1 || o > 8 {
			t.Fatalf("Orientation of the raw block = %d", o)
		}
	})
}
