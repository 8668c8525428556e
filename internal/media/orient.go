package media

import (
	"bytes"
	"encoding/binary"
	"image"
)

// Orientation returns the EXIF orientation of a JPEG file: 1 (upright)
// to 8, as cameras record how they were held instead of turning the
// pixels. It is 1 when data is not a JPEG, has no EXIF block, or the
// block cannot be read.
//
// Only this one tag is read, from the first IFD of the first EXIF
// segment before the image data; every read is checked against the
// segment's bounds, so a hostile file can only make it return 1.
func Orientation(data []byte) int {
	if len(data) < 2 || data[0] != 0xff || data[1] != 0xd8 {
		return 1
	}
	i := 2
	for i+4 <= len(data) {
		if data[i] != 0xff {
			return 1
		}
		marker := data[i+1]
		switch {
		case marker == 0xff: // fill byte before a marker
			i++
			continue
		case marker == 0x01 || marker >= 0xd0 && marker <= 0xd8: // markers without a length
			i += 2
			continue
		case marker == 0xda || marker == 0xd9: // image data or the end: metadata comes before
			return 1
		}
		n := int(data[i+2])<<8 | int(data[i+3])
		if n < 2 || i+2+n > len(data) {
			return 1
		}
		seg := data[i+4 : i+2+n]
		if marker == 0xe1 && bytes.HasPrefix(seg, []byte("Exif\x00\x00")) {
			if o, ok := exifOrientation(seg[6:]); ok {
				return o
			}
			return 1
		}
		i += 2 + n
	}
	return 1
}

// exifOrientation reads tag 0x0112 from the first IFD of a TIFF
// structure (an EXIF block after its "Exif\0\0" header).
func exifOrientation(tiff []byte) (int, bool) {
	if len(tiff) < 8 {
		return 0, false
	}
	var order binary.ByteOrder
	switch string(tiff[:4]) {
	case "II*\x00":
		order = binary.LittleEndian
	case "MM\x00*":
		order = binary.BigEndian
	default:
		return 0, false
	}
	size := uint64(len(tiff))
	off := uint64(order.Uint32(tiff[4:8]))
	if off < 8 || off+2 > size {
		return 0, false
	}
	entries := uint64(order.Uint16(tiff[off:]))
	for k := range entries {
		e := off + 2 + 12*k
		if e+12 > size {
			return 0, false
		}
		if order.Uint16(tiff[e:]) != 0x0112 {
			continue
		}
		// A SHORT (type 3) with one value, held in the entry itself.
		if order.Uint16(tiff[e+2:]) != 3 || order.Uint32(tiff[e+4:]) < 1 {
			return 0, false
		}
		v := int(order.Uint16(tiff[e+8:]))
		if v < 1 || v > 8 {
			return 0, false
		}
		return v, true
	}
	return 0, false
}

// swapsSides reports whether orientation o turns the picture a quarter
// turn, so its upright width is the stored height.
func swapsSides(o int) bool { return o >= 5 && o <= 8 }

// orient returns src turned and flipped as EXIF orientation o says to
// show it upright. It runs on the scaled variants, not the full upload,
// so a phone photo costs a few small copies rather than one of 12
// megapixels.
func orient(src *image.RGBA, o int) *image.RGBA {
	if o <= 1 || o > 8 {
		return src
	}
	w, h := src.Rect.Dx(), src.Rect.Dy()
	dw, dh := w, h
	if swapsSides(o) {
		dw, dh = h, w
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := range dh {
		row := dst.Pix[y*dst.Stride : y*dst.Stride+dw*4]
		for x := range dw {
			var sx, sy int
			switch o {
			case 2: // mirrored
				sx, sy = w-1-x, y
			case 3: // upside down
				sx, sy = w-1-x, h-1-y
			case 4: // mirrored upside down
				sx, sy = x, h-1-y
			case 5: // mirrored, a quarter turn anticlockwise
				sx, sy = y, x
			case 6: // a quarter turn clockwise
				sx, sy = y, h-1-x
			case 7: // mirrored, a quarter turn clockwise
				sx, sy = w-1-y, h-1-x
			case 8: // a quarter turn anticlockwise
				sx, sy = w-1-y, x
			}
			si := sy*src.Stride + sx*4
			copy(row[x*4:x*4+4], src.Pix[si:si+4])
		}
	}
	return dst
}
