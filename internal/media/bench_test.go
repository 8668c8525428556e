package media

import (
	"bytes"
	"image"
	"image/jpeg"
	"math"
	"testing"

	"golang.org/x/image/draw"
)

// BenchmarkProcess processes a 12-megapixel photo (4000 × 3000), as a
// phone takes them, with each filter the variants could be made with.
// BenchmarkDecodeEncode is the reference on the same machine: decoding
// that JPEG and encoding it once at full size, the least any
// re-encoding costs.
func BenchmarkProcess(b *testing.B) {
	data := encodeJPEG(b, photo(4000, 3000, 12))
	for _, tc := range []struct {
		name   string
		filter draw.Interpolator
	}{
		{"CatmullRom", draw.CatmullRom},
		{"ApproxBiLinear", draw.ApproxBiLinear},
	} {
		b.Run(tc.name, func(b *testing.B) {
			defer func(old draw.Interpolator) { scaler = old }(scaler)
			scaler = tc.filter
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := Process(data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkDecodeEncode(b *testing.B) {
	data := encodeJPEG(b, photo(4000, 3000, 12))
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		img, err := jpeg.Decode(bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: JPEGQuality}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestScalerAvoidsMoire measures why variants are made with Catmull-Rom
// rather than the approximate bilinear filter, which costs about half:
// shrinking one-pixel stripes (a shirt, a fence, a building's windows)
// from 4000 to 2400 pixels must give an even grey, not new stripes.
func TestScalerAvoidsMoire(t *testing.T) {
	src := image.NewRGBA(image.Rect(0, 0, 4000, 50))
	for i := range src.Pix {
		if (i/4)%2 == 0 && i%4 != 3 {
			src.Pix[i] = 0xff
		} else if i%4 == 3 {
			src.Pix[i] = 0xff
		}
	}
	spread := func(f draw.Interpolator) float64 {
		dst := image.NewRGBA(image.Rect(0, 0, 2400, 30))
		f.Scale(dst, dst.Rect, src, src.Rect, draw.Src, nil)
		var sum, sq float64
		row := dst.Pix[15*dst.Stride : 15*dst.Stride+dst.Stride]
		for x := 0; x < len(row); x += 4 {
			v := float64(row[x])
			sum += v
			sq += v * v
		}
		n := float64(len(row) / 4)
		return math.Sqrt(sq/n - (sum/n)*(sum/n))
	}
	cr, bl := spread(draw.CatmullRom), spread(draw.ApproxBiLinear)
	t.Logf("standard deviation of the grey: Catmull-Rom %.1f, approximate bilinear %.1f (of 255)", cr, bl)
	if cr > 20 || cr >= bl {
		t.Errorf("Catmull-Rom leaves stripes of deviation %.1f (bilinear %.1f)", cr, bl)
	}
}
