package media

import (
	"bytes"
	"image"
	stddraw "image/draw"
	"image/jpeg"
	"math"
	"testing"

	"golang.org/x/image/draw"
)

// BenchmarkProcess processes a 12-megapixel photo (4000 × 3000), as a
// phone takes them, with the streaming resampler variants are made with
// and, to compare, with golang.org/x/image/draw's filters (which scaled
// them before: their Catmull-Rom takes a float64 buffer of the
// variant's width by the upload's height). BenchmarkDecodeEncode is the
// reference on the same machine: decoding that JPEG and encoding it
// once at full size, the least any re-encoding costs.
func BenchmarkProcess(b *testing.B) {
	data := encodeJPEG(b, photo(4000, 3000, 12))
	for _, tc := range []struct {
		name   string
		scaler func(dst *image.RGBA, src image.Image)
	}{
		{"Streaming", resample},
		{"CatmullRom", drawScaler(draw.CatmullRom)},
		{"ApproxBiLinear", drawScaler(draw.ApproxBiLinear)},
	} {
		b.Run(tc.name, func(b *testing.B) {
			defer func(old func(*image.RGBA, image.Image)) { scaler = old }(scaler)
			scaler = tc.scaler
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := Process(data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// drawScaler scales with one of golang.org/x/image/draw's filters as
// variants did before the streaming resampler: the upload converted to
// RGBA whole first, since those filters convert a YCbCr pixel each time
// they read it, and read each several times.
func drawScaler(f draw.Interpolator) func(dst *image.RGBA, src image.Image) {
	return func(dst *image.RGBA, src image.Image) {
		rgba, ok := src.(*image.RGBA)
		if !ok {
			b := src.Bounds()
			rgba = image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
			stddraw.Draw(rgba, rgba.Rect, src, b.Min, stddraw.Src)
		}
		f.Scale(dst, dst.Rect, rgba, rgba.Rect, draw.Src, nil)
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
