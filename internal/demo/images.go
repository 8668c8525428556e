package demo

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"image"
	"image/color"
	"image/png"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"
)

const (
	imageWidth  = 1200
	imageHeight = 675
)

// categoryHues are the base colours of each section's pictures, so a
// reader can tell a sports photo from a politics one at a glance.
var categoryHues = map[string]color.RGBA{
	"World":      {36, 92, 140, 255},
	"Politics":   {128, 40, 52, 255},
	"Business":   {32, 110, 90, 255},
	"Technology": {70, 60, 150, 255},
	"Science":    {20, 120, 140, 255},
	"Health":     {160, 70, 90, 255},
	"Sports":     {40, 130, 60, 255},
	"Culture":    {150, 100, 30, 255},
}

// imageBytes returns an article's lead picture as PNG, rendering it on
// first use. Pictures are flat shapes on a banded sky drawn into a small
// palette, which keeps both drawing and encoding cheap and the files small.
func (w *World) imageBytes(i int) ([]byte, error) {
	slot := &w.images[i]
	slot.once.Do(func() {
		slot.png, slot.err = renderImage(w.seed, &w.articles[i])
	})
	return slot.png, slot.err
}

// prerender renders the given articles' images on every core, so a feed
// that must state each image's length is not held up one picture at a time.
func (w *World) prerender(idx []int) error {
	work := make(chan int)
	errs := make(chan error, len(idx))
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range work {
				if _, err := w.imageBytes(i); err != nil {
					errs <- err
				}
			}
		})
	}
	for _, i := range idx {
		work <- i
	}
	close(work)
	wg.Wait()
	close(errs)
	return <-errs
}

func (w *World) imageSize(a *Article) (int, error) {
	b, err := w.imageBytes(w.byImage[a.ID+".png"])
	return len(b), err
}

func renderImage(seed int64, a *Article) ([]byte, error) {
	h := fnv.New64a()
	h.Write([]byte(a.ID))
	r := rand.New(rand.NewPCG(uint64(seed), h.Sum64()))
	base, ok := categoryHues[a.Category]
	if !ok {
		base = color.RGBA{90, 90, 90, 255}
	}
	pal := palette(base)
	img := image.NewPaletted(image.Rect(0, 0, imageWidth, imageHeight), pal)
	drawSky(img, r)
	drawSun(img, r)
	drawSkyline(img, r)
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("demo: encode image %s: %w", a.ID, err)
	}
	return buf.Bytes(), nil
}

// palette: indexes 0-7 shade the base colour from light to dark, 8-11 are
// a warm accent, 12-15 near-black silhouettes. It is padded past 16
// entries because the PNG encoder copies 8-bit paletted rows whole but
// packs 4-bit ones pixel by pixel.
func palette(base color.RGBA) color.Palette {
	pal := make(color.Palette, 17)
	pal[16] = color.RGBA{255, 255, 255, 255}
	for i := range 8 {
		pal[i] = mix(base, color.RGBA{245, 240, 230, 255}, 0.85-float64(i)*0.11)
	}
	accent := color.RGBA{250, 190, 90, 255}
	for i := range 4 {
		pal[8+i] = mix(accent, base, float64(i)*0.2)
	}
	for i := range 4 {
		pal[12+i] = mix(color.RGBA{20, 22, 30, 255}, base, float64(i)*0.12)
	}
	return pal
}

func mix(a, b color.RGBA, t float64) color.RGBA {
	f := func(x, y uint8) uint8 { return uint8(float64(x)*(1-t) + float64(y)*t) }
	return color.RGBA{f(a.R, b.R), f(a.G, b.G), f(a.B, b.B), 255}
}

// Drawing works in horizontal runs filled with fill, never pixel by
// pixel, so a picture costs a few thousand copies rather than a million
// stores (which matters most under the race detector).

// fill sets every byte of run to v.
func fill(run []byte, v uint8) {
	if len(run) == 0 {
		return
	}
	run[0] = v
	for n := 1; n < len(run); n *= 2 {
		copy(run[n:], run[:n])
	}
}

// drawSky fills eight bands of shade, tilted by a random slope.
func drawSky(img *image.Paletted, r *rand.Rand) {
	slope := r.Float64()*0.4 - 0.2
	const band = imageHeight / 8
	for y := range imageHeight {
		row := img.Pix[y*img.Stride : y*img.Stride+imageWidth]
		// Shade s covers the x where y + slope*x falls in band s.
		for s := range 8 {
			lo, hi := bandSpan(y, slope, float64(s*band), float64((s+1)*band), s == 0, s == 7)
			if lo < hi {
				fill(row[lo:hi], uint8(s))
			}
		}
	}
}

// bandSpan returns the x range [lo, hi) of a row whose tilted height
// y + slope*x lies in [from, to); the first and last bands are open-ended.
func bandSpan(y int, slope, from, to float64, first, last bool) (int, int) {
	if slope == 0 {
		v := float64(y)
		if (first || v >= from) && (last || v < to) {
			return 0, imageWidth
		}
		return 0, 0
	}
	// x at which the tilted height crosses a boundary.
	cross := func(h float64) float64 { return (h - float64(y)) / slope }
	a, b := math.Inf(-1), math.Inf(1)
	if !first {
		if slope > 0 {
			a = cross(from)
		} else {
			b = cross(from)
		}
	}
	if !last {
		if slope > 0 {
			b = math.Min(b, cross(to))
		} else {
			a = math.Max(a, cross(to))
		}
	}
	lo := int(math.Ceil(math.Max(a, 0)))
	hi := int(math.Ceil(math.Min(b, imageWidth)))
	return min(lo, imageWidth), max(0, min(hi, imageWidth))
}

// drawSun draws one large disc in the accent colours.
func drawSun(img *image.Paletted, r *rand.Rand) {
	cx, cy := 150+r.IntN(imageWidth-300), 80+r.IntN(220)
	rad := 50 + r.IntN(90)
	idx := uint8(8 + r.IntN(3))
	for y := max(0, cy-rad); y < min(imageHeight, cy+rad); y++ {
		dy := y - cy
		dx := int(math.Sqrt(float64(rad*rad - dy*dy)))
		lo, hi := max(0, cx-dx), min(imageWidth, cx+dx+1)
		if lo < hi {
			fill(img.Pix[y*img.Stride+lo:y*img.Stride+hi], idx)
		}
	}
}

// drawSkyline draws blocks of different heights along the bottom edge.
func drawSkyline(img *image.Paletted, r *rand.Rand) {
	for x := 0; x < imageWidth; {
		wide := 40 + r.IntN(120)
		top := imageHeight - 80 - r.IntN(300)
		idx := uint8(12 + r.IntN(4))
		end := min(imageWidth, x+wide)
		for y := top; y < imageHeight; y++ {
			fill(img.Pix[y*img.Stride+x:y*img.Stride+end], idx)
		}
		x += wide + r.IntN(12)
	}
}
