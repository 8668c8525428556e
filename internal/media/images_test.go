package media

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/color/palette"
	"image/gif"
	"image/jpeg"
	"image/png"
	"math/rand/v2"
	"testing"
)

// The test images are made here, by the standard library's encoders and
// by hand where it has none (WebP, EXIF blocks, hostile headers).

// photo is a w × h picture with gradients and grain, which encodes to
// a JPEG of realistic size (a flat colour would compress to nothing).
func photo(w, h int, seed uint64) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	rng := rand.New(rand.NewPCG(seed, 7))
	for y := range h {
		for x := range w {
			n := uint8(rng.IntN(24))
			i := img.PixOffset(x, y)
			img.Pix[i] = uint8(x*200/w) + n
			img.Pix[i+1] = uint8(y*200/h) + n
			img.Pix[i+2] = uint8((x+y)*100/(w+h)) + 60 + n
			img.Pix[i+3] = 0xff
		}
	}
	return img
}

// fill paints r of img with c.
func fill(img *image.RGBA, r image.Rectangle, c color.RGBA) {
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			img.SetRGBA(x, y, c)
		}
	}
}

func encodeJPEG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func encodePNG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// twoFrameGIF is an animation whose first frame is red and second blue.
func twoFrameGIF(t testing.TB, w, h int) []byte {
	t.Helper()
	frame := func(c color.Color) *image.Paletted {
		p := image.NewPaletted(image.Rect(0, 0, w, h), palette.Plan9)
		idx := uint8(p.Palette.Index(c))
		for i := range p.Pix {
			p.Pix[i] = idx
		}
		return p
	}
	var buf bytes.Buffer
	anim := &gif.GIF{Image: []*image.Paletted{frame(color.RGBA{255, 0, 0, 255}), frame(color.RGBA{0, 0, 255, 255})}, Delay: []int{10, 10}}
	if err := gif.EncodeAll(&buf, anim); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// segment is a JPEG marker segment: FF, marker, a two-byte length, body.
func segment(marker byte, body []byte) []byte {
	out := []byte{0xff, marker, byte((len(body) + 2) >> 8), byte(len(body) + 2)}
	return append(out, body...)
}

// withSegments inserts segments right after a JPEG's SOI marker, where
// cameras put their metadata.
func withSegments(jpg []byte, segs ...[]byte) []byte {
	out := append([]byte{}, jpg[:2]...)
	for _, s := range segs {
		out = append(out, s...)
	}
	return append(out, jpg[2:]...)
}

// exifBlock builds the body of an APP1 EXIF segment as a phone writes
// it: IFD0 with the camera's make, the orientation and a pointer to a
// GPS IFD holding the latitude. order picks the byte order.
func exifBlock(order binary.AppendByteOrder, orientation uint16) []byte {
	var tiff []byte
	if order.String() == binary.LittleEndian.String() {
		tiff = []byte("II*\x00")
	} else {
		tiff = []byte("MM\x00*")
	}
	u16 := func(v uint16) []byte { return order.AppendUint16(nil, v) }
	u32 := func(v uint32) []byte { return order.AppendUint32(nil, v) }
	entry := func(tag, typ uint16, count uint32, value []byte) []byte {
		e := append(append(u16(tag), u16(typ)...), u32(count)...)
		return append(e, append(value, make([]byte, 4-len(value))...)...)
	}
	const ifd0 = 8
	const ifd0Size = 2 + 3*12 + 4
	makeAt := uint32(ifd0 + ifd0Size)
	makeStr := []byte("GPS Test Phone\x00")
	gpsAt := makeAt + uint32(len(makeStr))
	const gpsSize = 2 + 2*12 + 4
	latAt := gpsAt + gpsSize
	tiff = append(tiff, u32(ifd0)...)
	tiff = append(tiff, u16(3)...)
	tiff = append(tiff, entry(0x010f, 2, uint32(len(makeStr)), u32(makeAt))...) // Make
	tiff = append(tiff, entry(0x0112, 3, 1, u16(orientation))...)               // Orientation
	tiff = append(tiff, entry(0x8825, 4, 1, u32(gpsAt))...)                     // GPSInfo
	tiff = append(tiff, u32(0)...)
	tiff = append(tiff, makeStr...)
	tiff = append(tiff, u16(2)...)
	tiff = append(tiff, entry(0x0001, 2, 2, []byte("N\x00"))...) // GPSLatitudeRef
	tiff = append(tiff, entry(0x0002, 5, 3, u32(latAt))...)      // GPSLatitude
	tiff = append(tiff, u32(0)...)
	for _, r := range [][2]uint32{{59, 1}, {54, 1}, {3012, 100}} {
		tiff = append(append(tiff, u32(r[0])...), u32(r[1])...)
	}
	return append([]byte("Exif\x00\x00"), tiff...)
}

// pngHeader is the start of a PNG declaring a w × h picture, with a
// correct checksum and no pixel data: what a decompression bomb's first
// bytes look like.
func pngHeader(w, h uint32) []byte {
	ihdr := binary.BigEndian.AppendUint32([]byte("IHDR"), w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, 8, 6, 0, 0, 0) // 8-bit RGBA
	out := []byte("\x89PNG\r\n\x1a\n")
	out = binary.BigEndian.AppendUint32(out, 13)
	out = append(out, ihdr...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(ihdr))
}

// withJPEGSize rewrites the size a JPEG's SOF0 frame header declares.
func withJPEGSize(t testing.TB, jpg []byte, w, h uint16) []byte {
	t.Helper()
	out := append([]byte{}, jpg...)
	i := bytes.Index(out, []byte{0xff, 0xc0})
	if i < 0 {
		t.Fatal("no SOF0 marker")
	}
	binary.BigEndian.PutUint16(out[i+5:], h)
	binary.BigEndian.PutUint16(out[i+7:], w)
	return out
}

// bitWriter writes the least significant bit first, as VP8L reads.
type bitWriter struct {
	buf  []byte
	nbit uint
}

func (b *bitWriter) write(v uint32, n uint) {
	for i := range n {
		if b.nbit%8 == 0 {
			b.buf = append(b.buf, 0)
		}
		if v>>i&1 == 1 {
			b.buf[len(b.buf)-1] |= 1 << (b.nbit % 8)
		}
		b.nbit++
	}
}

// solidWebP is a lossless WebP of one colour, written by hand (Go has
// no WebP encoder): a VP8L stream without transforms whose five prefix
// codes each hold a single symbol, so every pixel takes no bits.
func solidWebP(w, h int, c color.NRGBA) []byte {
	var bw bitWriter
	bw.write(0x2f, 8)
	bw.write(uint32(w-1), 14)
	bw.write(uint32(h-1), 14)
	alpha := uint32(0)
	if c.A != 0xff {
		alpha = 1
	}
	bw.write(alpha, 1)
	bw.write(0, 3) // version
	bw.write(0, 1) // no transform
	bw.write(0, 1) // no colour cache
	bw.write(0, 1) // no meta prefix codes
	for _, sym := range []uint8{c.G, c.R, c.B, c.A, 0} {
		bw.write(1, 1) // simple code
		bw.write(0, 1) // one symbol
		bw.write(1, 1) // of eight bits
		bw.write(uint32(sym), 8)
	}
	data := bw.buf
	if len(data)%2 == 1 {
		data = append(data, 0)
	}
	chunk := binary.LittleEndian.AppendUint32([]byte("VP8L"), uint32(len(bw.buf)))
	chunk = append(chunk, data...)
	out := binary.LittleEndian.AppendUint32([]byte("RIFF"), uint32(4+len(chunk)))
	return append(append(out, "WEBP"...), chunk...)
}
